import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Icon } from "@/components/layout/icons";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { DEFAULT_TIME_ZONE } from "@/lib/format";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("settings") };
}

export default async function SettingsPage() {
  const ctx = await requirePageContext(sectionPermission("settings"));
  const t = await getTranslations("settings");
  const sections = [
    { href: "/settings/members", icon: "members", title: t("nav.members"), text: t("sections.members") },
    { href: "/settings/api-keys", icon: "key", title: t("nav.apiKeys"), text: t("sections.apiKeys") },
  ];
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader title={t("org.title")} />
        <CardBody>
          <dl className="divide-y divide-zinc-100 text-sm">
            <div className="grid grid-cols-3 gap-4 py-3 first:pt-0">
              <dt className="text-zinc-500">{t("org.name")}</dt>
              <dd className="col-span-2 font-medium text-zinc-900">{ctx.org.name}</dd>
            </div>
            <div className="grid grid-cols-3 gap-4 py-3">
              <dt className="text-zinc-500">{t("org.slug")}</dt>
              <dd className="col-span-2 font-mono text-zinc-900">{ctx.org.slug}</dd>
            </div>
            <div className="grid grid-cols-3 gap-4 py-3 last:pb-0">
              <dt className="text-zinc-500">{t("org.timeZone")}</dt>
              <dd className="col-span-2">
                <span className="font-mono text-zinc-900">{ctx.org.timeZone || DEFAULT_TIME_ZONE}</span>
                <p className="mt-0.5 text-xs text-zinc-500">{t("org.timeZoneHint")}</p>
              </dd>
            </div>
          </dl>
        </CardBody>
      </Card>
      <div className="space-y-3">
        {sections.map((s) => (
          <Link
            key={s.href}
            href={s.href}
            className="flex items-start gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-xs transition-colors hover:border-rose-200 hover:bg-rose-50/40 focus-visible:outline-2 focus-visible:outline-rose-600"
          >
            <span className="mt-0.5 text-rose-600">
              <Icon name={s.icon} />
            </span>
            <span>
              <span className="block text-sm font-semibold text-zinc-900">{s.title}</span>
              <span className="mt-0.5 block text-sm text-zinc-600">{s.text}</span>
            </span>
          </Link>
        ))}
      </div>
    </div>
  );
}

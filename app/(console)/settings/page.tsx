import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Icon } from "@/components/layout/icons";
import { requirePageContext } from "@/lib/auth/session";
import { isUploadedLogo, timeZoneOptions } from "@/lib/organizations/brand";
import { getOrganizationSettings } from "@/lib/organizations/queries";
import { sectionPermission } from "@/lib/console/sections";
import { DEFAULT_TIME_ZONE } from "@/lib/format";
import { OrganizationSettingsForm } from "./_components/organization-settings-form";
import { RedemptionSettingsForm } from "./_components/redemption-settings-form";
import { AudienceSettingsForm } from "./_components/audience-settings-form";
import { audienceSettings } from "@/lib/sends/rules";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("settings") };
}

export default async function SettingsPage() {
  const ctx = await requirePageContext(sectionPermission("settings"));
  const [t, org] = await Promise.all([getTranslations("settings"), getOrganizationSettings(ctx.orgId)]);
  if (!org) notFound();
  const sections = [
    { href: "/settings/members", icon: "members", title: t("nav.members"), text: t("sections.members") },
    { href: "/settings/api-keys", icon: "key", title: t("nav.apiKeys"), text: t("sections.apiKeys") },
  ];
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader title={t("brand.title")} description={t("brand.description")} />
        <CardBody>
          <OrganizationSettingsForm
            current={{
              name: org.name,
              slug: org.slug,
              timeZone: org.timeZone || DEFAULT_TIME_ZONE,
              brandColor: org.brandColor,
              logoUrl: org.logoUrl,
              logoUploaded: isUploadedLogo(org.logoUrl),
            }}
            timeZones={timeZoneOptions()}
          />
        </CardBody>
      </Card>
      <Card className="lg:col-span-2">
        <CardHeader title={t("counter.title")} description={t("counter.description")} />
        <CardBody>
          <RedemptionSettingsForm reversalWindowMinutes={org.reversalWindowMinutes} />
        </CardBody>
      </Card>
      <Card className="lg:col-span-2">
        <CardHeader title={t("audience.title")} description={t("audience.description")} />
        <CardBody>
          <AudienceSettingsForm current={audienceSettings(org.settings)} />
        </CardBody>
      </Card>
      <div className="space-y-3 lg:col-start-3 lg:row-start-1">
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

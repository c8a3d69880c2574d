import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getRulesForSettings } from "@/lib/anomalies/queries";
import { ANOMALY_RULE_KINDS } from "@/lib/anomalies/rules";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { formatDateTime } from "@/lib/format";
import { AnomalyRulesForm } from "./_components/anomaly-rules-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.nav");
  return { title: t("anomalies") };
}

// Owner only: the organisation's anomaly rules (all on by default) and what each does when it fires.
export default async function AnomalySettingsPage() {
  const ctx = await requirePageContext(sectionPermission("settings"));
  const [t, tAlerts, { rules, lastChange }] = await Promise.all([getTranslations("anomalies"), getTranslations("alerts"), getRulesForSettings(ctx.orgId)]);
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="max-w-3xl">
          <h2 className="text-lg font-semibold text-zinc-900">{t("title")}</h2>
          <p className="mt-1 text-sm text-zinc-600">{t("description")}</p>
          <p className="mt-1 text-xs text-zinc-500">
            {lastChange ? t("lastChange", { name: lastChange.userName ?? "—", at: formatDateTime(lastChange.updatedAt, ctx.org.timeZone) }) : t("defaultsNote")}
          </p>
        </div>
        <Link href="/alerts" className="text-sm font-medium text-rose-700 hover:underline">
          {tAlerts("title")} →
        </Link>
      </div>
      <AnomalyRulesForm rules={ANOMALY_RULE_KINDS.map((k) => rules[k])} />
    </div>
  );
}

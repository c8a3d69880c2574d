import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { ButtonLink } from "@/components/ui/button";
import { Icon } from "@/components/layout/icons";
import { getOverviewCounts } from "@/lib/analytics/queries";
import { can, NAV_ITEMS } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { DASHBOARD_PERMISSION } from "@/lib/console/sections";
import { formatCount, formatMoney } from "@/lib/format";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("dashboard") };
}

const NEXT_STEPS = ["campaigns", "influencers", "stores", "analytics"] as const;

export default async function DashboardPage() {
  const ctx = await requirePageContext(DASHBOARD_PERMISSION);
  const [t, tNav, counts] = await Promise.all([
    getTranslations("dashboard"),
    getTranslations("nav"),
    getOverviewCounts(ctx.orgId),
  ]);
  const steps = NAV_ITEMS.filter((i) => (NEXT_STEPS as readonly string[]).includes(i.key) && can(ctx.role, i.permission));

  return (
    <>
      <PageHeader title={t("title")} description={t("description", { org: ctx.org.name })} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4" data-testid="dashboard-stats">
        <Stat
          label={t("stats.campaigns")}
          value={formatCount(counts.campaigns)}
          note={t("stats.campaignsNote", { running: counts.runningCampaigns })}
        />
        <Stat label={t("stats.activeGroups")} value={formatCount(counts.activeGroups)} />
        <Stat label={t("stats.claims")} value={formatCount(counts.claims)} />
        <Stat
          label={t("stats.redemptions")}
          value={formatCount(counts.redemptions)}
          note={
            counts.storedValueFen > 0
              ? t("stats.storedValueNote", { amount: formatMoney(counts.discountFen), storedValue: formatMoney(counts.storedValueFen) })
              : t("stats.discountNote", { amount: formatMoney(counts.discountFen) })
          }
        />
      </div>

      {counts.campaigns === 0 ? (
        <Card className="mt-6">
          <EmptyState
            icon={<Icon name="campaigns" />}
            title={t("empty.title")}
            description={<p>{t("empty.description")}</p>}
            action={can(ctx.role, "campaign:write") ? <ButtonLink href="/campaigns">{tNav("campaigns")}</ButtonLink> : null}
          />
        </Card>
      ) : null}

      {steps.length ? (
        <Card className="mt-6">
          <CardHeader title={t("next.title")} />
          <div>
            <ul className="divide-y divide-zinc-100">
              {steps.map((s) => (
                <li key={s.key}>
                  <Link
                    href={s.href}
                    className="flex items-center gap-3 px-5 py-3 text-sm text-zinc-700 hover:bg-zinc-50 hover:text-zinc-900 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-rose-600"
                  >
                    <span className="text-zinc-400">
                      <Icon name={s.key} />
                    </span>
                    <span className="flex-1">{t(`next.${s.key as (typeof NEXT_STEPS)[number]}`)}</span>
                    <span aria-hidden="true" className="text-zinc-400">
                      →
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        </Card>
      ) : null}
    </>
  );
}

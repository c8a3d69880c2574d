import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { parseListParams, type RawSearchParams } from "@/components/data-table/params";
import { markAlertsReadAction } from "@/lib/anomalies/actions";
import { listAlerts, unreadAlertCount } from "@/lib/anomalies/queries";
import { alertListParams } from "@/lib/anomalies/schemas";
import { can } from "@/lib/auth/permissions";
import { budgetNoticeText } from "@/components/campaigns/budget-notice";
import { listBudgetNotices, unreadBudgetNoticeCount } from "@/lib/campaigns/queries";
import { formatDateTime } from "@/lib/format";
import { requirePageContext } from "@/lib/auth/session";
import { AlertsTable } from "./_components/alerts-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("alerts");
  return { title: t("title") };
}

// Owners and marketers (who are notified, and may freeze and unfreeze groups) review what the anomaly
// rules raised, unfreeze a group once checked, and mark alerts as handled.
export default async function AlertsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext("group:freeze");
  const params = parseListParams(alertListParams, await searchParams);
  const [t, tBudget, { rows, total }, unreadAlerts, unreadBudgets, budgetNotices] = await Promise.all([
    getTranslations("alerts"),
    getTranslations("notifications.budget"),
    listAlerts(ctx.orgId, ctx.userId, params),
    unreadAlertCount(ctx.orgId, ctx.userId),
    unreadBudgetNoticeCount(ctx.orgId, ctx.userId),
    listBudgetNotices(ctx.orgId, ctx.userId),
  ]);
  const unread = unreadAlerts + unreadBudgets;
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            {can(ctx.role, "settings:manage") ? (
              <Link href="/settings/anomalies" className="text-sm font-medium text-rose-700 hover:underline">
                {t("settingsLink")}
              </Link>
            ) : null}
            {unread > 0 ? (
              <form action={markAlertsReadAction}>
                <Button type="submit" variant="secondary" size="sm" data-testid="alerts-mark-read">
                  {t("markAllRead")}
                </Button>
              </form>
            ) : null}
          </>
        }
      />
      {budgetNotices.length ? (
        <Card className="mb-6" data-testid="budget-notices">
          <h2 className="border-b border-zinc-200 px-5 py-3.5 text-base font-semibold text-zinc-900">{tBudget("title")}</h2>
          <ul className="divide-y divide-zinc-100">
            {budgetNotices.map((n) => (
              <li key={n.id} className="flex flex-wrap items-baseline justify-between gap-2 px-5 py-3 text-sm" data-unread={!n.read || undefined}>
                <Link href={`/campaigns/${n.campaignId}`} className={n.read ? "text-zinc-700 hover:underline" : "font-medium text-zinc-900 hover:underline"} data-testid="budget-notice">
                  {budgetNoticeText(tBudget, n)}
                </Link>
                <span className="text-xs text-zinc-500">{formatDateTime(n.at, ctx.org.timeZone)}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card>
        <AlertsTable rows={rows} total={total} params={params} timeZone={ctx.org.timeZone} />
      </Card>
    </>
  );
}

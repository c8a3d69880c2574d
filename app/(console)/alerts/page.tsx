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
  const [t, { rows, total }, unread] = await Promise.all([
    getTranslations("alerts"),
    listAlerts(ctx.orgId, ctx.userId, params),
    unreadAlertCount(ctx.orgId, ctx.userId),
  ]);
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
      <Card>
        <AlertsTable rows={rows} total={total} params={params} timeZone={ctx.org.timeZone} />
      </Card>
    </>
  );
}

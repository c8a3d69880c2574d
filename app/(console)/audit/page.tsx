import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Icon } from "@/components/layout/icons";
import { listAuditLogs } from "@/lib/audit/queries";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { formatDateTime } from "@/lib/format";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("audit") };
}

export default async function AuditPage() {
  const ctx = await requirePageContext(sectionPermission("audit"));
  const [t, rows] = await Promise.all([getTranslations("audit"), listAuditLogs(ctx.orgId, 100)]);
  // Actions are stored as "campaign.approved"; unknown ones (from newer code) show as stored.
  const actionLabel = (action: string) => (t.has(`actions.${action}`) ? t(`actions.${action}`) : action);
  const entityLabel = (type: string) => (t.has(`entity.${type}`) ? t(`entity.${type}`) : type);

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card>
        {rows.length === 0 ? (
          <EmptyState icon={<Icon name="audit" />} title={t("empty.title")} description={<p>{t("empty.description")}</p>} />
        ) : (
          <Table data-testid="audit-table">
            <THead>
              <tr>
                <TH>{t("columns.when")}</TH>
                <TH>{t("columns.who")}</TH>
                <TH>{t("columns.action")}</TH>
                <TH>{t("columns.object")}</TH>
              </tr>
            </THead>
            <TBody>
              {rows.map((r) => (
                <TR key={r.id}>
                  <TD className="whitespace-nowrap tabular-nums">{formatDateTime(r.createdAt, ctx.org.timeZone)}</TD>
                  <TD className="whitespace-nowrap">
                    {r.userName ? (
                      <span title={r.userEmail ?? undefined}>{r.userName}</span>
                    ) : r.apiKeyName ? (
                      t("apiKey", { name: r.apiKeyName })
                    ) : (
                      <span className="text-zinc-500">{t("system")}</span>
                    )}
                  </TD>
                  <TD>
                    <span className="text-zinc-900">{actionLabel(r.action)}</span>
                    <span className="ml-2 hidden font-mono text-xs text-zinc-400 xl:inline">{r.action}</span>
                  </TD>
                  <TD className="whitespace-nowrap">
                    {entityLabel(r.entityType)}
                    {r.entityId ? (
                      <span className="ml-2 font-mono text-xs text-zinc-500" title={r.entityId}>
                        {r.entityId.slice(0, 8)}
                      </span>
                    ) : null}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Icon } from "@/components/layout/icons";
import { listStores } from "@/lib/stores/queries";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { formatDate } from "@/lib/format";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("stores") };
}

export default async function StoresPage() {
  const ctx = await requirePageContext(sectionPermission("stores"));
  const [t, rows] = await Promise.all([getTranslations("stores"), listStores(ctx.orgId)]);

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card>
        {rows.length === 0 ? (
          <EmptyState icon={<Icon name="stores" />} title={t("empty.title")} description={<p>{t("empty.description")}</p>} />
        ) : (
          <Table data-testid="stores-table">
            <THead>
              <tr>
                <TH>{t("columns.name")}</TH>
                <TH>{t("columns.address")}</TH>
                <TH className="text-right">{t("columns.clerks")}</TH>
                <TH>{t("columns.created")}</TH>
              </tr>
            </THead>
            <TBody>
              {rows.map((s) => (
                <TR key={s.id}>
                  <TD className="font-medium whitespace-nowrap text-zinc-900">{s.name}</TD>
                  <TD>{s.address || "—"}</TD>
                  <TD className="text-right whitespace-nowrap tabular-nums">{t("clerkCount", { count: s.clerkCount })}</TD>
                  <TD className="whitespace-nowrap tabular-nums">{formatDate(s.createdAt, ctx.org.timeZone)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Icon } from "@/components/layout/icons";
import { listInfluencers } from "@/lib/influencers/queries";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("influencers") };
}

export default async function InfluencersPage() {
  const ctx = await requirePageContext(sectionPermission("influencers"));
  const [t, tPlatform, rows] = await Promise.all([
    getTranslations("influencers"),
    getTranslations("platform"),
    listInfluencers(ctx.orgId),
  ]);

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card>
        {rows.length === 0 ? (
          <EmptyState icon={<Icon name="influencers" />} title={t("empty.title")} description={<p>{t("empty.description")}</p>} />
        ) : (
          <Table data-testid="influencers-table">
            <THead>
              <tr>
                <TH>{t("columns.name")}</TH>
                <TH>{t("columns.platform")}</TH>
                <TH>{t("columns.handle")}</TH>
                <TH>{t("columns.account")}</TH>
              </tr>
            </THead>
            <TBody>
              {rows.map((r) => (
                <TR key={r.id}>
                  <TD className="font-medium text-zinc-900">{r.displayName}</TD>
                  <TD className="whitespace-nowrap">{tPlatform(r.platform)}</TD>
                  <TD className="font-mono text-xs">{r.handle || "—"}</TD>
                  <TD>{r.hasAccount ? <Badge tone="green">{t("linked")}</Badge> : <Badge>{t("notLinked")}</Badge>}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}

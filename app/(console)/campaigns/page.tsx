import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Icon } from "@/components/layout/icons";
import { CampaignStatusBadge } from "@/components/campaigns/status-badge";
import { offerText } from "@/components/campaigns/offer";
import { listCampaigns } from "@/lib/campaigns/queries";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { formatDateRange } from "@/lib/format";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("campaigns") };
}

const PAGE_SIZE = 100;

export default async function CampaignsPage() {
  const ctx = await requirePageContext(sectionPermission("campaigns"));
  const [t, tType, tOffer, { items, next }] = await Promise.all([
    getTranslations("campaigns"),
    getTranslations("campaign.type"),
    getTranslations("campaign.offer"),
    listCampaigns(ctx.orgId, { limit: PAGE_SIZE }),
  ]);

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card>
        {items.length === 0 ? (
          <EmptyState icon={<Icon name="campaigns" />} title={t("empty.title")} description={<p>{t("empty.description")}</p>} />
        ) : (
          <Table data-testid="campaigns-table">
            <THead>
              <tr>
                <TH>{t("columns.name")}</TH>
                <TH>{t("columns.type")}</TH>
                <TH>{t("columns.offer")}</TH>
                <TH>{t("columns.status")}</TH>
                <TH>{t("columns.validity")}</TH>
              </tr>
            </THead>
            <TBody>
              {items.map((c) => (
                <TR key={c.id}>
                  <TD className="font-medium text-zinc-900">{c.name}</TD>
                  <TD className="whitespace-nowrap">{tType(c.type)}</TD>
                  <TD className="tabular-nums">{offerText(tOffer, c)}</TD>
                  <TD>
                    <CampaignStatusBadge status={c.status} />
                  </TD>
                  <TD className="whitespace-nowrap tabular-nums">{formatDateRange(c.validFrom, c.validUntil, ctx.org.timeZone)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      {next ? <p className="mt-3 text-sm text-zinc-500">{t("more", { count: PAGE_SIZE })}</p> : null}
    </>
  );
}

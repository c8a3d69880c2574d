import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Icon } from "@/components/layout/icons";
import { offerText } from "@/components/campaigns/offer";
import { listPendingReviews } from "@/lib/campaigns/queries";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { formatDateTime } from "@/lib/format";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("reviews") };
}

export default async function ReviewsPage() {
  const ctx = await requirePageContext(sectionPermission("reviews"));
  const [t, tType, tOffer, pending] = await Promise.all([
    getTranslations("reviews"),
    getTranslations("campaign.type"),
    getTranslations("campaign.offer"),
    listPendingReviews(ctx.orgId),
  ]);

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card>
        {pending.length === 0 ? (
          <EmptyState icon={<Icon name="reviews" />} title={t("empty.title")} description={<p>{t("empty.description")}</p>} />
        ) : (
          <Table data-testid="reviews-table">
            <THead>
              <tr>
                <TH>{t("columns.name")}</TH>
                <TH>{t("columns.type")}</TH>
                <TH>{t("columns.offer")}</TH>
                <TH>{t("columns.submittedBy")}</TH>
                <TH>{t("columns.submittedAt")}</TH>
              </tr>
            </THead>
            <TBody>
              {pending.map(({ campaign: c, submitterName }) => (
                <TR key={c.id}>
                  <TD className="font-medium text-zinc-900">{c.name}</TD>
                  <TD className="whitespace-nowrap">{tType(c.type)}</TD>
                  <TD className="tabular-nums">{offerText(tOffer, c)}</TD>
                  <TD>{submitterName ?? "—"}</TD>
                  <TD className="whitespace-nowrap tabular-nums">
                    {c.submittedAt ? formatDateTime(c.submittedAt, ctx.org.timeZone) : "—"}
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

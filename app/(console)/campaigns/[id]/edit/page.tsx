import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { CampaignForm } from "@/components/campaigns/campaign-form";
import { campaignFormValuesFromCampaign } from "@/lib/campaigns/form";
import { getCampaign, getCouponBrand } from "@/lib/campaigns/queries";
import { requirePageContext } from "@/lib/auth/session";
import { listStores } from "@/lib/stores/queries";
import { listUniqueGroupChoices } from "@/lib/codes/queries";
import { listSegments } from "@/lib/segments/queries";
import { BackLink } from "../../_components/back-link";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("campaigns.edit");
  return { title: t("title") };
}

export default async function EditCampaignPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext("campaign:write");
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const [t, campaign, stores, segments, followUpGroups, brand] = await Promise.all([
    getTranslations("campaigns.edit"),
    getCampaign(ctx.orgId, id.data),
    listStores(ctx.orgId),
    listSegments(ctx.orgId),
    listUniqueGroupChoices(ctx.orgId),
    getCouponBrand(ctx.orgId),
  ]);
  if (!campaign) notFound();
  // A submitted campaign is what the reviewer sees; only drafts change.
  if (campaign.status !== "draft") redirect(`/campaigns/${campaign.id}`);
  const timeZone = ctx.org.timeZone;
  const tDetail = await getTranslations("campaigns.detail");

  return (
    <>
      <BackLink href={`/campaigns/${campaign.id}`} label={campaign.name} />
      <PageHeader title={t("title")} description={t("description")} />
      {(await searchParams).copied === "1" ? (
        <Alert tone="info" className="mb-6" testId="campaign-copied">
          {tDetail("copiedNote")}
        </Alert>
      ) : null}
      {campaign.reviewComment ? (
        <Alert tone="warning" title={t("rejected")} className="mb-6">
          <p className="whitespace-pre-line">{campaign.reviewComment}</p>
        </Alert>
      ) : null}
      <CampaignForm
        mode="edit"
        campaignId={campaign.id}
        initial={campaignFormValuesFromCampaign(campaign, timeZone)}
        stores={stores.map((s) => ({ id: s.id, name: s.name, address: s.address }))}
        segments={segments.map((sg) => ({ id: sg.id, name: sg.name }))}
        followUpGroups={followUpGroups}
        brand={brand ?? { name: ctx.org.name, color: "#e11d48" }}
        timeZone={timeZone}
        cancelHref={`/campaigns/${campaign.id}`}
      />
    </>
  );
}

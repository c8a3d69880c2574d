import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { CampaignForm } from "@/components/campaigns/campaign-form";
import { defaultCampaignFormValues } from "@/lib/campaigns/form";
import { getCouponBrand } from "@/lib/campaigns/queries";
import { requirePageContext } from "@/lib/auth/session";
import { listStores } from "@/lib/stores/queries";
import { listUniqueGroupChoices } from "@/lib/codes/queries";
import { listSegments } from "@/lib/segments/queries";
import { dateInZone } from "@/lib/time";
import { BackLink } from "../_components/back-link";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("campaigns.newPage");
  return { title: t("title") };
}

export default async function NewCampaignPage() {
  const ctx = await requirePageContext("campaign:write");
  const [t, stores, brand, segments, followUpGroups] = await Promise.all([
    getTranslations("campaigns.newPage"),
    listStores(ctx.orgId),
    getCouponBrand(ctx.orgId),
    listSegments(ctx.orgId),
    listUniqueGroupChoices(ctx.orgId),
  ]);
  const timeZone = ctx.org.timeZone;

  return (
    <>
      <BackLink href="/campaigns" />
      <PageHeader title={t("title")} description={t("description")} />
      <CampaignForm
        mode="create"
        initial={defaultCampaignFormValues(dateInZone(new Date(), timeZone))}
        stores={stores.map((s) => ({ id: s.id, name: s.name, address: s.address }))}
        segments={segments.map((sg) => ({ id: sg.id, name: sg.name }))}
        followUpGroups={followUpGroups}
        brand={brand ?? { name: ctx.org.name, color: "#e11d48" }}
        timeZone={timeZone}
        cancelHref="/campaigns"
      />
    </>
  );
}

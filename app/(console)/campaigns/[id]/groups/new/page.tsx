import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/session";
import { getCampaign } from "@/lib/campaigns/queries";
import { IMPORT_MAX_BYTES } from "@/lib/codes/import-csv";
import { MAX_GROUP_QUANTITY } from "@/lib/codes/schemas";
import { INLINE_GROUP_LIMIT } from "@/lib/codes/jobs";
import { listInfluencers } from "@/lib/influencers/queries";
import { NewGroupForm } from "../_components/new-group-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("groups.form");
  return { title: t("title") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function NewGroupPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext("group:write");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const campaign = await getCampaign(ctx.orgId, id);
  if (!campaign) notFound();
  const query = await searchParams;
  const preselect = typeof query.influencer === "string" ? query.influencer : undefined;
  const [t, tPlatform, influencers] = await Promise.all([getTranslations("groups"), getTranslations("platform"), listInfluencers(ctx.orgId)]);

  return (
    <>
      <nav aria-label={t("breadcrumb")} className="mb-2 text-sm">
        <Link href={`/campaigns/${id}/groups`} className="text-zinc-500 hover:text-zinc-900">
          ← {t("backToGroups", { campaign: campaign.name })}
        </Link>
      </nav>
      <PageHeader title={t("form.title")} description={t("form.description", { campaign: campaign.name })} />
      {campaign.status === "ended" ? (
        <Alert tone="warning">{t("errors.campaignEnded")}</Alert>
      ) : (
        <NewGroupForm
          campaignId={id}
          orgId={ctx.orgId}
          influencers={influencers.map((i) => ({ id: i.id, label: `${i.displayName} · ${tPlatform(i.platform)}` }))}
          influencerId={influencers.some((i) => i.id === preselect) ? preselect : undefined}
          limits={{ maxQuantity: MAX_GROUP_QUANTITY, inlineLimit: INLINE_GROUP_LIMIT, importMaxBytes: IMPORT_MAX_BYTES }}
        />
      )}
    </>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ButtonLink } from "@/components/ui/button";
import { Icon } from "@/components/layout/icons";
import { parseListParams, type RawSearchParams } from "@/components/data-table/params";
import { listInfluencersTable } from "@/lib/influencers/queries";
import { influencerListParams } from "@/lib/influencers/schemas";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { InfluencersTable } from "./_components/influencers-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("influencers") };
}

// Anyone who may read influencers sees the list; the "new" button and edit forms need influencer:write.
export default async function InfluencersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext("influencer:read");
  const params = parseListParams(influencerListParams, await searchParams);
  const [t, { rows, total }] = await Promise.all([getTranslations("influencers"), listInfluencersTable(ctx.orgId, params)]);
  const canWrite = can(ctx.role, "influencer:write");
  const newButton = canWrite ? (
    <ButtonLink href="/influencers/new" data-testid="influencer-new">
      <Icon name="plus" className="size-4" />
      {t("new")}
    </ButtonLink>
  ) : null;

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} actions={newButton} />
      <Card>
        <InfluencersTable rows={rows} total={total} params={params} canWrite={canWrite} timeZone={ctx.org.timeZone} />
      </Card>
    </>
  );
}

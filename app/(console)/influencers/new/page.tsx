import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listInfluencerAccounts } from "@/lib/influencers/queries";
import { requirePageContext } from "@/lib/auth/session";
import { BackLink } from "@/components/ui/back-link";
import { InfluencerForm } from "../_components/influencer-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("influencers");
  return { title: t("newTitle") };
}

export default async function NewInfluencerPage() {
  const ctx = await requirePageContext("influencer:write");
  const [t, accounts] = await Promise.all([getTranslations("influencers"), listInfluencerAccounts(ctx.orgId)]);
  return (
    <div className="max-w-3xl">
      <BackLink href="/influencers">{t("backToList")}</BackLink>
      <PageHeader title={t("newTitle")} description={t("newDescription")} />
      <Card>
        <CardBody className="py-5">
          <InfluencerForm accounts={accounts} />
        </CardBody>
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listClerkAccounts } from "@/lib/stores/queries";
import { requirePageContext } from "@/lib/auth/session";
import { BackLink } from "@/components/ui/back-link";
import { StoreForm } from "../_components/store-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("stores");
  return { title: t("newTitle") };
}

export default async function NewStorePage() {
  const ctx = await requirePageContext("store:write");
  const [t, clerks] = await Promise.all([getTranslations("stores"), listClerkAccounts(ctx.orgId)]);
  return (
    <div className="max-w-3xl">
      <BackLink href="/stores">{t("backToList")}</BackLink>
      <PageHeader title={t("newTitle")} description={t("newDescription")} />
      <Card>
        <CardBody className="py-5">
          <StoreForm clerks={clerks} />
        </CardBody>
      </Card>
    </div>
  );
}

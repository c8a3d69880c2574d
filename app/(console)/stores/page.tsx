import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ButtonLink } from "@/components/ui/button";
import { Icon } from "@/components/layout/icons";
import { parseListParams, type RawSearchParams } from "@/components/data-table/params";
import { listStoresTable } from "@/lib/stores/queries";
import { storeListParams } from "@/lib/stores/schemas";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { StoresTable } from "./_components/stores-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("stores") };
}

// Anyone who may read stores sees the list; adding and editing stores is the owner's (store:write).
export default async function StoresPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext("store:read");
  const params = parseListParams(storeListParams, await searchParams);
  const [t, { rows, total }] = await Promise.all([getTranslations("stores"), listStoresTable(ctx.orgId, params)]);
  const canWrite = can(ctx.role, "store:write");
  const newButton = canWrite ? (
    <ButtonLink href="/stores/new" data-testid="store-new">
      <Icon name="plus" className="size-4" />
      {t("new")}
    </ButtonLink>
  ) : null;

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} actions={newButton} />
      <Card>
        <StoresTable rows={rows} total={total} params={params} canWrite={canWrite} timeZone={ctx.org.timeZone} />
      </Card>
    </>
  );
}

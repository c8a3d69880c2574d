import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Icon } from "@/components/layout/icons";
import { listStoresOfClerk } from "@/lib/stores/queries";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("redeem") };
}

export default async function RedeemPage() {
  const ctx = await requirePageContext(sectionPermission("redeem"));
  const [t, stores] = await Promise.all([getTranslations("redeem"), listStoresOfClerk(ctx.orgId, ctx.userId)]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {ctx.role === "clerk" ? (
        <Card className="mb-6">
          <CardHeader title={t("yourStores")} />
          <CardBody>
            {stores.length === 0 ? (
              <Alert tone="warning">{t("noStore")}</Alert>
            ) : (
              <ul className="space-y-2" data-testid="clerk-stores">
                {stores.map((s) => (
                  <li key={s.id} className="flex flex-wrap items-baseline gap-x-3">
                    <span className="font-medium text-zinc-900">{s.name}</span>
                    <span className="text-sm text-zinc-500">{s.address}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      ) : null}
      <Card>
        <EmptyState icon={<Icon name="redeem" />} title={t("empty.title")} description={<p>{t("empty.description")}</p>} />
      </Card>
    </>
  );
}

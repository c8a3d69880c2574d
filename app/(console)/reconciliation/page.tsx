import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Icon } from "@/components/layout/icons";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("reconciliation") };
}

export default async function ReconciliationPage() {
  const ctx = await requirePageContext(sectionPermission("reconciliation"));
  const [t, tNav] = await Promise.all([getTranslations("reconciliation"), getTranslations("nav")]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card>
        <EmptyState
          icon={<Icon name="reconciliation" />}
          title={t("empty.title")}
          description={<p>{t("empty.description")}</p>}
          action={
            can(ctx.role, sectionPermission("audit")) ? (
              <ButtonLink href="/audit" variant="secondary">
                {tNav("audit")}
              </ButtonLink>
            ) : null
          }
        />
      </Card>
    </>
  );
}

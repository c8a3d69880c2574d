import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Icon } from "@/components/layout/icons";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { DASHBOARD_PERMISSION, sectionPermission } from "@/lib/console/sections";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("analytics") };
}

export default async function AnalyticsPage() {
  const ctx = await requirePageContext(sectionPermission("analytics"));
  const [t, tNav] = await Promise.all([getTranslations("analytics"), getTranslations("nav")]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card>
        <EmptyState
          icon={<Icon name="analytics" />}
          title={t("empty.title")}
          description={<p>{t("empty.description")}</p>}
          action={
            can(ctx.role, DASHBOARD_PERMISSION) ? (
              <ButtonLink href="/dashboard" variant="secondary">
                {tNav("dashboard")}
              </ButtonLink>
            ) : null
          }
        />
      </Card>
    </>
  );
}

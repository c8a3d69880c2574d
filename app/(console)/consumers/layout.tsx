import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { SectionTabs } from "@/components/layout/section-tabs";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";

// 顾客: the directory, segments, targeted sends and the tag import. Each page checks its own permission.
export default async function ConsumersLayout({ children }: { children: ReactNode }) {
  const ctx = await requirePageContext("consumer:read");
  const t = await getTranslations("consumers");
  const tabs = [
    { href: "/consumers", label: t("tabs.directory") },
    { href: "/consumers/segments", label: t("tabs.segments") },
    { href: "/consumers/sends", label: t("tabs.sends") },
    ...(can(ctx.role, "consumer:write") ? [{ href: "/consumers/import", label: t("tabs.import") }] : []),
  ];
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <SectionTabs label={t("tabs.label")} tabs={tabs} />
      <div className="mt-6">{children}</div>
    </>
  );
}

import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { SectionTabs } from "@/components/layout/section-tabs";

// Owner only; each settings page checks again (a layout does not re-run on client navigation).
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  await requirePageContext(sectionPermission("settings"));
  const t = await getTranslations("settings");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <SectionTabs
        label={t("nav.label")}
        tabs={[
          { href: "/settings", label: t("nav.overview") },
          { href: "/settings/members", label: t("nav.members") },
          { href: "/settings/api-keys", label: t("nav.apiKeys") },
          { href: "/settings/webhooks", label: t("nav.webhooks") },
          { href: "/settings/sms", label: t("nav.smsOutbox") },
          { href: "/settings/security", label: t("nav.security") },
          { href: "/settings/anomalies", label: t("nav.anomalies") },
        ]}
      />
      <div className="mt-6">{children}</div>
    </>
  );
}

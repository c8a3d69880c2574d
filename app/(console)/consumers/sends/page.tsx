import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card, CardHeader } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { listSends } from "@/lib/sends/sends";
import { SendsList } from "@/components/sends/sends-list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("sends");
  return { title: t("title") };
}

// Every targeted send, newest first; reviewers approve the ones waiting for them here.
export default async function SendsPage() {
  const ctx = await requirePageContext("consumer:read");
  const [t, rows] = await Promise.all([getTranslations("sends"), listSends(ctx.orgId, { limit: 100 })]);
  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      <SendsList rows={rows} timeZone={ctx.org.timeZone} canControl={can(ctx.role, "send:create")} canApprove={can(ctx.role, "send:approve")} userId={ctx.userId} />
    </Card>
  );
}

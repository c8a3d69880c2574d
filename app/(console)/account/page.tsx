import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RoleBadge } from "@/components/layout/role-badge";
import { requirePageContext } from "@/lib/auth/session";
import { ChangePasswordForm } from "./_components/change-password-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account");
  return { title: t("title") };
}

// Every signed-in member, whatever their role: who they are, and their password.
export default async function AccountPage({ searchParams }: { searchParams: Promise<{ changed?: string }> }) {
  const ctx = await requirePageContext();
  const { changed } = await searchParams;
  const t = await getTranslations("account");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <Card>
          <CardHeader title={t("password.title")} />
          <CardBody>
            {changed ? (
              <Alert tone="success" className="mb-4" testId="password-changed">
                {t("passwordChanged")}
              </Alert>
            ) : null}
            <ChangePasswordForm email={ctx.email} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={ctx.name} description={ctx.email} />
          <CardBody>
            <ul className="space-y-2 text-sm">
              {ctx.memberships.map((m) => (
                <li key={m.orgId} className="flex items-center justify-between gap-3">
                  <span className="min-w-0 truncate text-zinc-800">{m.name}</span>
                  <RoleBadge role={m.role} />
                </li>
              ))}
            </ul>
            <p className="mt-3 text-xs text-zinc-500">{t("memberships")}</p>
          </CardBody>
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { DEMO_PASSWORD, DEMO_USERS } from "@/db/seed/demo";
import { safeNextPath } from "@/lib/auth/next-path";
import { demoOrganizationExists } from "@/lib/organizations/queries";
import { LoginForm } from "./_components/login-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.login");
  return { title: t("submit") };
}

type Params = { next?: string | string[]; passwordSet?: string; passwordChanged?: string; email?: string | string[] };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Params> }) {
  const [{ next, passwordSet, passwordChanged, email }, t] = await Promise.all([searchParams, getTranslations("auth.login")]);
  const nextPath = safeNextPath(Array.isArray(next) ? next[0] : next);
  // After a set-password link or a password change: say so, and fill in the email (never the password).
  const notice = passwordSet ? t("passwordSet") : passwordChanged ? t("passwordChanged") : null;
  const initialEmail = typeof email === "string" ? email.slice(0, 254) : "";
  // The demo accounts are shown only where the demo organisation was actually seeded.
  const demo = (await demoOrganizationExists())
    ? { password: DEMO_PASSWORD, accounts: DEMO_USERS.map((u) => ({ email: u.email, role: u.role })) }
    : null;

  return (
    <div className="space-y-6">
      <Card className="px-6 py-7 sm:px-8">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-zinc-600">{t("subtitle")}</p>
        <LoginForm next={nextPath} demo={demo} notice={notice} initialEmail={initialEmail} />
      </Card>
      <p className="text-center text-sm text-zinc-600">
        {t("noAccount")}{" "}
        <Link href="/register" className="font-medium text-rose-700 hover:text-rose-800 hover:underline">
          {t("register")}
        </Link>
      </p>
    </div>
  );
}

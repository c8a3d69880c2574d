import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { usablePasswordToken } from "@/lib/members/mutations";
import { PASSWORD_TOKEN_PATTERN } from "@/lib/members/rules";
import { SetPasswordForm } from "./_components/set-password-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account.setPassword");
  return { title: t("title"), referrer: "no-referrer" };
}

// The page a one-time link opens: a new member's first password, or an owner's reset.
export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const [{ token }, t] = await Promise.all([searchParams, getTranslations("account.setPassword")]);
  const value = typeof token === "string" && PASSWORD_TOKEN_PATTERN.test(token) ? token : null;
  const usable = value ? await usablePasswordToken(value) : null;
  return (
    <Card className="px-6 py-7 sm:px-8">
      {usable && value ? (
        <>
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{t("title")}</h1>
          <p className="mt-1 text-sm break-all text-zinc-600">{t("subtitle", { email: usable.email })}</p>
          <SetPasswordForm token={value} email={usable.email} />
        </>
      ) : (
        <div data-testid="set-password-invalid">
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{t("invalidTitle")}</h1>
          <p className="mt-2 text-sm text-zinc-600">{t("invalidBody")}</p>
          <Link href="/login" className="mt-6 inline-block text-sm font-medium text-rose-700 hover:underline">
            {t("toLogin")}
          </Link>
        </div>
      )}
    </Card>
  );
}

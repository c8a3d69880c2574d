import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { RegisterForm } from "./_components/register-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.register");
  return { title: t("title") };
}

export default async function RegisterPage() {
  const t = await getTranslations("auth.register");
  return (
    <div className="space-y-6">
      <Card className="px-6 py-7 sm:px-8">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-zinc-600">{t("subtitle")}</p>
        <RegisterForm />
      </Card>
      <p className="text-center text-sm text-zinc-600">
        {t("haveAccount")}{" "}
        <Link href="/login" className="font-medium text-rose-700 hover:text-rose-800 hover:underline">
          {t("login")}
        </Link>
      </p>
    </div>
  );
}

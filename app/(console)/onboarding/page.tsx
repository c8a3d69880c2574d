import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { getConsoleContext, requireUserId } from "@/lib/auth/session";
import { OnboardingForm } from "./_components/onboarding-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("onboarding");
  return { title: t("title") };
}

// A signed-in user with no organisation creates one here (members of others may add another).
export default async function OnboardingPage() {
  await requireUserId();
  const [ctx, t] = await Promise.all([getConsoleContext(), getTranslations("onboarding")]);
  return (
    <div className={ctx ? "max-w-lg" : undefined}>
      <Card className="px-6 py-7 sm:px-8">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-zinc-600">{ctx ? t("descriptionMember") : t("description")}</p>
        <OnboardingForm />
      </Card>
    </div>
  );
}

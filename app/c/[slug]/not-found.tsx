import { getTranslations } from "next-intl/server";

export default async function LandingNotFound() {
  const t = await getTranslations("landing.notFound");
  return (
    <main className="mx-auto grid min-h-dvh max-w-md place-items-center p-8 text-center">
      <div>
        <h1 className="text-xl font-semibold text-zinc-900">{t("title")}</h1>
        <p className="mt-2 text-sm text-zinc-600">{t("description")}</p>
      </div>
    </main>
  );
}

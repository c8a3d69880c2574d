import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ErrorPage } from "@/components/layout/error-page";

export const metadata: Metadata = { robots: { index: false } };

// Where a console link a person may not open (an export, a QR) sends them: the console's words, not
// the API's problem JSON. `kind` only picks the words; nothing here depends on who is asking.
export default async function DeniedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const kind = (await searchParams).kind;
  if (kind === "not_found") {
    const t = await getTranslations("errors.notFound");
    return <ErrorPage code={t("code")} title={t("title")} description={t("description")} homeLabel={t("home")} />;
  }
  if (kind === "error") {
    const [t, tCommon] = await Promise.all([getTranslations("errors.forbidden"), getTranslations("errors")]);
    return <ErrorPage code="!" title={tCommon("generic")} description="" homeLabel={t("home")} />;
  }
  const t = await getTranslations("errors.forbidden");
  return <ErrorPage code={t("code")} title={t("title")} description={t("description")} homeLabel={t("home")} />;
}

import { getTranslations } from "next-intl/server";
import { ErrorPage } from "@/components/layout/error-page";

export default async function NotFound() {
  const t = await getTranslations("errors.notFound");
  return <ErrorPage code={t("code")} title={t("title")} description={t("description")} homeLabel={t("home")} />;
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { requirePageContext } from "@/lib/auth/session";
import { TagImport } from "./_components/tag-import";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("consumers.import");
  return { title: t("title") };
}

export default async function ImportPage() {
  await requirePageContext("consumer:write");
  const t = await getTranslations("consumers.import");
  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody>
        <TagImport />
      </CardBody>
    </Card>
  );
}

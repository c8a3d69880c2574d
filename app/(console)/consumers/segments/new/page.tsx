import { getTranslations } from "next-intl/server";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { requirePageContext } from "@/lib/auth/session";
import { listTags } from "@/lib/consumers/queries";
import { segmentFormValues } from "@/lib/segments/form";
import { SegmentEditor } from "../_components/segment-editor";

export default async function NewSegmentPage() {
  const ctx = await requirePageContext("consumer:write");
  const [t, tags] = await Promise.all([getTranslations("segments"), listTags(ctx.orgId, 100)]);
  return (
    <Card>
      <CardHeader title={t("new")} description={t("editorNote")} />
      <CardBody>
        <SegmentEditor initial={segmentFormValues(null)} tags={tags.map((x) => x.tag)} />
      </CardBody>
    </Card>
  );
}

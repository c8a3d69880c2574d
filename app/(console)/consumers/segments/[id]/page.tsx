import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { listTags } from "@/lib/consumers/queries";
import { getOrganizationSettings } from "@/lib/organizations/queries";
import { segmentFormValues } from "@/lib/segments/form";
import { getSegment, segmentSize } from "@/lib/segments/queries";
import { audienceSettings, needsApproval } from "@/lib/sends/rules";
import { listSendableGroups, listSends } from "@/lib/sends/sends";
import { SendsList } from "@/components/sends/sends-list";
import { DeleteSegment, SendForm } from "../_components/segment-actions";
import { RuleList } from "../_components/rule-list";
import { SegmentEditor } from "../_components/segment-editor";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("segments");
  return { title: t("title") };
}

export default async function SegmentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> }) {
  const ctx = await requirePageContext("consumer:read");
  const [{ id }, { saved }] = await Promise.all([params, searchParams]);
  const segment = await getSegment(ctx.orgId, id);
  if (!segment) notFound();
  const [t, size, tags, groups, sends, org] = await Promise.all([
    getTranslations("segments"),
    segmentSize(ctx.orgId, segment.rules),
    listTags(ctx.orgId, 100),
    listSendableGroups(ctx.orgId),
    listSends(ctx.orgId, { segmentId: id }),
    getOrganizationSettings(ctx.orgId),
  ]);
  const canWrite = can(ctx.role, "consumer:write");
  const canSend = can(ctx.role, "send:create");
  const threshold = audienceSettings(org?.settings).sendApprovalThreshold;
  return (
    <div className="space-y-6">
      <Link href="/consumers/segments" className="text-sm text-zinc-500 hover:text-zinc-900">
        ← {t("back")}
      </Link>
      {saved ? <Alert tone="success">{t("saved")}</Alert> : null}
      <Card>
        <CardHeader title={<span className="break-words" data-testid="segment-title">{segment.name}</span>} description={t("editorNote")} actions={canWrite ? <DeleteSegment id={segment.id} /> : null} />
        <CardBody>{canWrite ? <SegmentEditor id={segment.id} initial={segmentFormValues(segment)} tags={tags.map((x) => x.tag)} /> : <RuleList rules={segment.rules} />}</CardBody>
      </Card>
      {canSend ? (
        <Card>
          <CardHeader title={t("send.title")} description={t("send.description")} />
          <CardBody>
            <SendForm
              segmentId={segment.id}
              groups={groups.map((g) => ({ id: g.id, label: `${g.campaignName} · ${g.name}` }))}
              size={size.size}
              textable={size.textable}
              needsApproval={needsApproval(size.size, threshold)}
              threshold={threshold}
            />
          </CardBody>
        </Card>
      ) : null}
      <Card>
        <CardHeader title={t("send.history")} />
        <SendsList rows={sends} timeZone={ctx.org.timeZone} canControl={canSend} canApprove={can(ctx.role, "send:approve")} userId={ctx.userId} />
      </Card>
    </div>
  );
}

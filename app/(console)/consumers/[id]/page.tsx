import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { consumerTimeline, displayPhone, getConsumer } from "@/lib/consumers/queries";
import { formatCount, formatDate, formatDateTime, formatMoney } from "@/lib/format";
import { EraseConsumer, OptOutToggle, TagEditor } from "./_components/consumer-actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("consumers");
  return { title: t("detail.title") };
}

export default async function ConsumerPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ erased?: string }> }) {
  const ctx = await requirePageContext("consumer:read");
  const [{ id }, { erased }] = await Promise.all([params, searchParams]);
  const consumer = await getConsumer(ctx.orgId, id);
  if (!consumer) notFound();
  const [t, timeline] = await Promise.all([getTranslations("consumers"), consumerTimeline(ctx.orgId, id)]);
  const tz = ctx.org.timeZone;
  const canWrite = can(ctx.role, "consumer:write") && !consumer.erased;
  const privacy = can(ctx.role, "consumer:privacy");
  const facts: [string, string][] = [
    [t("columns.firstSeen"), formatDate(consumer.firstSeenAt, tz)],
    [t("columns.lastClaim"), consumer.lastClaimAt ? formatDateTime(consumer.lastClaimAt, tz) : "—"],
    [t("columns.lastRedemption"), consumer.lastRedemptionAt ? formatDateTime(consumer.lastRedemptionAt, tz) : "—"],
    [t("columns.claims"), formatCount(consumer.claims)],
    [t("columns.redemptions"), formatCount(consumer.redemptions)],
    [t("columns.orderTotal"), formatMoney(Number(consumer.orderTotal))],
    [t("columns.discountTotal"), formatMoney(Number(consumer.discountTotal))],
  ];
  return (
    <div className="space-y-6">
      <Link href="/consumers" className="text-sm text-zinc-500 hover:text-zinc-900">
        ← {t("detail.back")}
      </Link>
      {erased ? <Alert tone="success">{t("detail.erasedNotice")}</Alert> : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <Card>
          <CardHeader
            title={
              <span className="flex flex-wrap items-center gap-2 font-mono" data-testid="consumer-phone">
                {displayPhone(consumer)}
                {consumer.erased ? <Badge>{t("erased")}</Badge> : null}
                {consumer.optedOut && !consumer.erased ? <Badge tone="amber">{t("optedOut")}</Badge> : null}
              </span>
            }
            description={t("detail.phoneNote")}
          />
          <CardBody>
            <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm" data-testid="consumer-facts">
              {facts.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-zinc-500">{k}</dt>
                  <dd className="text-zinc-900 tabular-nums">{v}</dd>
                </div>
              ))}
            </dl>
            {canWrite ? <OptOutToggle consumerId={consumer.id} optedOut={consumer.optedOut} /> : null}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("detail.tags")} description={t("detail.tagsNote")} />
          <CardBody>
            <TagEditor consumerId={consumer.id} tags={consumer.tags} canWrite={canWrite} />
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader title={t("detail.timeline")} description={t("detail.timelineNote")} />
        {timeline.length === 0 ? (
          <CardBody>
            <p className="text-sm text-zinc-500">{t("detail.noActivity")}</p>
          </CardBody>
        ) : (
          <Table data-testid="consumer-timeline" className="min-w-[52rem]">
            <THead>
              <tr>
                <TH>{t("timeline.at")}</TH>
                <TH>{t("timeline.what")}</TH>
                <TH>{t("timeline.campaign")}</TH>
                <TH>{t("timeline.influencer")}</TH>
                <TH>{t("timeline.store")}</TH>
                <TH className="text-right">{t("timeline.amount")}</TH>
              </tr>
            </THead>
            <TBody>
              {timeline.map((e, i) => (
                <TR key={i} data-kind={e.kind}>
                  <TD className="whitespace-nowrap tabular-nums">{formatDateTime(e.at, tz)}</TD>
                  <TD className="whitespace-nowrap">
                    {e.kind === "claim" ? <Badge tone="blue">{t(`timeline.via.${e.via ?? "claim"}`)}</Badge> : <Badge tone={e.reversed ? "red" : "green"}>{t(e.reversed ? "timeline.reversed" : "timeline.redeemed")}</Badge>}
                  </TD>
                  <TD className="max-w-64 break-words">
                    {e.campaignName}
                    <span className="block text-xs text-zinc-500">{e.groupName}</span>
                  </TD>
                  <TD>{e.influencer ?? <span className="text-zinc-400">—</span>}</TD>
                  <TD>{e.store ?? <span className="text-zinc-400">—</span>}</TD>
                  <TD className="text-right whitespace-nowrap tabular-nums">
                    {e.orderAmount != null ? (
                      <>
                        {formatMoney(e.orderAmount)}
                        <span className="block text-xs text-zinc-500">−{formatMoney(e.discount ?? 0)}</span>
                      </>
                    ) : (
                      <span className="text-zinc-400">—</span>
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      {privacy ? (
        <Card>
          <CardHeader title={t("privacy.title")} description={t("privacy.description")} />
          <CardBody className="flex flex-wrap items-center gap-3">
            <a href={`/consumers/${consumer.id}/export`} download className="text-sm font-medium text-rose-700 hover:underline" data-testid="consumer-export">
              {t("privacy.export")}
            </a>
            {!consumer.erased ? <EraseConsumer consumerId={consumer.id} /> : null}
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { requirePageContext } from "@/lib/auth/session";
import { formatCount, formatDateTime } from "@/lib/format";
import { listAbuseEvents } from "@/lib/security/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("security");
  return { title: t("title") };
}

const KINDS = ["rate_limited", "otp_wrong", "otp_expired", "otp_exhausted", "otp_missing", "otp_send_limited"];
const SOURCES = ["ip", "phone", "device"];

// Refused public requests (rate limits, failed phone verifications) by source, so owners see who keeps trying.
export default async function SecurityPage() {
  const ctx = await requirePageContext("settings:manage");
  const [t, events] = await Promise.all([getTranslations("security"), listAbuseEvents(ctx.orgId)]);
  const tz = ctx.org.timeZone;

  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      {events.length === 0 ? (
        <EmptyState title={t("empty.title")} description={<p>{t("empty.description")}</p>} />
      ) : (
        <Table data-testid="abuse-table" className="min-w-[44rem]">
          <THead>
            <tr>
              <TH>{t("columns.source")}</TH>
              <TH>{t("columns.kind")}</TH>
              <TH className="text-right">{t("columns.count")}</TH>
              <TH>{t("columns.first")}</TH>
              <TH>{t("columns.last")}</TH>
            </tr>
          </THead>
          <TBody>
            {events.map((e) => {
              const [type, ...rest] = e.source.split(":");
              return (
                <TR key={`${e.source}|${e.kind}`} data-testid="abuse-row">
                  <TD className="whitespace-nowrap">
                    <span className="text-zinc-500">{SOURCES.includes(type) ? t(`sources.${type}`) : type}</span>{" "}
                    <span className="font-mono text-xs text-zinc-900">{rest.join(":")}</span>
                  </TD>
                  <TD>{KINDS.includes(e.kind) ? t(`kinds.${e.kind}`) : e.kind}</TD>
                  <TD className="text-right font-medium text-zinc-900 tabular-nums">{formatCount(e.count)}</TD>
                  <TD className="whitespace-nowrap tabular-nums">{formatDateTime(e.firstAt, tz)}</TD>
                  <TD className="whitespace-nowrap tabular-nums">{formatDateTime(e.lastAt, tz)}</TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      )}
    </Card>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Icon } from "@/components/layout/icons";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { formatCount, formatDate } from "@/lib/format";
import { listSegments, segmentSize } from "@/lib/segments/queries";
import { RuleList } from "./_components/rule-list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("segments");
  return { title: t("title") };
}

// Saved audiences with how many consumers meet each now.
export default async function SegmentsPage() {
  const ctx = await requirePageContext("consumer:read");
  const [t, list] = await Promise.all([getTranslations("segments"), listSegments(ctx.orgId)]);
  const sizes = await Promise.all(list.map((s) => segmentSize(ctx.orgId, s.rules)));
  const canWrite = can(ctx.role, "consumer:write");
  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-100 px-5 py-4">
        <p className="text-sm text-zinc-600">{t("description")}</p>
        {canWrite ? (
          <ButtonLink href="/consumers/segments/new" size="sm" data-testid="segment-new">
            <Icon name="plus" className="size-4" />
            {t("new")}
          </ButtonLink>
        ) : null}
      </div>
      {list.length === 0 ? (
        <EmptyState icon={<Icon name="consumers" />} title={t("empty.title")} description={<p>{t("empty.description")}</p>} />
      ) : (
        <Table data-testid="segments-table" className="min-w-[44rem]">
          <THead>
            <tr>
              <TH>{t("columns.name")}</TH>
              <TH>{t("columns.rules")}</TH>
              <TH className="text-right">{t("columns.size")}</TH>
              <TH>{t("columns.updated")}</TH>
            </tr>
          </THead>
          <TBody>
            {list.map((s, i) => (
              <TR key={s.id} data-testid="segment-row">
                <TD className="max-w-56 font-medium break-words">
                  <Link href={`/consumers/segments/${s.id}`} className="text-zinc-900 hover:text-rose-700 hover:underline">
                    {s.name}
                  </Link>
                </TD>
                <TD>
                  <RuleList rules={s.rules} />
                </TD>
                <TD className="text-right tabular-nums" data-testid="segment-size">
                  {formatCount(sizes[i].size)}
                </TD>
                <TD className="whitespace-nowrap tabular-nums">{formatDate(s.updatedAt, ctx.org.timeZone)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}

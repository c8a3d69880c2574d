import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { parseListParams, type RawSearchParams } from "@/components/data-table/params";
import { requirePageContext } from "@/lib/auth/session";
import { displayPhone, listConsumersTable, listTags } from "@/lib/consumers/queries";
import { consumerListParams } from "@/lib/consumers/schemas";
import { listSegments } from "@/lib/segments/queries";
import { ConsumersTable } from "./_components/consumers-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("consumers") };
}

// Marketers and owners work with consumers; reviewers read them. Figures are each consumer's own counters.
export default async function ConsumersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext("consumer:read");
  const params = parseListParams(consumerListParams, await searchParams);
  const [t, list, tags, segments] = await Promise.all([
    getTranslations("consumers"),
    listConsumersTable(ctx.orgId, params),
    listTags(ctx.orgId, 100),
    listSegments(ctx.orgId),
  ]);
  return (
    <>
      {list.segmentMissing ? (
        <Alert tone="warning" className="mb-4">
          {t("segmentMissing")}
        </Alert>
      ) : null}
      <Card>
        <ConsumersTable
          rows={list.rows.map((r) => ({ ...r, display: displayPhone(r) }))}
          total={list.total}
          params={params}
          timeZone={ctx.org.timeZone}
          tags={tags.map((x) => x.tag)}
          segments={segments.map((s) => ({ id: s.id, name: s.name }))}
        />
      </Card>
    </>
  );
}

"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Icon } from "@/components/layout/icons";
import { DataTable, createDataTableColumnHelper, type DataTableFilter } from "@/components/data-table/data-table";
import type { ConsumerRow } from "@/lib/consumers/queries";
import type { ConsumerListParams } from "@/lib/consumers/schemas";
import { formatCount, formatDate, formatMoney } from "@/lib/format";

type Row = ConsumerRow & { display: string };
const column = createDataTableColumnHelper<Row>();
const rowId = (row: Row) => row.id;

/** The consumers directory: masked phones, tags, first seen, last claim and redemption, and the totals. */
export function ConsumersTable({
  rows,
  total,
  params,
  timeZone,
  tags,
  segments,
}: {
  rows: Row[];
  total: number;
  params: ConsumerListParams;
  timeZone: string;
  tags: string[];
  segments: { id: string; name: string }[];
}) {
  const t = useTranslations("consumers");
  const date = (d: Date | null) => (d ? formatDate(d, timeZone) : <span className="text-zinc-400">—</span>);
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("display", {
          id: "phone",
          header: t("columns.phone"),
          cell: ({ row }) => (
            <Link href={`/consumers/${row.original.id}`} className="font-mono whitespace-nowrap text-zinc-900 hover:text-rose-700 hover:underline" data-testid="consumer-link">
              {row.original.display}
            </Link>
          ),
        }),
        column.accessor("tags", {
          header: t("columns.tags"),
          cell: ({ row }) => (
            <span className="flex max-w-56 flex-wrap gap-1">
              {row.original.erased ? <Badge>{t("erased")}</Badge> : null}
              {row.original.optedOut && !row.original.erased ? <Badge tone="amber">{t("optedOut")}</Badge> : null}
              {row.original.tags.map((tag) => (
                <Badge key={tag} tone="violet">
                  {tag}
                </Badge>
              ))}
            </span>
          ),
        }),
        column.accessor("firstSeenAt", { header: t("columns.firstSeen"), enableSorting: true, cell: ({ getValue }) => date(getValue()), meta: { className: "whitespace-nowrap tabular-nums" } }),
        column.accessor("lastClaimAt", { header: t("columns.lastClaim"), enableSorting: true, cell: ({ getValue }) => date(getValue()), meta: { className: "whitespace-nowrap tabular-nums" } }),
        column.accessor("lastRedemptionAt", { header: t("columns.lastRedemption"), enableSorting: true, cell: ({ getValue }) => date(getValue()), meta: { className: "whitespace-nowrap tabular-nums" } }),
        column.accessor("claims", { header: t("columns.claims"), enableSorting: true, cell: ({ getValue }) => formatCount(getValue()), meta: { align: "end", className: "tabular-nums" } }),
        column.accessor("redemptions", { header: t("columns.redemptions"), enableSorting: true, cell: ({ getValue }) => formatCount(getValue()), meta: { align: "end", className: "tabular-nums" } }),
        column.accessor("orderTotal", { header: t("columns.orderTotal"), enableSorting: true, cell: ({ getValue }) => formatMoney(Number(getValue())), meta: { align: "end", className: "whitespace-nowrap tabular-nums" } }),
        column.accessor("discountTotal", { header: t("columns.discountTotal"), enableSorting: true, cell: ({ getValue }) => formatMoney(Number(getValue())), meta: { align: "end", className: "whitespace-nowrap tabular-nums" } }),
      ]),
    [t, timeZone],
  );
  const filters = useMemo<DataTableFilter[]>(
    () => [
      { kind: "select", key: "tag", label: t("filters.tag"), allLabel: t("filters.allTags"), options: tags.map((x) => ({ value: x, label: x })) },
      { kind: "select", key: "segment", label: t("filters.segment"), allLabel: t("filters.allConsumers"), options: segments.map((s) => ({ value: s.id, label: s.name })) },
      { kind: "toggle", key: "optedOut", label: t("filters.optedOut") },
    ],
    [t, tags, segments],
  );
  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      getRowId={rowId}
      search={{ placeholder: t("search") }}
      filters={filters}
      pageSizes={[20, 50, 100]}
      testId="consumers-table"
      empty={{ icon: <Icon name="consumers" />, title: t("empty.title"), description: t("empty.description") }}
    />
  );
}

"use client";

import { useMemo } from "react";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { DataTable, createDataTableColumnHelper, type DataTableFilter } from "@/components/data-table/data-table";
import { formatDate, formatDateTime, formatMoney } from "@/lib/format";
import type { StatementEntry } from "@/lib/reconciliation/queries";
import type { EntryListParams } from "@/lib/reconciliation/schemas";

const column = createDataTableColumnHelper<StatementEntry>();
const rowId = (row: StatementEntry) => `${row.kind}:${row.lineId}`;

/** A statement's lines: redemptions and (negative) reversals, paged on the server. */
export function EntriesTable({
  rows,
  total,
  params,
  timeZone,
  showStore,
  showCampaign,
  showStoredValue,
}: {
  rows: StatementEntry[];
  total: number;
  params: EntryListParams;
  timeZone: string;
  showStore: boolean;
  showCampaign: boolean;
  /** The statement has stored-value card spend: show it in its own column. */
  showStoredValue: boolean;
}) {
  const t = useTranslations("reconciliation.entries");
  const tKinds = useTranslations("reconciliation.export.kinds");
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("at", {
          header: t("columns.at"),
          enableSorting: true,
          cell: ({ getValue }) => formatDateTime(getValue(), timeZone),
          meta: { className: "whitespace-nowrap tabular-nums" },
        }),
        column.accessor("kind", {
          header: t("columns.kind"),
          cell: ({ getValue }) => <Badge tone={getValue() === "reversal" ? "red" : "green"}>{tKinds(getValue())}</Badge>,
        }),
        column.accessor("code", { header: t("columns.code"), meta: { className: "font-mono text-xs whitespace-nowrap" } }),
        ...(showStore ? [column.accessor("storeName", { header: t("columns.store"), meta: { className: "whitespace-nowrap" } })] : []),
        ...(showCampaign
          ? [
              column.accessor("campaignName", {
                header: t("columns.campaign"),
                cell: ({ row }) => (
                  <span className="flex flex-col">
                    <span className="text-zinc-900">{row.original.campaignName}</span>
                    <span className="text-xs text-zinc-500">
                      {row.original.groupName}
                      {row.original.variant ? ` · ${t("variant", { label: row.original.variant })}` : ""}
                    </span>
                  </span>
                ),
              }),
            ]
          : []),
        column.accessor("orderAmount", {
          header: t("columns.orderAmount"),
          cell: ({ getValue }) => <span className={getValue() < 0 ? "text-red-700" : undefined}>{formatMoney(getValue())}</span>,
          meta: { align: "end", className: "whitespace-nowrap tabular-nums" },
        }),
        column.accessor("discount", {
          header: t("columns.discount"),
          cell: ({ getValue }) => <span className={getValue() < 0 ? "text-red-700" : undefined}>{formatMoney(getValue())}</span>,
          meta: { align: "end", className: "whitespace-nowrap tabular-nums" },
        }),
        ...(showStoredValue
          ? [
              column.accessor("storedValue", {
                header: t("columns.storedValue"),
                cell: ({ getValue }) => <span className={getValue() < 0 ? "text-red-700" : undefined}>{formatMoney(getValue())}</span>,
                meta: { align: "end", className: "whitespace-nowrap tabular-nums" },
              }),
            ]
          : []),
        column.accessor("actor", {
          header: t("columns.actor"),
          cell: ({ getValue }) => getValue() ?? <span className="text-zinc-400">—</span>,
          meta: { className: "whitespace-nowrap" },
        }),
        column.display({
          id: "note",
          header: t("columns.note"),
          cell: ({ row }) =>
            row.original.kind === "reversal" ? (
              <span className="flex max-w-64 flex-col text-xs">
                <span className="text-zinc-900">{row.original.reason}</span>
                <span className="text-zinc-500">{t("reversalOf", { date: formatDate(row.original.redeemedAt, timeZone) })}</span>
              </span>
            ) : null,
        }),
      ]),
    [t, tKinds, timeZone, showStore, showCampaign, showStoredValue],
  );
  const filters = useMemo<DataTableFilter[]>(
    () => [
      {
        kind: "select",
        key: "kind",
        label: t("kindLabel"),
        allLabel: t("allKinds"),
        options: [
          { value: "redemption", label: tKinds("redemption") },
          { value: "reversal", label: tKinds("reversal") },
        ],
      },
    ],
    [t, tKinds],
  );
  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      getRowId={rowId}
      filters={filters}
      pageSizes={[20, 50, 100]}
      testId="entries-table"
      empty={{ title: t("empty.title"), description: t("empty.description") }}
    />
  );
}

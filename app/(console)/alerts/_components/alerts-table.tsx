"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { DataTable, createDataTableColumnHelper, type DataTableFilter } from "@/components/data-table/data-table";
import { formatDateTime } from "@/lib/format";
import type { AlertRow } from "@/lib/anomalies/queries";
import type { AlertListParams } from "@/lib/anomalies/schemas";
import { AlertActions } from "./alert-actions";

const column = createDataTableColumnHelper<AlertRow>();
const rowId = (row: AlertRow) => row.id;
const RULES = ["group_redemptions", "ip_claims", "device_claims", "store_rate"] as const;

/** The organisation's alerts, newest first, with what was seen, what was done and the review actions. */
export function AlertsTable({ rows, total, params, timeZone }: { rows: AlertRow[]; total: number; params: AlertListParams; timeZone: string }) {
  const t = useTranslations("alerts");
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("createdAt", {
          header: t("columns.when"),
          cell: ({ row }) => (
            <span className="flex items-center gap-2 whitespace-nowrap tabular-nums">
              {row.original.unread ? <span className="size-2 shrink-0 rounded-full bg-rose-600" title={t("unread")} aria-label={t("unread")} /> : null}
              {formatDateTime(row.original.createdAt, timeZone)}
            </span>
          ),
        }),
        column.accessor("ruleKind", {
          header: t("columns.rule"),
          cell: ({ row }) => (
            // The stored reason (the text written on the frozen group) is in the organisation's first language: a tooltip.
            <span className="block min-w-40 font-medium text-zinc-900" title={row.original.reason}>
              {t(`rules.${row.original.ruleKind}`)}
            </span>
          ),
        }),
        column.display({
          id: "scope",
          header: t("columns.scope"),
          cell: ({ row }) => {
            const r = row.original;
            return (
              <span className="flex max-w-56 min-w-40 flex-col gap-0.5 text-sm">
                {r.scopeType === "store" ? (
                  <span>{t("store", { name: r.storeName ?? "—" })}</span>
                ) : r.scopeType === "ip" || r.scopeType === "device" ? (
                  <span className="font-mono text-xs" title={r.scopeKey}>
                    {t(`scope.${r.scopeType}`)} {r.scopeKey.slice(0, 10)}…
                  </span>
                ) : null}
                {r.groupId ? (
                  <Link href={`/groups/${r.groupId}`} className="truncate text-rose-700 hover:underline" data-testid="alert-group-link">
                    {t("group", { name: r.groupName ?? "—" })}
                  </Link>
                ) : null}
              </span>
            );
          },
        }),
        column.display({
          id: "observed",
          header: t("columns.observed"),
          cell: ({ row }) => (
            <span className="flex flex-col text-sm whitespace-nowrap tabular-nums">
              <span data-testid="alert-observed">{t("observed", { observed: row.original.observed, threshold: row.original.threshold, minutes: row.original.windowMinutes })}</span>
              {row.original.baseline != null ? <span className="text-xs text-zinc-500">{t("baseline", { baseline: row.original.baseline.toFixed(1) })}</span> : null}
            </span>
          ),
        }),
        column.display({
          id: "result",
          header: t("columns.result"),
          cell: ({ row }) => {
            const r = row.original;
            return (
              <span className="flex flex-col items-start gap-1">
                <Badge tone={r.froze ? "red" : "amber"}>{r.froze ? t("froze") : t("flagged")}</Badge>
                {r.groupStatus ? <span className="text-xs whitespace-nowrap text-zinc-500">{r.groupStatus === "frozen" ? t("groupFrozen") : t("groupActive")}</span> : null}
              </span>
            );
          },
        }),
        column.display({
          id: "actions",
          header: t("columns.actions"),
          cell: ({ row }) => {
            const r = row.original;
            return r.reviewedAt ? (
              <span className="text-xs text-zinc-500" data-testid="alert-reviewed">
                {t("reviewedBy", { name: r.reviewedBy ?? "—", at: formatDateTime(r.reviewedAt, timeZone) })}
              </span>
            ) : (
              <AlertActions alertId={r.id} canUnfreeze={r.groupStatus === "frozen"} />
            );
          },
        }),
      ]),
    [t, timeZone],
  );
  const filters = useMemo<DataTableFilter[]>(
    () => [
      {
        kind: "select",
        key: "status",
        label: t("filters.status"),
        allLabel: t("filters.allStatuses"),
        options: [
          { value: "open", label: t("filters.open") },
          { value: "reviewed", label: t("filters.reviewed") },
        ],
      },
      { kind: "select", key: "rule", label: t("filters.rule"), allLabel: t("filters.allRules"), options: RULES.map((r) => ({ value: r, label: t(`rules.${r}`) })) },
    ],
    [t],
  );
  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      getRowId={rowId}
      filters={filters}
      testId="alerts-table"
      empty={{ title: t("empty.title"), description: t("empty.description") }}
    />
  );
}

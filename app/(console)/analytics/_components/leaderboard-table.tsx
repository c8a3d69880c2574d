"use client";

import { useMemo, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { DataTable, createDataTableColumnHelper } from "@/components/data-table/data-table";
import type { ListParamsBase } from "@/components/data-table/params";
import { Badge } from "@/components/ui/badge";
import type { LeaderboardRow } from "@/lib/analytics/dashboard";
import { formatRate, formatRoi } from "@/lib/analytics/metrics";
import { formatCount, formatMoney } from "@/lib/format";

const column = createDataTableColumnHelper<LeaderboardRow>();
const rowId = (r: LeaderboardRow) => r.influencerId;
const num = { align: "end", className: "tabular-nums whitespace-nowrap" } as const;

/** The per-influencer leaderboard: every column sorts (on the server, through the URL), the CSV follows the sort. */
export function LeaderboardTable({
  rows,
  total,
  params,
  toolbar,
  empty,
  showStoredValue = false,
}: {
  rows: LeaderboardRow[];
  total: number;
  params: ListParamsBase;
  toolbar?: ReactNode;
  empty: { title: string; description: string; action?: ReactNode };
  /** Some redemptions were paid from stored-value cards: show that spend in its own column. */
  showStoredValue?: boolean;
}) {
  const t = useTranslations("analytics.columns");
  const tPlatform = useTranslations("platform");
  const tAnalytics = useTranslations("analytics");

  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("name", {
          header: t("influencer"),
          enableSorting: true,
          cell: ({ row }) => (
            <span className="flex min-w-28 flex-col">
              <span className="font-medium text-zinc-900" data-testid="leaderboard-name">
                {row.original.name}
                {row.original.archived ? <Badge className="ml-2">{tAnalytics("archived")}</Badge> : null}
              </span>
              <span className="text-xs text-zinc-500">{row.original.platform ? tPlatform(row.original.platform) : ""}</span>
            </span>
          ),
        }),
        column.accessor("views", { header: t("views"), enableSorting: true, sortDescFirst: true, cell: (c) => formatCount(c.getValue()), meta: num }),
        column.accessor("claims", { header: t("claims"), enableSorting: true, sortDescFirst: true, cell: (c) => formatCount(c.getValue()), meta: num }),
        column.accessor("redemptions", { header: t("redemptions"), enableSorting: true, sortDescFirst: true, cell: (c) => formatCount(c.getValue()), meta: num }),
        column.accessor("conversion", { header: t("conversion"), enableSorting: true, sortDescFirst: true, cell: (c) => formatRate(c.getValue()), meta: num }),
        column.accessor("discount", { header: t("discount"), enableSorting: true, sortDescFirst: true, cell: (c) => formatMoney(c.getValue()), meta: num }),
        ...(showStoredValue
          ? [column.accessor("storedValue", { header: t("storedValue"), enableSorting: true, sortDescFirst: true, cell: (c) => formatMoney(c.getValue()), meta: num })]
          : []),
        column.accessor("gmv", { header: t("gmv"), enableSorting: true, sortDescFirst: true, cell: (c) => formatMoney(c.getValue()), meta: num }),
        column.accessor("roi", { header: t("roi"), enableSorting: true, sortDescFirst: true, cell: (c) => formatRoi(c.getValue()), meta: num }),
      ]),
    [t, tPlatform, tAnalytics, showStoredValue],
  );

  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      getRowId={rowId}
      toolbar={toolbar}
      pageSizes={[10, 20, 50, 100]}
      testId="leaderboard"
      empty={{ title: empty.title, description: empty.description, action: empty.action }}
    />
  );
}

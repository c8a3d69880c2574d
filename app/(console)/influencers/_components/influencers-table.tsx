"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Icon } from "@/components/layout/icons";
import { DataTable, createDataTableColumnHelper, type DataTableFilter } from "@/components/data-table/data-table";
import type { InfluencerListParams } from "@/lib/influencers/schemas";
import type { InfluencerTableRow } from "@/lib/influencers/queries";
import { INFLUENCER_PLATFORMS } from "@/lib/influencers/schemas";
import { formatCount, formatDate } from "@/lib/format";

const column = createDataTableColumnHelper<InfluencerTableRow>();
const rowId = (row: InfluencerTableRow) => row.id;

/** The influencers list: the columns live here because cell renderers cannot come from the server page. */
export function InfluencersTable({
  rows,
  total,
  params,
  canWrite,
  timeZone,
}: {
  rows: InfluencerTableRow[];
  total: number;
  params: InfluencerListParams;
  canWrite: boolean;
  timeZone: string;
}) {
  const t = useTranslations("influencers");
  const tPlatform = useTranslations("platform");

  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("displayName", {
          header: t("columns.name"),
          enableSorting: true,
          cell: ({ row }) => (
            <Link
              href={`/influencers/${row.original.id}`}
              className="block max-w-64 truncate font-medium whitespace-nowrap text-zinc-900 hover:text-rose-700 hover:underline focus-visible:outline-2 focus-visible:outline-rose-600"
              title={row.original.displayName}
              data-testid="influencer-link"
            >
              {row.original.displayName}
            </Link>
          ),
        }),
        column.accessor("platform", {
          header: t("columns.platform"),
          enableSorting: true,
          cell: ({ getValue }) => tPlatform(getValue()),
          meta: { className: "whitespace-nowrap" },
        }),
        column.accessor("handle", {
          header: t("columns.handle"),
          enableSorting: true,
          cell: ({ getValue }) => getValue() || <span className="text-zinc-400">—</span>,
          meta: { className: "font-mono text-xs" },
        }),
        column.accessor("userName", {
          id: "user",
          header: t("columns.user"),
          cell: ({ row }) =>
            row.original.userId ? (
              <span className="flex flex-col">
                <span className="text-zinc-900">{row.original.userName}</span>
                <span className="font-mono text-xs text-zinc-500">{row.original.userEmail}</span>
              </span>
            ) : (
              <Badge>{t("notLinked")}</Badge>
            ),
        }),
        column.accessor("groupCount", {
          header: t("columns.groups"),
          enableSorting: true,
          cell: ({ getValue }) => formatCount(getValue()),
          meta: { align: "end", className: "tabular-nums" },
        }),
        column.accessor("archivedAt", {
          id: "status",
          header: t("columns.status"),
          cell: ({ getValue }) => (getValue() ? <Badge>{t("status.archived")}</Badge> : <Badge tone="green">{t("status.active")}</Badge>),
        }),
        column.accessor("createdAt", {
          header: t("columns.created"),
          enableSorting: true,
          cell: ({ getValue }) => formatDate(getValue(), timeZone),
          meta: { className: "whitespace-nowrap tabular-nums" },
        }),
      ]),
    [t, tPlatform, timeZone],
  );

  const filters = useMemo<DataTableFilter[]>(
    () => [
      {
        kind: "select",
        key: "platform",
        label: t("filters.platform"),
        allLabel: t("filters.allPlatforms"),
        options: INFLUENCER_PLATFORMS.map((p) => ({ value: p, label: tPlatform(p) })),
      },
      { kind: "toggle", key: "archived", label: t("filters.showArchived") },
    ],
    [t, tPlatform],
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
      testId="influencers-table"
      empty={{
        icon: <Icon name="influencers" />,
        title: t("empty.title"),
        description: t("empty.description"),
        action: canWrite ? (
          <ButtonLink href="/influencers/new" size="sm">
            <Icon name="plus" className="size-4" />
            {t("new")}
          </ButtonLink>
        ) : undefined,
      }}
    />
  );
}

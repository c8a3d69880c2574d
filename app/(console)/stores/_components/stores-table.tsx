"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Icon } from "@/components/layout/icons";
import { DataTable, createDataTableColumnHelper, type DataTableFilter } from "@/components/data-table/data-table";
import type { StoreListParams } from "@/lib/stores/schemas";
import type { StoreTableRow } from "@/lib/stores/queries";
import { formatDate } from "@/lib/format";

const column = createDataTableColumnHelper<StoreTableRow>();
const rowId = (row: StoreTableRow) => row.id;
/** Clerks named in a row before "+N more". */
const CLERKS_SHOWN = 3;

/** The stores list: the columns live here because cell renderers cannot come from the server page. */
export function StoresTable({
  rows,
  total,
  params,
  canWrite,
  timeZone,
}: {
  rows: StoreTableRow[];
  total: number;
  params: StoreListParams;
  canWrite: boolean;
  timeZone: string;
}) {
  const t = useTranslations("stores");

  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("name", {
          header: t("columns.name"),
          enableSorting: true,
          cell: ({ row }) => (
            <Link
              href={`/stores/${row.original.id}`}
              className="block max-w-64 truncate font-medium whitespace-nowrap text-zinc-900 hover:text-rose-700 hover:underline focus-visible:outline-2 focus-visible:outline-rose-600"
              title={row.original.name}
              data-testid="store-link"
            >
              {row.original.name}
            </Link>
          ),
        }),
        column.accessor("address", {
          header: t("columns.address"),
          enableSorting: true,
          cell: ({ getValue }) => getValue() || <span className="text-zinc-400">—</span>,
          meta: { className: "min-w-48" },
        }),
        column.accessor("clerkCount", {
          id: "clerkCount",
          header: t("columns.clerks"),
          enableSorting: true,
          cell: ({ row }) => {
            const clerks = row.original.clerks;
            if (clerks.length === 0) return <span className="text-zinc-400">{t("noClerks")}</span>;
            const shown = clerks.slice(0, CLERKS_SHOWN).map((c) => c.name);
            return (
              <span title={clerks.map((c) => c.name).join(t("listSeparator"))}>
                {shown.join(t("listSeparator"))}
                {clerks.length > CLERKS_SHOWN ? <span className="ml-1 text-zinc-500">{t("clerksMore", { count: clerks.length - CLERKS_SHOWN })}</span> : null}
              </span>
            );
          },
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
    [t, timeZone],
  );

  const filters = useMemo<DataTableFilter[]>(() => [{ kind: "toggle", key: "archived", label: t("filters.showArchived") }], [t]);

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
      testId="stores-table"
      empty={{
        icon: <Icon name="stores" />,
        title: t("empty.title"),
        description: t("empty.description"),
        action: canWrite ? (
          <ButtonLink href="/stores/new" size="sm">
            <Icon name="plus" className="size-4" />
            {t("new")}
          </ButtonLink>
        ) : undefined,
      }}
    />
  );
}

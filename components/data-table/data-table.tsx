"use client";

/**
 * DataTable: one server-driven table (TanStack Table v9, manual sorting and paging) whose state lives
 * in the URL, so the server component re-queries on every change and a link or reload shows the same rows.
 *
 * HOW A PAGE USES IT
 *
 * 1. Params (server, shared by page and query): describe the list's URL in a module without "use client",
 *    e.g. `lib/influencers/schemas.ts`:
 *
 *      export const influencerListParams = listParamsSchema({
 *        sort: ["displayName", "platform", "createdAt"], defaultSort: "displayName",   // sortable column ids
 *        filters: { platform: z.enum(platformEnum.enumValues), archived: z.literal("1") },
 *      });
 *
 * 2. Query (server): take the parsed params, return `{ rows, total }`:
 *    ORDER BY the `sort` column in `dir` (plus id as tie-breaker), LIMIT `pageSize` OFFSET `pageOffset(params)`,
 *    and `count(*)` over the same WHERE (search `q`, filters, organisation).
 *
 * 3. Page (server component):
 *
 *      export default async function Page({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
 *        const ctx = await requirePageContext("influencer:read");
 *        const params = parseListParams(influencerListParams, await searchParams);   // never throws
 *        const { rows, total } = await listInfluencersTable(ctx.orgId, params);
 *        return <InfluencersTable rows={rows} total={total} params={params} canWrite={...} />;
 *      }
 *
 *    Rows must be plain serialisable data (Dates are fine; no class instances or functions).
 *
 * 4. Columns (client): render functions cannot cross the server/client boundary, so each list has a
 *    small client wrapper, e.g. `app/(console)/influencers/_components/influencers-table.tsx`:
 *
 *      "use client";
 *      const column = createDataTableColumnHelper<InfluencerRow>();
 *      const rowId = (r: InfluencerRow) => r.id;                        // module scope: stable
 *      export function InfluencersTable({ rows, total, params }: {...}) {
 *        const t = useTranslations("influencers");
 *        const columns = useMemo(() => column.columns([               // stable between renders
 *          column.accessor("displayName", { header: t("columns.name"), enableSorting: true,
 *                                           cell: (c) => <Link href={`/influencers/${c.row.original.id}`}>{c.getValue()}</Link> }),
 *          column.accessor("platform", { header: t("columns.platform"), enableSorting: true }),
 *          column.display({ id: "actions", header: "", cell: ..., meta: { align: "end" } }),
 *        ]), [t]);
 *        return <DataTable columns={columns} data={rows} total={total} params={params}
 *                 getRowId={rowId} search={{ placeholder: t("search") }}
 *                 filters={filters}   // useMemo'd: [{ kind: "select", key: "platform", label, allLabel, options },
 *                                     //            { kind: "toggle", key: "archived", label }]
 *                 empty={{ title: t("empty.title"), description: t("empty.description"), action: <ButtonLink …/> }} />;
 *      }
 *
 *    A column is sortable when it sets `enableSorting: true` (all others are not); its id (the accessor key,
 *    or `id`) is what goes into `?sort=`, so it must be one of the schema's `sort` values. Per-column
 *    styling goes in `meta: { align, className, headerClassName }`.
 *
 * PROPS
 *   columns    from `createDataTableColumnHelper<Row>().columns([...])`, memoised in the client wrapper
 *   data       the current page's rows (already searched, filtered, sorted and sliced by the server)
 *   total      the row count over all pages for the current search and filters
 *   params     the parsed params (base keys + filter keys), so the controls show what the server used
 *   getRowId   a stable id per row
 *   search     `{ placeholder, label? }` shows a debounced search box bound to `?q=`; omit for none
 *   filters    select filters (`?key=value`, "" = all) and toggles (`?key=1` when on); values are strings
 *   toolbar    extra controls at the right of the toolbar (e.g. a "New" button)
 *   empty      `{ title, description?, action?, icon? }` shown when the list has no rows at all;
 *              with a search or filter active a "no matches" state with "clear" is shown instead
 *   pageSizes  offer a page-size select (values from PAGE_SIZES); omit to hide it
 *   testId     data-testid of the <table>
 *
 * URL: the table changes only the keys it owns (q, sort, dir, page, pageSize and the filter keys) and keeps
 * any others; defaults it never set stay out of the URL (`page=1` is always dropped). Changing the search,
 * a filter, the sort or the page size goes back to page 1. Search is debounced (300 ms, or Enter) and
 * replaces the history entry; paging, sorting and filters push one. Navigation runs in a transition: the
 * current rows stay, dimmed, until the server's answer arrives. Any page that renders a DataTable must be
 * dynamic (it reads searchParams), which every console page is.
 */

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import {
  createColumnHelper,
  functionalUpdate,
  metaHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type PaginationState,
  type RowData,
  type SortingState,
} from "@tanstack/react-table";
import { cn } from "@/components/ui/cn";
import { controlClasses } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { pageCount as countPages, type ListParamsBase, type SortDirection } from "./params";

/** Per-column presentation, set as `meta` on a column definition. */
export type DataTableColumnMeta = {
  align?: "start" | "end";
  /** Classes for this column's body cells. */
  className?: string;
  /** Classes for this column's header cell. */
  headerClassName?: string;
};

/** The table features every DataTable registers: server-side sorting and paging, typed column meta. */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;

/** A column helper for a DataTable's rows: `createDataTableColumnHelper<Row>().columns([...])`. */
export function createDataTableColumnHelper<TData extends RowData>() {
  return createColumnHelper<DataTableFeatures, TData>();
}

// `any`: the columns of one table carry different value types (string, Date, number…).
export type DataTableColumns<TData extends RowData> = ReadonlyArray<ColumnDef<DataTableFeatures, TData, any>>;

export type DataTableFilter =
  | {
      kind: "select";
      key: string;
      label: string;
      /** The option that clears the filter (e.g. "All platforms"). */
      allLabel: string;
      options: readonly { value: string; label: string }[];
    }
  | {
      kind: "toggle";
      key: string;
      label: string;
      /** The URL value when on; "1" unless given. */
      value?: string;
    };

export type DataTableProps<TData extends RowData> = {
  columns: DataTableColumns<TData>;
  data: TData[];
  total: number;
  params: ListParamsBase & Record<string, unknown>;
  getRowId: (row: TData) => string;
  search?: { placeholder: string; label?: string };
  filters?: readonly DataTableFilter[];
  toolbar?: ReactNode;
  empty: { title: ReactNode; description?: ReactNode; action?: ReactNode; icon?: ReactNode };
  pageSizes?: readonly number[];
  testId?: string;
};

const SEARCH_DEBOUNCE_MS = 300;
/** The form-control look without its full width: the toolbar's selects size to their content. */
const compactControl = controlClasses.replace("block w-full ", "");

// Sorting only by columns that opt in, one column at a time, always asc ⇄ desc (there is always an order).
const defaultColumn = { enableSorting: false, sortDescFirst: false } as const;

export function DataTable<TData extends RowData>({
  columns,
  data,
  total,
  params,
  getRowId,
  search,
  filters = [],
  toolbar,
  empty,
  pageSizes,
  testId,
}: DataTableProps<TData>) {
  const t = useTranslations("dataTable");
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();

  const [searchValue, setSearchValue] = useState(params.q);
  // The q this component last asked for: while that request is in flight, a stale `params.q` must not
  // overwrite what the person is still typing; any other change of `params.q` (back button) is adopted.
  const requestedQ = useRef(params.q);
  useEffect(() => {
    if (params.q !== requestedQ.current) {
      requestedQ.current = params.q;
      setSearchValue(params.q);
    }
  }, [params.q]);

  /**
   * Navigates to the list with `changes` applied to the current URL (undefined or "" removes a key, and
   * page 1 is the default so it is dropped). Keys that were never set stay out of the URL.
   */
  function navigate(changes: Record<string, string | number | undefined>, { replace = false } = {}) {
    const next = new URLSearchParams(searchParams.toString());
    // Whatever is typed in the search box goes along, even if its debounce has not fired yet.
    const all = { q: searchValue.trim(), ...changes };
    for (const [key, value] of Object.entries(all)) {
      if (value === undefined || value === "" || (key === "page" && Number(value) === 1)) next.delete(key);
      else next.set(key, String(value));
    }
    requestedQ.current = String(all.q ?? "");
    const query = next.toString();
    const href = query ? `${pathname}?${query}` : pathname;
    startTransition(() => {
      if (replace) router.replace(href, { scroll: false });
      else router.push(href, { scroll: false });
    });
  }

  // Debounced search: the URL follows the box once typing pauses.
  useEffect(() => {
    const q = searchValue.trim();
    if (q === requestedQ.current) return;
    const timer = setTimeout(() => navigate({ q, page: 1 }, { replace: true }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // Only a change of the typed text starts a search; `navigate` is recreated every render.
  }, [searchValue]);

  // Controlled slices derived from the URL; memoised so the table sees new state only when the URL changes.
  const sorting = useMemo<SortingState>(() => [{ id: params.sort, desc: params.dir === "desc" }], [params.sort, params.dir]);
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: params.page - 1, pageSize: params.pageSize }), [params.page, params.pageSize]);

  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId,
    defaultColumn,
    rowCount: total,
    manualSorting: true,
    manualPagination: true,
    // The server owns the page: new data must never reset the URL's page or sort.
    autoResetPageIndex: false,
    autoResetSorting: false,
    enableMultiSort: false,
    enableSortingRemoval: false,
    state: { sorting, pagination },
    onSortingChange: (updater) => {
      const [first] = functionalUpdate(updater, sorting);
      if (!first) return;
      navigate({ sort: first.id, dir: (first.desc ? "desc" : "asc") satisfies SortDirection, page: 1 });
    },
    onPaginationChange: (updater) => {
      const nextPage = functionalUpdate(updater, pagination);
      if (nextPage.pageSize !== pagination.pageSize) navigate({ pageSize: nextPage.pageSize, page: 1 });
      else navigate({ page: nextPage.pageIndex + 1 });
    },
  });

  const filtered = params.q !== "" || filters.some((f) => params[f.key] !== undefined && params[f.key] !== "");
  const rows = table.getRowModel().rows;
  const pages = countPages(total, params.pageSize);
  const from = total === 0 ? 0 : (params.page - 1) * params.pageSize + 1;
  const to = Math.min(total, params.page * params.pageSize);

  function clearAll() {
    setSearchValue("");
    navigate({ q: "", page: 1, ...Object.fromEntries(filters.map((f) => [f.key, undefined])) });
  }

  const showToolbar = Boolean(search || filters.length || toolbar);

  return (
    <div className="flex flex-col">
      {showToolbar ? (
        <div className="flex flex-col gap-3 border-b border-zinc-200 px-4 py-3 sm:flex-row sm:flex-wrap sm:items-center sm:px-5">
          {search ? (
            <div className="relative w-full sm:w-72">
              <SearchIcon />
              <input
                type="search"
                value={searchValue}
                onChange={(e) => setSearchValue(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    navigate({ q: searchValue.trim(), page: 1 }, { replace: true });
                  }
                }}
                placeholder={search.placeholder}
                aria-label={search.label ?? search.placeholder}
                maxLength={100}
                data-testid="data-table-search"
                className={cn(controlClasses, "h-9 pl-9")}
              />
            </div>
          ) : null}
          {filters.length ? (
            <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
              {filters.map((f) =>
                f.kind === "select" ? (
                  <select
                    key={f.key}
                    aria-label={f.label}
                    value={typeof params[f.key] === "string" ? (params[f.key] as string) : ""}
                    onChange={(e) => navigate({ [f.key]: e.target.value, page: 1 })}
                    data-testid={`data-table-filter-${f.key}`}
                    className={cn(compactControl, "h-9 min-w-32 flex-1 pr-8 sm:flex-none")}
                  >
                    <option value="">{f.allLabel}</option>
                    {f.options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                ) : (
                  <label key={f.key} className="inline-flex cursor-pointer items-center gap-2 text-sm whitespace-nowrap text-zinc-700 select-none">
                    <input
                      type="checkbox"
                      checked={params[f.key] !== undefined && params[f.key] !== ""}
                      onChange={(e) => navigate({ [f.key]: e.target.checked ? (f.value ?? "1") : undefined, page: 1 })}
                      data-testid={`data-table-filter-${f.key}`}
                      className="size-4 rounded border-zinc-300 accent-rose-600"
                    />
                    {f.label}
                  </label>
                ),
              )}
            </div>
          ) : null}
          {toolbar ? <div className="flex items-center gap-2 sm:ml-auto">{toolbar}</div> : null}
        </div>
      ) : null}

      {rows.length === 0 ? (
        total > 0 ? (
          <EmptyState
            title={t("emptyPage.title")}
            description={<p>{t("emptyPage.description")}</p>}
            action={
              <Button variant="secondary" size="sm" onClick={() => table.firstPage()}>
                {t("emptyPage.action")}
              </Button>
            }
          />
        ) : filtered ? (
          <EmptyState
            icon={<SearchIcon inline />}
            title={t("noMatches.title")}
            description={<p>{t("noMatches.description")}</p>}
            action={
              <Button variant="secondary" size="sm" onClick={clearAll} data-testid="data-table-clear">
                {t("noMatches.action")}
              </Button>
            }
          />
        ) : (
          <EmptyState icon={empty.icon} title={empty.title} description={empty.description ? <p>{empty.description}</p> : undefined} action={empty.action} />
        )
      ) : (
        <div className="relative overflow-x-auto">
          <table
            data-testid={testId}
            aria-busy={pending || undefined}
            className={cn("w-full min-w-[40rem] border-collapse text-left text-sm transition-opacity", pending && "opacity-60")}
          >
            <thead className="border-b border-zinc-200 bg-zinc-50/80">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const meta = header.column.columnDef.meta;
                    const sortable = header.column.getCanSort();
                    const sorted = header.column.getIsSorted();
                    return (
                      <th
                        key={header.id}
                        scope="col"
                        aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                        className={cn(
                          "px-5 py-2.5 text-xs font-medium tracking-wide whitespace-nowrap text-zinc-500 uppercase",
                          meta?.align === "end" && "text-right",
                          meta?.headerClassName,
                        )}
                      >
                        {header.isPlaceholder ? null : sortable ? (
                          <button
                            type="button"
                            onClick={header.column.getToggleSortingHandler()}
                            title={sorted === "asc" ? t("sortedAsc") : sorted === "desc" ? t("sortedDesc") : t("sortBy")}
                            data-testid={`data-table-sort-${header.column.id}`}
                            className={cn(
                              "-mx-1 inline-flex items-center gap-1 rounded px-1 uppercase hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-rose-600",
                              sorted && "text-zinc-900",
                            )}
                          >
                            <table.FlexRender header={header} />
                            <SortIcon dir={sorted} />
                          </button>
                        ) : (
                          <table.FlexRender header={header} />
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {rows.map((row) => (
                <tr key={row.id} className="hover:bg-zinc-50/60" data-testid="data-table-row">
                  {row.getAllCells().map((cell) => {
                    const meta = cell.column.columnDef.meta;
                    return (
                      <td key={cell.id} className={cn("px-5 py-3 align-middle text-zinc-700", meta?.align === "end" && "text-right", meta?.className)}>
                        <table.FlexRender cell={cell} />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {rows.length > 0 ? (
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 px-4 py-3 text-sm text-zinc-600 sm:px-5">
          <p className="tabular-nums" aria-live="polite" data-testid="data-table-range">
            {t("range", { from, to, total })}
          </p>
          <div className="flex flex-wrap items-center gap-2">
            {pageSizes?.length ? (
              <select
                aria-label={t("pageSizeLabel")}
                value={params.pageSize}
                onChange={(e) => table.setPageSize(Number(e.target.value))}
                className={cn(compactControl, "h-8 pr-8")}
              >
                {[...new Set([...pageSizes, params.pageSize])]
                  .sort((a, b) => a - b)
                  .map((size) => (
                    <option key={size} value={size}>
                      {t("pageSize", { size })}
                    </option>
                  ))}
              </select>
            ) : null}
            <span className="px-1 tabular-nums whitespace-nowrap">{t("page", { page: params.page, pages })}</span>
            <Button
              variant="secondary"
              size="sm"
              onClick={() => table.previousPage()}
              disabled={!table.getCanPreviousPage() || pending}
              data-testid="data-table-prev"
            >
              <ChevronIcon dir="left" />
              {t("previous")}
            </Button>
            <Button variant="secondary" size="sm" onClick={() => table.nextPage()} disabled={!table.getCanNextPage() || pending} data-testid="data-table-next">
              {t("next")}
              <ChevronIcon dir="right" />
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function SearchIcon({ inline = false }: { inline?: boolean }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
      strokeLinecap="round"
      aria-hidden="true"
      className={inline ? "size-6" : "pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400"}
    >
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-3.5-3.5" />
    </svg>
  );
}

function SortIcon({ dir }: { dir: false | SortDirection }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="size-3.5 shrink-0">
      {dir === "asc" ? <path d="m6 15 6-6 6 6" /> : dir === "desc" ? <path d="m6 9 6 6 6-6" /> : <path d="m7 15 5 5 5-5M7 9l5-5 5 5" className="opacity-40" />}
    </svg>
  );
}

function ChevronIcon({ dir }: { dir: "left" | "right" }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="size-4">
      <path d={dir === "left" ? "m15 18-6-6 6-6" : "m9 18 6-6-6-6"} />
    </svg>
  );
}

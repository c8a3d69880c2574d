"use client";

/**
 * A group's codes, paged by the server with keyset cursors (listCodes): the URL holds the status filter,
 * the code search, the sort, the page size, the cursor of this page and the cursors of the pages before it
 * (`prev`), so "previous" works without OFFSET and a link shows the same rows. TanStack Table v9 with
 * manual sorting and row selection (for voiding); components/data-table is offset-paged, which a
 * million-code group cannot afford on deep pages.
 */

import { usePathname, useRouter } from "next/navigation";
import { useActionState, useEffect, useMemo, useRef, useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import {
  createColumnHelper,
  functionalUpdate,
  metaHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type RowSelectionState,
  type SortingState,
} from "@tanstack/react-table";
import type { ActionState } from "@/lib/action-state";
import { voidCodesAction } from "@/lib/codes/actions";
import { formatDateTime } from "@/lib/format";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { controlClasses, Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";
import { CodeStatusBadge } from "./group-status-badge";
import { QrIcon } from "./qr-dialog";

export type CodeTableRow = {
  id: number;
  seq: number;
  code: string;
  status: string;
  claimedAt: Date | null;
  redeemedAt: Date | null;
  expiresAt: Date | null;
};

export type CodeTableParams = {
  status?: string;
  q?: string;
  sort: "seq" | "code" | "claimedAt" | "redeemedAt";
  dir: "asc" | "desc";
  cursor?: string;
  limit: number;
  prev: string[];
};

const STATUSES = ["available", "claimed", "redeemed", "expired", "void", "frozen"] as const;
const SORTABLE = new Set(["seq", "code", "claimedAt", "redeemedAt"]);
const VOIDABLE = new Set(["available", "claimed"]);
const SEARCH_DEBOUNCE_MS = 300;

type Meta = { align?: "start" | "end"; className?: string };
const features = tableFeatures({ rowSortingFeature, rowSelectionFeature, columnMeta: metaHelper<Meta>() });
const column = createColumnHelper<typeof features, CodeTableRow>();
const defaultColumn = { enableSorting: false, sortDescFirst: false } as const;

export function CodesTable({
  groupId,
  rows,
  nextCursor,
  params,
  pageSizes,
  canVoid,
  timeZone,
}: {
  groupId: string;
  rows: CodeTableRow[];
  nextCursor: string | null;
  params: CodeTableParams;
  pageSizes: readonly number[];
  canVoid: boolean;
  timeZone: string;
}) {
  const t = useTranslations("groups.codes");
  const tStatus = useTranslations("groups.codeStatus");
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [search, setSearch] = useState(params.q ?? "");
  const requestedQ = useRef(params.q ?? "");
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [qrCode, setQrCode] = useState<string | null>(null);
  const [voiding, setVoiding] = useState<string[] | null>(null);

  // A new page of rows starts with nothing selected.
  useEffect(() => setRowSelection({}), [rows]);
  useEffect(() => {
    if ((params.q ?? "") !== requestedQ.current) {
      requestedQ.current = params.q ?? "";
      setSearch(params.q ?? "");
    }
  }, [params.q]);

  /** Navigates with `changes`; anything but a page move starts again from the first page. */
  function navigate(changes: Partial<Record<"status" | "q" | "sort" | "dir" | "limit" | "cursor" | "prev", string | undefined>>, replace = false) {
    const paging = "cursor" in changes || "prev" in changes;
    const next: Record<string, string | undefined> = {
      status: params.status,
      q: params.q,
      sort: params.sort === "seq" ? undefined : params.sort,
      dir: params.dir === "asc" ? undefined : params.dir,
      limit: params.limit === 50 ? undefined : String(params.limit),
      cursor: paging ? params.cursor : undefined,
      prev: paging ? params.prev.join(",") : undefined,
      ...changes,
    };
    if ("q" in changes) requestedQ.current = changes.q ?? "";
    const query = new URLSearchParams(Object.entries(next).filter((e): e is [string, string] => Boolean(e[1]))).toString();
    const href = query ? `${pathname}?${query}` : pathname;
    startTransition(() => (replace ? router.replace(href, { scroll: false }) : router.push(href, { scroll: false })));
  }

  useEffect(() => {
    const q = search.trim();
    if (q === requestedQ.current) return;
    const timer = setTimeout(() => navigate({ q: q || undefined }, true), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // Only typing starts a search; `navigate` is recreated every render.
  }, [search]);

  const columns = useMemo(
    () =>
      column.columns([
        ...(canVoid
          ? [
              column.display({
                id: "select",
                header: ({ table }) => (
                  <input
                    type="checkbox"
                    aria-label={t("selectPage")}
                    checked={table.getIsAllPageRowsSelected()}
                    ref={(el) => {
                      if (el) el.indeterminate = table.getIsSomePageRowsSelected();
                    }}
                    onChange={table.getToggleAllPageRowsSelectedHandler()}
                    className="size-4 rounded border-zinc-300 accent-rose-600"
                  />
                ),
                cell: ({ row }) => (
                  <input
                    type="checkbox"
                    aria-label={t("selectCode", { code: row.original.code })}
                    checked={row.getIsSelected()}
                    disabled={!row.getCanSelect()}
                    onChange={row.getToggleSelectedHandler()}
                    className="size-4 rounded border-zinc-300 accent-rose-600 disabled:opacity-30"
                  />
                ),
                meta: { className: "w-10 pr-0" },
              }),
            ]
          : []),
        column.accessor("seq", { header: "#", enableSorting: true, cell: (c) => <span className="text-zinc-500 tabular-nums">{c.getValue()}</span>, meta: { className: "w-16" } }),
        column.accessor("code", {
          header: t("columns.code"),
          enableSorting: true,
          cell: (c) => <span className="font-mono text-zinc-900" data-testid="code-value">{c.getValue()}</span>,
        }),
        column.accessor("status", { header: t("columns.status"), cell: (c) => <CodeStatusBadge status={c.getValue()} /> }),
        column.accessor("claimedAt", { header: t("columns.claimedAt"), enableSorting: true, cell: (c) => <Time value={c.getValue()} timeZone={timeZone} /> }),
        column.accessor("redeemedAt", { header: t("columns.redeemedAt"), enableSorting: true, cell: (c) => <Time value={c.getValue()} timeZone={timeZone} /> }),
        column.accessor("expiresAt", { header: t("columns.expiresAt"), cell: (c) => <Time value={c.getValue()} timeZone={timeZone} /> }),
        column.display({
          id: "actions",
          header: () => <span className="sr-only">{t("columns.actions")}</span>,
          cell: ({ row }) => (
            <div className="flex justify-end gap-1">
              <Button variant="ghost" size="sm" onClick={() => setQrCode(row.original.code)} aria-label={t("qr.open", { code: row.original.code })} title={t("qr.open", { code: row.original.code })}>
                <QrIcon />
              </Button>
              {canVoid && VOIDABLE.has(row.original.status) ? (
                <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50 hover:text-red-800" onClick={() => setVoiding([row.original.code])} data-testid="code-void">
                  {t("void.one")}
                </Button>
              ) : null}
            </div>
          ),
          meta: { align: "end" },
        }),
      ]),
    [canVoid, t, timeZone],
  );

  const sorting = useMemo<SortingState>(() => [{ id: params.sort, desc: params.dir === "desc" }], [params.sort, params.dir]);
  const table = useTable({
    features,
    columns,
    data: rows,
    defaultColumn,
    getRowId: (r) => r.code,
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    autoResetSorting: false,
    enableRowSelection: (row) => canVoid && VOIDABLE.has(row.original.status),
    state: { sorting, rowSelection },
    onRowSelectionChange: setRowSelection,
    onSortingChange: (updater) => {
      const [first] = functionalUpdate(updater, sorting);
      if (!first || !SORTABLE.has(first.id)) return;
      navigate({ sort: first.id === "seq" ? undefined : first.id, dir: first.desc ? "desc" : undefined });
    },
  });

  const selected = Object.keys(rowSelection).filter((k) => rowSelection[k]);
  const filtered = Boolean(params.status || params.q);
  const page = params.prev.length + 1;

  return (
    <div className="flex flex-col">
      <div className="flex flex-col gap-3 border-b border-zinc-200 px-4 py-3 sm:flex-row sm:flex-wrap sm:items-center sm:px-5">
        <div className="relative w-full sm:w-64">
          <SearchIcon />
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value.toUpperCase())}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                navigate({ q: search.trim() || undefined }, true);
              }
            }}
            placeholder={t("search")}
            aria-label={t("search")}
            maxLength={40}
            autoComplete="off"
            spellCheck={false}
            data-testid="codes-search"
            className={cn(controlClasses, "h-9 pl-9 font-mono uppercase placeholder:font-sans placeholder:normal-case")}
          />
        </div>
        <div className="w-full sm:w-40">
          <select
            aria-label={t("statusFilter")}
            value={params.status ?? ""}
            onChange={(e) => navigate({ status: e.target.value || undefined })}
            data-testid="codes-status"
            className={cn(controlClasses, "h-9 pr-8")}
          >
            <option value="">{t("allStatuses")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {tStatus(s)}
              </option>
            ))}
          </select>
        </div>
        {canVoid ? (
          <div className="flex items-center gap-2 sm:ml-auto">
            {selected.length ? <span className="text-sm text-zinc-600 tabular-nums">{t("selected", { count: selected.length })}</span> : null}
            <Button variant="danger" size="sm" disabled={selected.length === 0} onClick={() => setVoiding(selected)} data-testid="codes-void-selected">
              {t("void.selected")}
            </Button>
          </div>
        ) : null}
      </div>
      {params.sort === "claimedAt" || params.sort === "redeemedAt" ? (
        <p className="border-b border-zinc-100 bg-zinc-50 px-5 py-2 text-xs text-zinc-500">{t(params.sort === "claimedAt" ? "sortNote.claimed" : "sortNote.redeemed")}</p>
      ) : null}

      {rows.length === 0 ? (
        filtered || params.cursor ? (
          <EmptyState
            title={t("noMatches.title")}
            description={<p>{t("noMatches.description")}</p>}
            action={
              <Button
                variant="secondary"
                size="sm"
                onClick={() => {
                  setSearch("");
                  navigate({ q: undefined, status: undefined });
                }}
              >
                {t("noMatches.action")}
              </Button>
            }
          />
        ) : (
          <EmptyState title={t("empty")} />
        )
      ) : (
        <div className="relative overflow-x-auto">
          <table
            data-testid="codes-table"
            aria-busy={pending || undefined}
            className={cn("w-full min-w-[52rem] border-collapse text-left text-sm transition-opacity", pending && "opacity-60")}
          >
            <thead className="border-b border-zinc-200 bg-zinc-50/80">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const meta = header.column.columnDef.meta;
                    const sorted = header.column.getIsSorted();
                    return (
                      <th
                        key={header.id}
                        scope="col"
                        aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                        className={cn("px-4 py-2.5 text-xs font-medium tracking-wide whitespace-nowrap text-zinc-500 uppercase", meta?.align === "end" && "text-right", meta?.className)}
                      >
                        {header.column.getCanSort() ? (
                          <button
                            type="button"
                            onClick={header.column.getToggleSortingHandler()}
                            data-testid={`codes-sort-${header.column.id}`}
                            className={cn("-mx-1 inline-flex items-center gap-1 rounded px-1 uppercase hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-rose-600", sorted && "text-zinc-900")}
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
              {table.getRowModel().rows.map((row) => (
                <tr key={row.id} className={cn("hover:bg-zinc-50/60", row.getIsSelected() && "bg-rose-50/50")} data-testid="code-row">
                  {row.getAllCells().map((cell) => {
                    const meta = cell.column.columnDef.meta;
                    return (
                      <td key={cell.id} className={cn("px-4 py-2.5 align-middle whitespace-nowrap text-zinc-700", meta?.align === "end" && "text-right", meta?.className)}>
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

      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 px-4 py-3 text-sm text-zinc-600 sm:px-5">
        <p className="tabular-nums" aria-live="polite">
          {t("page", { page })}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <div className="w-32">
            <select
              aria-label={t("pageSize")}
              value={params.limit}
              onChange={(e) => navigate({ limit: e.target.value === "50" ? undefined : e.target.value })}
              className={cn(controlClasses, "h-8 pr-8")}
            >
              {pageSizes.map((size) => (
                <option key={size} value={size}>
                  {t("perPage", { size })}
                </option>
              ))}
            </select>
          </div>
          <Button
            variant="secondary"
            size="sm"
            disabled={page === 1 || pending}
            onClick={() => {
              const prev = params.prev.slice(0, -1);
              const cursor = params.prev.at(-1);
              navigate({ cursor: cursor && cursor !== "0" ? cursor : undefined, prev: prev.join(",") || undefined });
            }}
            data-testid="codes-prev"
          >
            {t("previous")}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={!nextCursor || pending}
            onClick={() => navigate({ cursor: nextCursor ?? undefined, prev: [...params.prev, params.cursor ?? "0"].join(",") })}
            data-testid="codes-next"
          >
            {t("next")}
          </Button>
        </div>
      </div>

      <CodeQrDialog groupId={groupId} code={qrCode} onClose={() => setQrCode(null)} />
      {canVoid ? <VoidDialog groupId={groupId} codes={voiding} onClose={() => setVoiding(null)} /> : null}
    </div>
  );
}

function Time({ value, timeZone }: { value: Date | null; timeZone: string }) {
  if (!value) return <span className="text-zinc-300">—</span>;
  return <span className="tabular-nums">{formatDateTime(value, timeZone)}</span>;
}

/** One code's QR, as a consumer shows it and a clerk's scanner reads it. */
function CodeQrDialog({ groupId, code, onClose }: { groupId: string; code: string | null; onClose: () => void }) {
  const t = useTranslations("groups.codes.qr");
  const tCommon = useTranslations("common");
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (code && !dialog.current?.open) dialog.current?.showModal();
  }, [code]);
  const src = code ? `/groups/${groupId}/codes/${encodeURIComponent(code)}/qr` : "";
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="code-qr-title"
      className="m-auto w-[calc(100%-2rem)] max-w-sm rounded-xl border border-zinc-200 p-0 text-left shadow-xl backdrop:bg-zinc-900/40"
    >
      {code ? (
        <div className="p-6">
          <h2 id="code-qr-title" className="text-base font-semibold text-zinc-900">
            {t("title")}
          </h2>
          <p className="mt-1 text-sm text-zinc-500">{t("description")}</p>
          <div className="mt-4 flex flex-col items-center rounded-lg border border-zinc-200 bg-white p-3" data-testid="code-qr">
            <img src={`${src}?format=svg`} alt={t("alt", { code })} width={224} height={224} className="size-56" />
            <p className="mt-2 font-mono text-lg tracking-wider text-zinc-900">{code}</p>
          </div>
          <div className="mt-6 flex flex-wrap justify-end gap-2">
            <a className={buttonClasses({ variant: "secondary" })} href={`${src}?format=png&size=print&download=1`} download>
              {t("download")}
            </a>
            <Button onClick={() => dialog.current?.close()}>{tCommon("close")}</Button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}

/** Void the given codes, with a reason (each one is audited). */
function VoidDialog({ groupId, codes, onClose }: { groupId: string; codes: string[] | null; onClose: () => void }) {
  const t = useTranslations("groups.codes.void");
  const tCommon = useTranslations("common");
  const message = useMessage();
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, action, pending] = useActionState<ActionState, FormData>(voidCodesAction, {});
  const handled = useRef<ActionState | null>(null);
  useEffect(() => {
    if (codes && !dialog.current?.open) dialog.current?.showModal();
  }, [codes]);
  useEffect(() => {
    if (state.ok && handled.current !== state) {
      handled.current = state;
      dialog.current?.close();
    }
  }, [state]);
  const show = codes ?? [];
  return (
    <>
      {state.ok && state.message ? (
        <p role="status" className="border-t border-emerald-200 bg-emerald-50 px-5 py-2 text-sm text-emerald-800" data-testid="codes-void-done">
          {t("done", { count: Number(state.values?.count ?? 0) })}
        </p>
      ) : null}
      <dialog
        ref={dialog}
        onClose={onClose}
        aria-labelledby="void-title"
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-zinc-200 p-0 text-left shadow-xl backdrop:bg-zinc-900/40"
      >
        <form action={action} className="p-6">
          <input type="hidden" name="groupId" value={groupId} />
          {show.map((c) => (
            <input key={c} type="hidden" name="code" value={c} />
          ))}
          <h2 id="void-title" className="text-base font-semibold text-zinc-900">
            {t("title", { count: show.length })}
          </h2>
          <p className="mt-2 text-sm text-zinc-600">{t("description")}</p>
          {show.length <= 5 ? <p className="mt-2 font-mono text-sm break-all text-zinc-800">{show.join(", ")}</p> : null}
          <div className="mt-4">
            <Field id="void-reason" label={t("reason")} error={message(state.ok ? undefined : state.fieldErrors?.reason)}>
              {(control) => <Input {...control} name="reason" required maxLength={200} placeholder={t("reasonPlaceholder")} data-testid="void-reason" />}
            </Field>
          </div>
          {state.message && !state.ok ? (
            <p className="mt-3 text-sm text-red-600" role="alert">
              {message(state.message)}
            </p>
          ) : null}
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <SubmitButton variant="destructive" pending={pending} pendingLabel={t("pending")} data-testid="void-confirm">
              {t("confirm")}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}

function SearchIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400">
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-3.5-3.5" />
    </svg>
  );
}

function SortIcon({ dir }: { dir: false | "asc" | "desc" }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="size-3.5 shrink-0">
      {dir === "asc" ? <path d="m6 15 6-6 6 6" /> : dir === "desc" ? <path d="m6 9 6 6 6-6" /> : <path d="m7 15 5 5 5-5M7 9l5-5 5 5" className="opacity-40" />}
    </svg>
  );
}


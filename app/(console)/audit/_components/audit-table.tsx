"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useTranslations } from "next-intl";
import { DataTable, createDataTableColumnHelper } from "@/components/data-table/data-table";
import { cn } from "@/components/ui/cn";
import { formatDateTime } from "@/lib/format";
import type { AuditViewRow } from "@/lib/audit/queries";
import type { AuditListParams } from "@/lib/audit/schemas";

const column = createDataTableColumnHelper<AuditViewRow>();

/** A changed value: absent as a dash, an empty text as "" (so it does not look like a missing cell). */
function show(value: string | null) {
  if (value === null) return <span className="text-zinc-300">—</span>;
  return value === "" ? <span className="font-mono text-zinc-400">""</span> : value;
}
const rowId = (row: AuditViewRow) => row.id;

/** Where an audited object lives in the console, when it has a page. */
function objectHref(type: string, id: string | null): string | null {
  if (!id) return null;
  switch (type) {
    case "campaign":
      return `/campaigns/${id}`;
    case "code_group":
      return `/groups/${id}`;
    case "store":
      return `/stores/${id}`;
    case "influencer":
      return `/influencers/${id}`;
    case "anomaly_alert":
      return "/alerts";
    case "reconciliation_statement": {
      // day:2026-11-11:store:<id>
      const [kind, date, scopeType, scopeId] = id.split(":");
      if (!kind || !date) return null;
      const scope = scopeType === "org" ? "org" : `${scopeType}:${scopeId}`;
      return `/reconciliation/entries?period=${kind}&date=${date}&scope=${encodeURIComponent(scope)}`;
    }
    default:
      return null;
  }
}

/** The audit log: who, what, which object, from where, and the fields that changed. */
export function AuditTable({
  rows,
  total,
  params,
  timeZone,
  filterHref,
  filtered,
}: {
  rows: AuditViewRow[];
  total: number;
  params: AuditListParams;
  timeZone: string;
  /** The current URL with one more filter: `filterHref({ entity, entityId })`. */
  filterHref: Record<string, string>;
  filtered: boolean;
}) {
  const t = useTranslations("audit");
  const columns = useMemo(() => {
    const actionLabel = (action: string) => (t.has(`actions.${action}`) ? t(`actions.${action}`) : action);
    const entityLabel = (type: string) => (t.has(`entity.${type}`) ? t(`entity.${type}`) : type);
    const withFilter = (extra: Record<string, string>) => {
      const q = new URLSearchParams(filterHref);
      for (const [k, v] of Object.entries(extra)) q.set(k, v);
      q.delete("page");
      return `/audit?${q}`;
    };
    return column.columns([
      column.accessor("createdAt", {
        header: t("columns.when"),
        enableSorting: true,
        cell: ({ getValue }) => formatDateTime(getValue(), timeZone),
        meta: { className: "whitespace-nowrap tabular-nums" },
      }),
      column.accessor("actor", {
        header: t("columns.who"),
        cell: ({ getValue }) => {
          const a = getValue();
          if (a.kind === "system") return <span className="text-zinc-500">{t("system")}</span>;
          const label = a.kind === "apiKey" ? t("apiKey", { name: a.name ?? "" }) : a.name;
          return (
            <Link
              href={withFilter({ actor: `${a.kind === "apiKey" ? "key" : "user"}:${a.id}` })}
              title={a.email ?? undefined}
              className="whitespace-nowrap text-zinc-900 hover:text-rose-700 hover:underline"
            >
              {label}
            </Link>
          );
        },
      }),
      column.accessor("action", {
        header: t("columns.action"),
        cell: ({ getValue }) => (
          <span className="flex flex-col">
            <span className="text-zinc-900">{actionLabel(getValue())}</span>
            <span className="font-mono text-xs text-zinc-400">{getValue()}</span>
          </span>
        ),
      }),
      column.display({
        id: "object",
        header: t("columns.object"),
        cell: ({ row }) => {
          const { entityType, entityId, entityName } = row.original;
          const href = objectHref(entityType, entityId);
          // The object by its name when it has one; the id stays in the tooltip.
          const label = entityName ?? (entityId && entityId.length > 12 ? `${entityId.slice(0, 8)}…` : entityId);
          return (
            <span className="flex flex-col whitespace-nowrap">
              <span>{entityLabel(entityType)}</span>
              {entityId ? (
                <span className={cn("flex items-center gap-2 text-xs text-zinc-600", entityName ? "max-w-56 whitespace-normal" : "font-mono")}>
                  {href ? (
                    <Link href={href} className="[overflow-wrap:anywhere] hover:text-rose-700 hover:underline" title={entityId} data-testid="audit-object-link">
                      {label}
                    </Link>
                  ) : (
                    <span title={entityId}>{label}</span>
                  )}
                  <Link
                    href={withFilter({ entity: entityType, entityId })}
                    className="rounded p-0.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700"
                    title={t("onlyThisObject")}
                    aria-label={t("onlyThisObject")}
                    data-testid="audit-filter-object"
                  >
                    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="size-3.5">
                      <path d="M22 3H2l8 9.46V19l4 2v-8.54L22 3z" />
                    </svg>
                  </Link>
                </span>
              ) : null}
            </span>
          );
        },
      }),
      column.accessor("ip", {
        header: t("columns.ip"),
        cell: ({ row }) => (
          <span className="flex flex-col font-mono text-xs text-zinc-500">
            <span>{row.original.ip ?? "—"}</span>
            {row.original.requestId ? (
              <span className="max-w-40 truncate text-[11px] text-zinc-400" title={`${t("requestId")}: ${row.original.requestId}`} data-testid="audit-request-id">
                {row.original.requestId}
              </span>
            ) : null}
          </span>
        ),
      }),
      column.accessor("changes", {
        header: t("columns.changes"),
        cell: ({ getValue }) => {
          const changes = getValue();
          if (changes.length === 0) return <span className="text-zinc-400">{t("diff.none")}</span>;
          return (
            <details className="group max-w-md min-w-72" data-testid="audit-changes">
              <summary className="cursor-pointer text-sm whitespace-nowrap text-rose-700 select-none hover:underline">{t("diff.show", { count: changes.length })}</summary>
              <table className="mt-2 w-full border-collapse text-xs">
                <thead>
                  <tr className="text-left text-zinc-500">
                    <th className="py-1 pr-3 font-medium">{t("diff.field")}</th>
                    <th className="py-1 pr-3 font-medium">{t("diff.before")}</th>
                    <th className="py-1 font-medium">{t("diff.after")}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100">
                  {changes.map((c) => (
                    <tr key={c.field} className="align-top">
                      <td className="py-1 pr-3 font-mono whitespace-nowrap text-zinc-600">{c.field || "—"}</td>
                      <td className="py-1 pr-3 [overflow-wrap:anywhere] text-red-700">{show(c.before)}</td>
                      <td className="py-1 [overflow-wrap:anywhere] text-emerald-700">{show(c.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          );
        },
      }),
    ]);
  }, [t, timeZone, filterHref]);
  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      params={params}
      getRowId={rowId}
      pageSizes={[20, 50, 100]}
      testId="audit-table"
      empty={filtered ? { title: t("empty.filteredTitle"), description: t("empty.filteredDescription") } : { title: t("empty.title"), description: t("empty.description") }}
    />
  );
}

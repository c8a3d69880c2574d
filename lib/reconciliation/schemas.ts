import { z } from "zod";
import { isCalendarDay } from "@/lib/time";
import { listParamsSchema } from "@/components/data-table/params";
import { ENTRY_KINDS_LIST } from "./kinds";
import {
  lastClosedPeriod,
  parseScope,
  periodOf,
  scopeParam,
  type Period,
  type StatementDimension,
  type StatementScope,
} from "./rules";

/** The statement a URL names: `?period=day|week&date=YYYY-MM-DD&by=store|campaign&scope=store:<id>`. Never throws. */
export function readStatementParams(raw: Record<string, string | string[] | undefined> | URLSearchParams, timeZone: string, now: Date) {
  const get = (k: string) => {
    const v = raw instanceof URLSearchParams ? raw.get(k) : raw[k];
    return (Array.isArray(v) ? v[0] : v) ?? undefined;
  };
  const kind = get("period") === "week" ? "week" : "day";
  const date = get("date");
  const period: Period = date && isCalendarDay(date) ? periodOf(kind, date) : lastClosedPeriod(kind, timeZone, now);
  const by: StatementDimension = get("by") === "campaign" ? "campaign" : "store";
  const scope: StatementScope | null = parseScope(get("scope"));
  return { period, by, scope };
}

/** The URL of a statement page (or its export) with these settings. */
export function statementHref(path: string, v: { period: Period; by?: StatementDimension; scope?: StatementScope; extra?: Record<string, string> }) {
  const q = new URLSearchParams({ period: v.period.kind, date: v.period.start });
  if (v.by) q.set("by", v.by);
  if (v.scope) q.set("scope", scopeParam(v.scope));
  for (const [k, val] of Object.entries(v.extra ?? {})) q.set(k, val);
  return `${path}?${q}`;
}

/** The drill-down table's own URL keys (the statement keys above stay as they are). */
export const entryListParams = listParamsSchema({
  sort: ["at"],
  defaultSort: "at",
  defaultPageSize: 50,
  filters: { kind: z.enum(ENTRY_KINDS_LIST) },
});
export type EntryListParams = z.output<typeof entryListParams>;

/** What the "mark as checked" form sends. */
export const checkFormSchema = z.object({
  period: z.enum(["day", "week"]),
  date: z.string().refine(isCalendarDay),
  scope: z.string().transform((s, ctx) => parseScope(s) ?? (ctx.addIssue({ code: "custom", message: "invalid scope" }), z.NEVER)),
});

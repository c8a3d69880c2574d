import { addDays, dateInZone, startOfDayInZone } from "@/lib/time";

// Statement periods and totals (pure). See docs/reconciliation.md for what a statement counts.

export const PERIOD_KINDS = ["day", "week"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const STATEMENT_DIMENSIONS = ["store", "campaign"] as const;
export type StatementDimension = (typeof STATEMENT_DIMENSIONS)[number];

/** A statement's period: local calendar days `start` … `end`, both included. */
export type Period = { kind: PeriodKind; start: string; end: string };

/** What the statement's scope is: the whole organisation, one store or one campaign. */
export type StatementScope = { type: "org" } | { type: "store"; id: string } | { type: "campaign"; id: string };

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The day, or the Monday–Sunday week, that contains `date`. */
export function periodOf(kind: PeriodKind, date: string): Period {
  if (kind === "day") return { kind, start: date, end: date };
  const start = addDays(date, 1 - isoWeekday(date));
  return { kind, start, end: addDays(start, 6) };
}

/** The period `n` periods before (negative) or after (positive) `p`. */
export function shiftPeriod(p: Period, n: number): Period {
  return periodOf(p.kind, addDays(p.start, n * (p.kind === "day" ? 1 : 7)));
}

/**
 * The instants a period covers in the organisation's zone: from local midnight of its first day
 * (included) to local midnight after its last day (excluded). A day is 23 or 25 hours across a
 * daylight-saving change; the bounds follow the wall clock.
 */
export function periodBounds(p: Period, timeZone: string): { from: Date; until: Date } {
  return { from: startOfDayInZone(p.start, timeZone), until: startOfDayInZone(addDays(p.end, 1), timeZone) };
}

/** A period is closed once its last local day has ended: only then can its statement be checked. */
export function isClosed(p: Period, timeZone: string, now: Date): boolean {
  return now.getTime() >= periodBounds(p, timeZone).until.getTime();
}

/** The latest closed period: yesterday, or last Monday–Sunday week, in the organisation's zone. */
export function lastClosedPeriod(kind: PeriodKind, timeZone: string, now: Date): Period {
  const today = dateInZone(now, timeZone);
  return kind === "day" ? periodOf("day", addDays(today, -1)) : shiftPeriod(periodOf("week", today), -1);
}

/**
 * The counts and sums of a statement (money in fen); reversals are those made within the period.
 * `discount` is what discounts took off orders; `storedValue` is what prepaid cards (储值卡) paid: a
 * payment from a balance the consumer already holds, not a discount, so it is counted on its own.
 */
export type StatementTotals = {
  redemptions: number;
  reversals: number;
  orderTotal: number;
  discount: number;
  storedValue: number;
  reversedOrderTotal: number;
  reversedDiscount: number;
  reversedStoredValue: number;
};

export const ZERO_TOTALS: StatementTotals = {
  redemptions: 0,
  reversals: 0,
  orderTotal: 0,
  discount: 0,
  storedValue: 0,
  reversedOrderTotal: 0,
  reversedDiscount: 0,
  reversedStoredValue: 0,
};

export const TOTAL_KEYS = Object.keys(ZERO_TOTALS) as (keyof StatementTotals)[];

/** Net figures: what the period's redemptions minus the period's reversals come to. */
export function netOf(t: StatementTotals) {
  return {
    netCount: t.redemptions - t.reversals,
    netOrderTotal: t.orderTotal - t.reversedOrderTotal,
    netDiscount: t.discount - t.reversedDiscount,
    netStoredValue: t.storedValue - t.reversedStoredValue,
  };
}

/** Whether a statement has any stored-value card spend, redeemed or reversed (the screens then show its column). */
export function hasStoredValue(t: StatementTotals): boolean {
  return t.storedValue !== 0 || t.reversedStoredValue !== 0;
}

export function sumTotals(list: readonly StatementTotals[]): StatementTotals {
  const out = { ...ZERO_TOTALS };
  for (const t of list) for (const k of TOTAL_KEYS) out[k] += t[k];
  return out;
}

/**
 * The keys whose values differ between what was checked and what the statement says now. A check
 * saved before stored-value spend was counted apart has no `storedValue`: its `discount` included the
 * cards' spend, so it is compared with discount + stored value, and the stored-value keys are not
 * reported as changed.
 */
export function changedTotals(checked: Partial<StatementTotals>, now: StatementTotals): (keyof StatementTotals)[] {
  const legacy = checked.storedValue === undefined;
  const value = (k: keyof StatementTotals) =>
    !legacy ? now[k] : k === "discount" ? now.discount + now.storedValue : k === "reversedDiscount" ? now.reversedDiscount + now.reversedStoredValue : now[k];
  return TOTAL_KEYS.filter((k) => !(legacy && (k === "storedValue" || k === "reversedStoredValue")) && (checked[k] ?? 0) !== value(k));
}

/** Integer fen → "1234.50" (exact, for exports; never through a float). */
export { fenToYuan } from "@/lib/money";

/** The key a statement is stored and audited under, e.g. `day:2026-11-11:store:<id>`. */
export function statementKey(p: Period, scope: StatementScope, orgId: string): string {
  return `${p.kind}:${p.start}:${scope.type}:${scope.type === "org" ? orgId : scope.id}`;
}

/** `scope=store:<id>` / `campaign:<id>` / `org` in a URL. */
export function parseScope(value: string | null | undefined): StatementScope | null {
  if (!value || value === "org") return { type: "org" };
  const m = /^(store|campaign):([0-9a-f-]{36})$/i.exec(value);
  return m ? ({ type: m[1] as "store" | "campaign", id: m[2].toLowerCase() } as StatementScope) : null;
}

export function scopeParam(scope: StatementScope): string {
  return scope.type === "org" ? "org" : `${scope.type}:${scope.id}`;
}

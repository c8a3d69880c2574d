// Metric definitions of the analytics dashboard (pure: no db, next or react imports). docs/analytics.md
// explains each one; the page, the CSV exports, the compare page and the stats API all use these.
import { addDays, dateTimeFormat, isCalendarDay } from "@/lib/time";
import { formatRate, rate } from "@/lib/insights/rules";

export { formatRate, rate };

/** The raw sums a metric is computed from. Reversed redemptions are already left out of all of them. */
export type Totals = {
  views: number;
  claims: number;
  /** Redemptions not reversed. */
  redemptions: number;
  /** Discount given on those redemptions, fen ("discount cost"); stored-value cards' spend is not a discount. */
  discount: number;
  /** Paid from stored-value cards (储值卡) on those redemptions, fen: a payment from a prepaid balance. */
  storedValue: number;
  /** Order totals of those redemptions, fen (GMV). */
  gmv: number;
};

export type Metrics = {
  /** claims / views */
  claimRate: number | null;
  /** 核销率: redemptions / claims */
  redemptionRate: number | null;
  /** redemptions / codes issued (the groups' quantities) */
  issuedRedemptionRate: number | null;
  /** redemptions / views: the whole funnel */
  conversion: number | null;
  /** (GMV − discount cost) / discount cost */
  roi: number | null;
  /** GMV / redemptions, fen */
  averageOrder: number | null;
};

export const ZERO_TOTALS: Totals = { views: 0, claims: 0, redemptions: 0, discount: 0, storedValue: 0, gmv: 0 };

/** Adds two sets of sums. */
export function addTotals(a: Totals, b: Totals): Totals {
  return {
    views: a.views + b.views,
    claims: a.claims + b.claims,
    redemptions: a.redemptions + b.redemptions,
    discount: a.discount + b.discount,
    storedValue: a.storedValue + b.storedValue,
    gmv: a.gmv + b.gmv,
  };
}

/**
 * ROI: what consumers paid on redeemed orders per yuan of discount given, (GMV − cost) / cost.
 * 3.5 means every ¥1 of discount came with ¥3.50 paid. Null without any discount cost (a gift offer
 * with no value set, or no redemptions): there is nothing to divide by, which is not an ROI of 0 or ∞.
 */
export function roi(gmv: number, cost: number): number | null {
  if (!Number.isFinite(gmv) || !Number.isFinite(cost) || cost <= 0) return null;
  return (gmv - cost) / cost;
}

/** Every rate of a set of sums; `issued` is the number of codes the groups in scope hold. */
export function metricsOf(t: Totals, issued?: number): Metrics {
  return {
    claimRate: rate(t.claims, t.views),
    redemptionRate: rate(t.redemptions, t.claims),
    issuedRedemptionRate: issued === undefined ? null : rate(t.redemptions, issued),
    conversion: rate(t.redemptions, t.views),
    roi: roi(t.gmv, t.discount),
    averageOrder: t.redemptions > 0 ? Math.round(t.gmv / t.redemptions) : null,
  };
}

/** 3.456 → "3.46", null → "—": ROI with two decimals. */
export function formatRoi(r: number | null, empty = "—"): string {
  if (r === null || !Number.isFinite(r)) return empty;
  return (Math.round(r * 100) / 100).toFixed(2);
}

/** fen → "1234.50": money for CSV files (a plain decimal a spreadsheet reads as a number). */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

// ── Time from claim to redemption ───────────────────────────────────────────────────────────────

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

/**
 * Lower edges (seconds) of the fine delay buckets the rollups count in; bucket i (1-based) holds
 * delays in [edges[i-1], edges[i]), the last one everything from 60 days on. SQL assigns buckets with
 * `width_bucket(seconds, edges)`, the same rule as `delayBucket`. Changing this list needs a rebuild
 * of the rollups (docs/analytics.md).
 */
export const DELAY_EDGES_SECONDS = [
  0, 5 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 6 * HOUR, 9 * HOUR, 12 * HOUR, 18 * HOUR, DAY,
  36 * HOUR, 2 * DAY, 3 * DAY, 4 * DAY, 5 * DAY, 7 * DAY, 10 * DAY, 14 * DAY, 21 * DAY, 30 * DAY, 60 * DAY,
] as const;

/** The buckets the dashboard shows, each a run of fine buckets: [from, to) seconds, `to` null = open. */
export const DELAY_DISPLAY_BUCKETS = [
  { key: "lt1h", from: 0, to: HOUR },
  { key: "h1to6", from: HOUR, to: 6 * HOUR },
  { key: "h6to24", from: 6 * HOUR, to: DAY },
  { key: "d1to3", from: DAY, to: 3 * DAY },
  { key: "d3to7", from: 3 * DAY, to: 7 * DAY },
  { key: "d7to14", from: 7 * DAY, to: 14 * DAY },
  { key: "gte14d", from: 14 * DAY, to: null },
] as const;

export type DelayDisplayKey = (typeof DELAY_DISPLAY_BUCKETS)[number]["key"];

/** The fine bucket (1-based) of a delay; a negative delay (clock skew) counts as the first. */
export function delayBucket(seconds: number): number {
  let i = 1;
  while (i < DELAY_EDGES_SECONDS.length && seconds >= DELAY_EDGES_SECONDS[i]) i++;
  return i;
}

/** [from, to) seconds of a fine bucket; `to` is null for the last one. */
export function bucketBounds(bucket: number): { from: number; to: number | null } {
  return { from: DELAY_EDGES_SECONDS[bucket - 1], to: bucket < DELAY_EDGES_SECONDS.length ? DELAY_EDGES_SECONDS[bucket] : null };
}

/** Fine bucket counts folded into the display buckets, in order. */
export function displayDelayBuckets(fine: ReadonlyMap<number, number>): { key: DelayDisplayKey; count: number }[] {
  return DELAY_DISPLAY_BUCKETS.map((b) => {
    let count = 0;
    for (const [bucket, n] of fine) {
      const { from } = bucketBounds(bucket);
      if (from >= b.from && (b.to === null || from < b.to)) count += n;
    }
    return { key: b.key, count };
  });
}

/**
 * The median delay in seconds, estimated from fine bucket counts: the bucket holding the middle
 * redemption is exact, the position inside it is interpolated linearly (so the estimate is within that
 * bucket's width: minutes for fast redemptions, days for slow ones). The open last bucket answers its
 * lower edge. Null without redemptions.
 */
export function medianDelaySeconds(fine: ReadonlyMap<number, number>): number | null {
  const buckets = [...fine.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const middle = total / 2;
  let before = 0;
  for (const [bucket, n] of buckets) {
    if (before + n >= middle) {
      const { from, to } = bucketBounds(bucket);
      if (to === null) return from;
      return from + ((middle - before) / n) * (to - from);
    }
    before += n;
  }
  return null;
}

/** A duration in the unit a person reads best: minutes under 2 h, hours under 2 days, else days. */
export function durationParts(seconds: number): { value: number; unit: "minutes" | "hours" | "days" } {
  if (seconds < 2 * HOUR) return { value: Math.round(seconds / MIN), unit: "minutes" };
  if (seconds < 2 * DAY) return { value: Math.round((seconds / HOUR) * 10) / 10, unit: "hours" };
  return { value: Math.round((seconds / DAY) * 10) / 10, unit: "days" };
}

// ── Dates in the organisation's time zone ─────────────────────────────────────────────────────────

export const RANGE_PRESETS = [7, 30, 90] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_RANGE: RangePreset = 30;
/** The longest custom range, in days: two years of days keep every query bounded. */
export const MAX_RANGE_DAYS = 731;

/** A window of whole local days, both ends included; `preset` when it is "the last N days". */
export type DayRange = { from: string; to: string; preset: RangePreset | null };

/** Whole days from `from` to `to` (0 when equal). */
export function dayDiff(from: string, to: string): number {
  const ms = (s: string) => {
    const [y, m, d] = s.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

/** Every day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const n = dayDiff(from, to);
  return Array.from({ length: Math.max(0, n + 1) }, (_, i) => addDays(from, i));
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/**
 * The window the dashboard shows: a preset ("the last 7/30/90 days", today included) or a custom
 * from–to. `today` is the current date in the organisation's zone. Anything malformed falls back to
 * the default preset; a reversed custom range is put the right way round; a longer one is cut to
 * MAX_RANGE_DAYS ending at `to`.
 */
export function resolveRange(input: { range?: string | null; from?: string | null; to?: string | null }, today: string): DayRange {
  const preset = RANGE_PRESETS.find((p) => String(p) === input.range);
  if (input.range === "custom" && isCalendarDay(input.from) && isCalendarDay(input.to)) {
    let [from, to] = input.from <= input.to ? [input.from, input.to] : [input.to, input.from];
    if (dayDiff(from, to) >= MAX_RANGE_DAYS) from = addDays(to, -(MAX_RANGE_DAYS - 1));
    return { from, to, preset: null };
  }
  const days = preset ?? DEFAULT_RANGE;
  return { from: addDays(today, -(days - 1)), to: today, preset: days };
}

/** The local calendar day and hour (0–23) of an instant in `timeZone`. */
export function localDayHour(instant: Date, timeZone: string): { day: string; hour: number; weekday: number } {
  const parts = dateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const day = `${get("year")}-${get("month")}-${get("day")}`;
  return { day, hour: Number(get("hour")), weekday: isoWeekday(day) };
}

// ── Tables ────────────────────────────────────────────────────────────────────────────────────────

export type SortDir = "asc" | "desc";

/**
 * Rows sorted by one key: numbers numerically, strings by the locale's collation; null (a rate without
 * a denominator) always last, whatever the direction; ties keep their order (`Array.prototype.sort` is stable).
 */
export function sortRows<T>(rows: readonly T[], value: (row: T) => number | string | null, dir: SortDir): T[] {
  const sign = dir === "asc" ? 1 : -1;
  const collator = new Intl.Collator("zh-CN");
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x === "number" && typeof y === "number") return sign * (x - y);
    return sign * collator.compare(String(x), String(y));
  });
}

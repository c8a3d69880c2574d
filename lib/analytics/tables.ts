// The dashboard's tables as rows of cells, for the CSV export (pure: no db, next or react imports). Each
// table has the columns the page shows, in the same order and with the same metric definitions; money
// is written in yuan with two decimals, rates as the page writes them ("12.3%", "—" without a denominator).
import type { CompareRow, Dashboard, LeaderboardRow } from "./dashboard";
import { fenToYuan, formatRate, formatRoi, isoWeekday, sortRows, type SortDir } from "./metrics";
import type { ExportTable, LeaderboardSort } from "./schemas";

type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The leaderboard in the order the page shows it. */
export function sortLeaderboard(rows: readonly LeaderboardRow[], sort: LeaderboardSort, dir: SortDir): LeaderboardRow[] {
  const value = (r: LeaderboardRow): number | string | null => (sort === "name" ? r.name : r[sort]);
  return sortRows(rows, value, dir);
}

export const WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/**
 * One dashboard table as a header row and data rows. `t` is the analytics namespace's translator,
 * `platform` names a platform. `leaderboard` gives the influencers' order (the page's sort).
 */
export function dashboardTable(
  table: Exclude<ExportTable, "compare">,
  d: Dashboard,
  t: Translate,
  opts: { platform: (p: string) => string; leaderboard?: readonly LeaderboardRow[] },
): string[][] {
  const c = (k: string) => t(`columns.${k}`);
  const n = (v: number) => String(v);
  switch (table) {
    case "funnel": {
      const steps = [
        { key: "views", value: d.totals.views, rate: null as number | null },
        { key: "claims", value: d.totals.claims, rate: d.metrics.claimRate },
        { key: "redemptions", value: d.totals.redemptions, rate: d.metrics.redemptionRate },
      ];
      return [[c("step"), c("count"), c("stepRate")], ...steps.map((s) => [c(s.key), n(s.value), s.rate === null && s.key === "views" ? "" : formatRate(s.rate)])];
    }
    case "daily":
      return [
        [c("day"), c("views"), c("claims"), c("redemptions"), c("claimRate"), c("redemptionRate"), c("discountYuan"), c("storedValueYuan"), c("gmvYuan")],
        ...d.series.map((p) => [
          p.day,
          n(p.views),
          n(p.claims),
          n(p.redemptions),
          formatRate(p.views > 0 ? p.claims / p.views : null),
          formatRate(p.claims > 0 ? p.redemptions / p.claims : null),
          fenToYuan(p.discount),
          fenToYuan(p.storedValue),
          fenToYuan(p.gmv),
        ]),
      ];
    case "influencers":
      return [
        [c("influencer"), c("platform"), c("views"), c("claims"), c("redemptions"), c("conversion"), c("discountYuan"), c("storedValueYuan"), c("gmvYuan"), c("roi")],
        ...(opts.leaderboard ?? d.leaderboard).map((r) => [
          r.name,
          r.platform ? opts.platform(r.platform) : "",
          n(r.views),
          n(r.claims),
          n(r.redemptions),
          formatRate(r.conversion),
          fenToYuan(r.discount),
          fenToYuan(r.storedValue),
          fenToYuan(r.gmv),
          formatRoi(r.roi),
        ]),
      ];
    case "stores":
      return [
        [c("store"), c("redemptions"), c("share"), c("discountYuan"), c("storedValueYuan"), c("gmvYuan")],
        ...d.stores.map((s) => [s.name, n(s.redemptions), formatRate(s.share), fenToYuan(s.discount), fenToYuan(s.storedValue), fenToYuan(s.gmv)]),
      ];
    case "hours":
      return [[c("hour"), c("redemptions")], ...d.hours.map((v, h) => [hourLabel(h), n(v)])];
    case "weekdays":
      return [[c("weekday"), c("redemptions")], ...d.weekdays.map((v, i) => [t(`weekdays.${WEEKDAY_KEYS[i]}`), n(v)])];
    case "delay":
      return [[c("delay"), c("redemptions")], ...d.delay.buckets.map((b) => [t(`delay.buckets.${b.key}`), n(b.count)])];
  }
}

/** The comparison, one row per campaign or influencer. */
export function compareTable(rows: readonly CompareRow[], t: Translate, kind: "campaign" | "influencer"): string[][] {
  const c = (k: string) => t(`columns.${k}`);
  return [
    [
      c(kind === "campaign" ? "campaign" : "influencer"),
      c("views"),
      c("claims"),
      c("redemptions"),
      c("claimRate"),
      c("redemptionRate"),
      c("issuedRate"),
      c("conversion"),
      c("discountYuan"),
      c("storedValueYuan"),
      c("gmvYuan"),
      c("roi"),
      c("issued"),
    ],
    ...rows.map((r) => [
      r.name,
      String(r.views),
      String(r.claims),
      String(r.redemptions),
      formatRate(r.claimRate),
      formatRate(r.redemptionRate),
      formatRate(r.issuedRedemptionRate),
      formatRate(r.conversion),
      fenToYuan(r.discount),
      fenToYuan(r.storedValue),
      fenToYuan(r.gmv),
      formatRoi(r.roi),
      String(r.issued),
    ]),
  ];
}

/** 0 → "00:00–01:00". */
export function hourLabel(h: number): string {
  const two = (x: number) => String(x).padStart(2, "0");
  return `${two(h)}:00–${two((h + 1) % 24 === 0 ? 24 : h + 1)}:00`;
}

/** ISO weekday of a day as a WEEKDAY_KEYS key. */
export function weekdayKey(day: string): (typeof WEEKDAY_KEYS)[number] {
  return WEEKDAY_KEYS[isoWeekday(day) - 1];
}

import { isCalendarDay } from "@/lib/time";
import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/time";
import {
  bucketBounds,
  DELAY_DISPLAY_BUCKETS,
  DELAY_EDGES_SECONDS,
  daysOf,
  delayBucket,
  displayDelayBuckets,
  durationParts,
  fenToYuan,
  formatRate,
  formatRoi,
  isoWeekday,
  localDayHour,
  MAX_RANGE_DAYS,
  medianDelaySeconds,
  metricsOf,
  resolveRange,
  roi,
  sortRows,
  ZERO_TOTALS,
} from "./metrics";

const HOUR = 3600;
const DAY = 86_400;

describe("rates", () => {
  it("claim rate, both redemption rates and conversion divide the right sums", () => {
    const m = metricsOf({ views: 200, claims: 50, redemptions: 20, discount: 40_000, storedValue: 0, gmv: 240_000 }, 100);
    expect(m.claimRate).toBe(0.25);
    expect(m.redemptionRate).toBe(0.4);
    expect(m.issuedRedemptionRate).toBe(0.2);
    expect(m.conversion).toBe(0.1);
    expect(m.averageOrder).toBe(12_000);
    expect(formatRate(m.claimRate)).toBe("25%");
    expect(formatRate(m.redemptionRate)).toBe("40%");
  });

  it("has no value, shown as —, when a denominator is zero (never NaN or Infinity)", () => {
    const m = metricsOf(ZERO_TOTALS, 0);
    expect(m).toEqual({ claimRate: null, redemptionRate: null, issuedRedemptionRate: null, conversion: null, roi: null, averageOrder: null });
    expect(formatRate(m.claimRate)).toBe("—");
    expect(formatRoi(m.roi)).toBe("—");
    // Claims without a recorded view (a link shared as text) give no rate, not Infinity.
    const noViews = metricsOf({ views: 0, claims: 3, redemptions: 1, discount: 0, storedValue: 5000, gmv: 5000 });
    expect(noViews.claimRate).toBeNull();
    expect(noViews.conversion).toBeNull();
    expect(noViews.redemptionRate).toBeCloseTo(1 / 3);
    expect(noViews.issuedRedemptionRate).toBeNull();
    for (const v of Object.values(noViews)) expect(v === null || Number.isFinite(v)).toBe(true);
  });

  it("ROI is what was paid per yuan of discount: (GMV − cost) / cost", () => {
    expect(roi(12_000, 2_000)).toBe(5);
    expect(roi(2_000, 2_000)).toBe(0);
    expect(roi(10_000, 0)).toBeNull();
    expect(roi(0, 0)).toBeNull();
    expect(formatRoi(roi(12_000, 2_000))).toBe("5.00");
    expect(formatRoi(roi(10_000, 3_000))).toBe("2.33");
    expect(formatRoi(Number.POSITIVE_INFINITY)).toBe("—");
  });

  it("writes fen as plain yuan decimals for CSV", () => {
    expect(fenToYuan(0)).toBe("0.00");
    expect(fenToYuan(5)).toBe("0.05");
    expect(fenToYuan(123_456)).toBe("1234.56");
    expect(fenToYuan(-2_000)).toBe("-20.00");
  });
});

describe("time from claim to redemption", () => {
  it("puts each delay in the bucket whose edges hold it, edges belonging to the upper bucket", () => {
    expect(delayBucket(0)).toBe(1);
    expect(delayBucket(-30)).toBe(1);
    expect(delayBucket(299)).toBe(1);
    expect(delayBucket(300)).toBe(2);
    expect(delayBucket(HOUR - 1)).toBe(4);
    expect(delayBucket(HOUR)).toBe(5);
    expect(delayBucket(60 * DAY - 1)).toBe(DELAY_EDGES_SECONDS.length - 1);
    expect(delayBucket(60 * DAY)).toBe(DELAY_EDGES_SECONDS.length);
    expect(delayBucket(400 * DAY)).toBe(DELAY_EDGES_SECONDS.length);
    for (let b = 1; b <= DELAY_EDGES_SECONDS.length; b++) {
      const { from, to } = bucketBounds(b);
      expect(delayBucket(from)).toBe(b);
      if (to !== null) expect(delayBucket(to - 0.001)).toBe(b);
    }
  });

  it("folds fine buckets into the displayed ones at their edges", () => {
    const fine = new Map([
      [delayBucket(HOUR - 1), 2],
      [delayBucket(HOUR), 3],
      [delayBucket(6 * HOUR), 1],
      [delayBucket(14 * DAY), 4],
      [delayBucket(90 * DAY), 1],
    ]);
    expect(displayDelayBuckets(fine)).toEqual([
      { key: "lt1h", count: 2 },
      { key: "h1to6", count: 3 },
      { key: "h6to24", count: 1 },
      { key: "d1to3", count: 0 },
      { key: "d3to7", count: 0 },
      { key: "d7to14", count: 0 },
      { key: "gte14d", count: 5 },
    ]);
    // Every display edge is a fine edge, so no fine bucket straddles two display buckets.
    for (const b of DELAY_DISPLAY_BUCKETS) expect(DELAY_EDGES_SECONDS).toContain(b.from);
  });

  it("estimates the median inside the bucket that holds the middle redemption", () => {
    expect(medianDelaySeconds(new Map())).toBeNull();
    expect(medianDelaySeconds(new Map([[1, 0]]))).toBeNull();
    // Four redemptions in [1 h, 2 h): the middle is half-way through it.
    expect(medianDelaySeconds(new Map([[delayBucket(HOUR), 4]]))).toBe(1.5 * HOUR);
    // One fast, three in [1 d, 36 h): the middle (2nd of 4) is a third into the day bucket.
    const m = medianDelaySeconds(new Map([[1, 1], [delayBucket(DAY), 3]]))!;
    expect(m).toBeGreaterThanOrEqual(DAY);
    expect(m).toBeLessThan(36 * HOUR);
    expect(m).toBeCloseTo(DAY + (1 / 3) * 12 * HOUR);
    // The open last bucket answers its lower edge.
    expect(medianDelaySeconds(new Map([[DELAY_EDGES_SECONDS.length, 5]]))).toBe(60 * DAY);
  });

  it("reads durations in minutes, hours or days", () => {
    expect(durationParts(90 * 60)).toEqual({ value: 90, unit: "minutes" });
    expect(durationParts(2 * HOUR)).toEqual({ value: 2, unit: "hours" });
    expect(durationParts(36 * HOUR)).toEqual({ value: 36, unit: "hours" });
    expect(durationParts(2.25 * DAY)).toEqual({ value: 2.3, unit: "days" });
  });
});

describe("days in the organisation's time zone", () => {
  it("assigns an instant to its local day, hour and weekday", () => {
    // 15:59:59 UTC is 23:59:59 on Tuesday in Shanghai; a second later it is Wednesday 00:00.
    expect(localDayHour(new Date("2026-11-10T15:59:59Z"), "Asia/Shanghai")).toEqual({ day: "2026-11-10", hour: 23, weekday: 2 });
    expect(localDayHour(new Date("2026-11-10T16:00:00Z"), "Asia/Shanghai")).toEqual({ day: "2026-11-11", hour: 0, weekday: 3 });
    expect(localDayHour(new Date("2026-11-10T16:00:00Z"), "UTC")).toEqual({ day: "2026-11-10", hour: 16, weekday: 2 });
    // New York on the day daylight saving ends: 01:30 happens twice, both on 1 November.
    expect(localDayHour(new Date("2026-11-01T05:30:00Z"), "America/New_York")).toEqual({ day: "2026-11-01", hour: 1, weekday: 7 });
    expect(localDayHour(new Date("2026-11-01T06:30:00Z"), "America/New_York")).toEqual({ day: "2026-11-01", hour: 1, weekday: 7 });
    // Half-hour zones keep their own hours.
    expect(localDayHour(new Date("2026-11-10T18:29:00Z"), "Asia/Kolkata")).toEqual({ day: "2026-11-10", hour: 23, weekday: 2 });
  });

  it("resolves presets to the last N days, today included, and custom ranges as given", () => {
    expect(resolveRange({}, "2026-11-20")).toEqual({ from: "2026-10-22", to: "2026-11-20", preset: 30 });
    expect(resolveRange({ range: "7" }, "2026-11-20")).toEqual({ from: "2026-11-14", to: "2026-11-20", preset: 7 });
    expect(resolveRange({ range: "90" }, "2026-03-01")).toEqual({ from: "2025-12-02", to: "2026-03-01", preset: 90 });
    expect(resolveRange({ range: "custom", from: "2026-11-01", to: "2026-11-11" }, "2026-11-20")).toEqual({ from: "2026-11-01", to: "2026-11-11", preset: null });
    expect(resolveRange({ range: "custom", from: "2026-11-11", to: "2026-11-01" }, "2026-11-20")).toEqual({ from: "2026-11-01", to: "2026-11-11", preset: null });
    // Malformed input falls back to the default preset.
    expect(resolveRange({ range: "custom", from: "2026-02-30", to: "2026-03-01" }, "2026-11-20").preset).toBe(30);
    expect(resolveRange({ range: "14" }, "2026-11-20").preset).toBe(30);
    const long = resolveRange({ range: "custom", from: "2020-01-01", to: "2026-11-20" }, "2026-11-20");
    expect(daysOf(long.from, long.to)).toHaveLength(MAX_RANGE_DAYS);
    expect(long.to).toBe("2026-11-20");
  });

  it("counts calendar days across month, year and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(daysOf("2026-10-30", "2026-11-02")).toEqual(["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02"]);
    expect(isoWeekday("2026-11-16")).toBe(1);
    expect(isoWeekday("2026-11-22")).toBe(7);
    expect(isCalendarDay("2026-02-29")).toBe(false);
    expect(isCalendarDay("2028-02-29")).toBe(true);
    expect(isCalendarDay("2026-1-01")).toBe(false);
  });
});

describe("sorting a table", () => {
  const rows = [
    { name: "阿May", rate: 0.2 as number | null, n: 3 },
    { name: "小鹿", rate: null, n: 10 },
    { name: "吃货老王", rate: 0.5, n: 3 },
  ];
  it("sorts numbers either way and keeps rates without a value last", () => {
    expect(sortRows(rows, (r) => r.rate, "desc").map((r) => r.name)).toEqual(["吃货老王", "阿May", "小鹿"]);
    expect(sortRows(rows, (r) => r.rate, "asc").map((r) => r.name)).toEqual(["阿May", "吃货老王", "小鹿"]);
    // Ties keep their order.
    expect(sortRows(rows, (r) => r.n, "asc").map((r) => r.name)).toEqual(["阿May", "吃货老王", "小鹿"]);
  });
  it("sorts names by the Chinese collation", () => {
    expect(sortRows(rows, (r) => r.name, "asc").map((r) => r.name)).toEqual(["阿May", "吃货老王", "小鹿"]);
  });
});

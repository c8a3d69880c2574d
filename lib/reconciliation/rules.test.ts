import { isCalendarDay } from "@/lib/time";
import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/time";
import {
  changedTotals,
  fenToYuan,
  hasStoredValue,
  isClosed,
  isoWeekday,
  lastClosedPeriod,
  netOf,
  parseScope,
  periodBounds,
  periodOf,
  scopeParam,
  shiftPeriod,
  statementKey,
  sumTotals,
  ZERO_TOTALS,
} from "./rules";

const SH = "Asia/Shanghai";

describe("periods", () => {
  it("weeks run Monday to Sunday", () => {
    expect(isoWeekday("2026-11-09")).toBe(1);
    expect(isoWeekday("2026-11-15")).toBe(7);
    expect(periodOf("week", "2026-11-11")).toEqual({ kind: "week", start: "2026-11-09", end: "2026-11-15" });
    expect(periodOf("week", "2026-11-15")).toEqual({ kind: "week", start: "2026-11-09", end: "2026-11-15" });
    expect(periodOf("week", "2026-11-16").start).toBe("2026-11-16");
    // Across a month and a year.
    expect(periodOf("week", "2027-01-01")).toEqual({ kind: "week", start: "2026-12-28", end: "2027-01-03" });
  });

  it("steps by a day or a week", () => {
    expect(shiftPeriod(periodOf("day", "2026-03-01"), -1)).toEqual({ kind: "day", start: "2026-02-28", end: "2026-02-28" });
    expect(shiftPeriod(periodOf("week", "2026-11-11"), 1)).toEqual({ kind: "week", start: "2026-11-16", end: "2026-11-22" });
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });

  it("covers local midnight to local midnight in the organisation's zone", () => {
    expect(periodBounds(periodOf("day", "2026-11-11"), SH)).toEqual({
      from: new Date("2026-11-10T16:00:00.000Z"),
      until: new Date("2026-11-11T16:00:00.000Z"),
    });
    expect(periodBounds(periodOf("week", "2026-11-11"), SH)).toEqual({
      from: new Date("2026-11-08T16:00:00.000Z"),
      until: new Date("2026-11-15T16:00:00.000Z"),
    });
    // A day with a daylight-saving change is 23 hours long.
    const spring = periodBounds(periodOf("day", "2026-03-29"), "Europe/Berlin");
    expect(spring.until.getTime() - spring.from.getTime()).toBe(23 * 3_600_000);
  });

  it("is closed once its last local day has ended; the default is the latest closed one", () => {
    const day = periodOf("day", "2026-11-11");
    expect(isClosed(day, SH, new Date("2026-11-11T15:59:59.999Z"))).toBe(false);
    expect(isClosed(day, SH, new Date("2026-11-11T16:00:00.000Z"))).toBe(true);
    // 00:30 on the 12th in Shanghai, still the 11th in UTC.
    const now = new Date("2026-11-11T16:30:00Z");
    expect(lastClosedPeriod("day", SH, now)).toEqual(day);
    expect(lastClosedPeriod("week", SH, now)).toEqual({ kind: "week", start: "2026-11-02", end: "2026-11-08" });
    expect(lastClosedPeriod("day", "UTC", now)).toEqual(periodOf("day", "2026-11-10"));
  });

  it("accepts only real calendar dates", () => {
    expect(isCalendarDay("2026-11-11")).toBe(true);
    expect(isCalendarDay("2026-02-30")).toBe(false);
    expect(isCalendarDay("2026-1-1")).toBe(false);
    expect(isCalendarDay("")).toBe(false);
  });
});

describe("totals", () => {
  const t = {
    redemptions: 10,
    reversals: 2,
    orderTotal: 150_000,
    discount: 20_000,
    storedValue: 9_000,
    reversedOrderTotal: 24_000,
    reversedDiscount: 4_000,
    reversedStoredValue: 1_500,
  };

  it("nets the period's reversals against its redemptions, discount and stored value apart", () => {
    expect(netOf(t)).toEqual({ netCount: 8, netOrderTotal: 126_000, netDiscount: 16_000, netStoredValue: 7_500 });
    // Reversals of earlier days can outweigh a quiet day.
    expect(netOf({ ...ZERO_TOTALS, reversals: 1, reversedOrderTotal: 100, reversedDiscount: 20 })).toEqual({
      netCount: -1,
      netOrderTotal: -100,
      netDiscount: -20,
      netStoredValue: 0,
    });
  });

  it("adds statements up and tells what changed since a check", () => {
    expect(sumTotals([t, t])).toEqual({
      redemptions: 20,
      reversals: 4,
      orderTotal: 300_000,
      discount: 40_000,
      storedValue: 18_000,
      reversedOrderTotal: 48_000,
      reversedDiscount: 8_000,
      reversedStoredValue: 3_000,
    });
    expect(sumTotals([])).toEqual(ZERO_TOTALS);
    expect(changedTotals(t, t)).toEqual([]);
    expect(changedTotals(t, { ...t, redemptions: 11, discount: 22_000 })).toEqual(["redemptions", "discount"]);
    expect(changedTotals(t, { ...t, storedValue: 9_001 })).toEqual(["storedValue"]);
    expect(hasStoredValue(t)).toBe(true);
    expect(hasStoredValue({ ...t, storedValue: 0, reversedStoredValue: 0 })).toBe(false);
    expect(hasStoredValue({ ...ZERO_TOTALS, reversedStoredValue: 1 })).toBe(true);
  });

  it("compares a check saved before stored value was counted apart with discount + stored value", () => {
    // Such a check's discount included the cards' spend, and it has no stored-value keys.
    const { storedValue, reversedStoredValue, ...rest } = t;
    const legacy = { ...rest, discount: t.discount + storedValue, reversedDiscount: t.reversedDiscount + reversedStoredValue };
    expect(changedTotals(legacy, t)).toEqual([]);
    expect(changedTotals(legacy, { ...t, storedValue: t.storedValue + 100 })).toEqual(["discount"]);
    expect(changedTotals(legacy, { ...t, reversedDiscount: t.reversedDiscount + 1 })).toEqual(["reversedDiscount"]);
  });

  it("writes fen as yuan exactly", () => {
    expect(fenToYuan(0)).toBe("0.00");
    expect(fenToYuan(5)).toBe("0.05");
    expect(fenToYuan(123456789)).toBe("1234567.89");
    expect(fenToYuan(-2000)).toBe("-20.00");
  });
});

describe("scopes", () => {
  const id = "0b5b7c1e-8a4b-4b7e-9a3e-2f6d1c0e9a11";
  it("round-trips through the URL", () => {
    expect(parseScope(undefined)).toEqual({ type: "org" });
    expect(parseScope(`store:${id}`)).toEqual({ type: "store", id });
    expect(scopeParam({ type: "campaign", id })).toBe(`campaign:${id}`);
    expect(parseScope("store:nope")).toBeNull();
    expect(parseScope("group:" + id)).toBeNull();
  });

  it("keys a statement by period and scope", () => {
    expect(statementKey(periodOf("day", "2026-11-11"), { type: "store", id }, "org-id")).toBe(`day:2026-11-11:store:${id}`);
    expect(statementKey(periodOf("week", "2026-11-11"), { type: "org" }, "org-id")).toBe("week:2026-11-09:org:org-id");
  });
});

import { describe, expect, it } from "vitest";
import { dateInZone, dateTimeFormat, endOfDayInZone, isCalendarDay, startOfDayInZone, zoneDay, zonedToUtc, zoneOffsetMinutes } from "./time";

describe("time zones", () => {
  it("ends 30 Nov at 23:59:59.999 Shanghai time, not at a UTC midnight", () => {
    expect(endOfDayInZone("2026-11-30", "Asia/Shanghai").toISOString()).toBe("2026-11-30T15:59:59.999Z");
    expect(startOfDayInZone("2026-11-30", "Asia/Shanghai").toISOString()).toBe("2026-11-29T16:00:00.000Z");
  });

  it("knows offsets, including daylight saving elsewhere", () => {
    expect(zoneOffsetMinutes("Asia/Shanghai", new Date("2026-06-01T00:00:00Z"))).toBe(480);
    expect(zonedToUtc("2026-07-01", "12:00", "Europe/Berlin").toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(zonedToUtc("2026-01-01", "12:00", "Europe/Berlin").toISOString()).toBe("2026-01-01T11:00:00.000Z");
    expect(zonedToUtc("2026-11-01", "14:30", "UTC").toISOString()).toBe("2026-11-01T14:30:00.000Z");
  });

  it("reads an instant's local calendar date", () => {
    expect(dateInZone(new Date("2026-11-30T16:30:00Z"), "Asia/Shanghai")).toBe("2026-12-01");
    expect(dateInZone(new Date("2026-11-30T15:30:00Z"), "Asia/Shanghai")).toBe("2026-11-30");
  });

  it("builds one formatter per locale and options, and refuses an unknown zone without keeping it", () => {
    const a = dateTimeFormat("en-US", { timeZone: "Asia/Shanghai", hour: "2-digit" });
    expect(dateTimeFormat("en-US", { timeZone: "Asia/Shanghai", hour: "2-digit" })).toBe(a);
    expect(dateTimeFormat("en-US", { timeZone: "Europe/Berlin", hour: "2-digit" })).not.toBe(a);
    expect(() => dateTimeFormat("en-US", { timeZone: "Mars/Olympus" })).toThrow(RangeError);
    expect(() => dateInZone(new Date(), "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("zoneDay", () => {
  it("gives the local day and its start, and moves on at local midnight, not UTC midnight", () => {
    const a = zoneDay(new Date("2026-11-30T15:59:59.999Z"), "Asia/Shanghai");
    expect(a.day).toBe("2026-11-30");
    expect(a.start.toISOString()).toBe("2026-11-29T16:00:00.000Z");
    const b = zoneDay(new Date("2026-11-30T16:00:00.000Z"), "Asia/Shanghai");
    expect(b.day).toBe("2026-12-01");
    expect(b.start.toISOString()).toBe("2026-11-30T16:00:00.000Z");
    // back to an earlier instant: not the kept day
    expect(zoneDay(new Date("2026-11-30T00:00:00Z"), "Asia/Shanghai").day).toBe("2026-11-30");
  });

  it("keeps zones apart and handles a 23-hour day", () => {
    expect(zoneDay(new Date("2026-03-08T12:00:00Z"), "America/New_York")).toEqual({ day: "2026-03-08", start: new Date("2026-03-08T05:00:00Z") });
    // 2026-03-08 has 23 hours in New York: the next day starts at 04:00 UTC
    expect(zoneDay(new Date("2026-03-09T03:59:59Z"), "America/New_York").day).toBe("2026-03-08");
    expect(zoneDay(new Date("2026-03-09T04:00:00Z"), "America/New_York")).toEqual({ day: "2026-03-09", start: new Date("2026-03-09T04:00:00Z") });
    expect(zoneDay(new Date("2026-03-09T04:00:00Z"), "Asia/Shanghai").day).toBe("2026-03-09");
  });
});

describe("isCalendarDay", () => {
  it("takes real dates between 2000 and 2099 only", () => {
    expect(["2026-11-11", "2000-01-01", "2099-12-31", "2028-02-29"].every(isCalendarDay)).toBe(true);
    for (const bad of ["0000-01-01", "9999-12-31", "1999-12-31", "2100-01-01", "2026-02-29", "2026-1-1", "", null, 20261111]) {
      expect(isCalendarDay(bad), String(bad)).toBe(false);
    }
  });
});

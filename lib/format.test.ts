import { describe, expect, it } from "vitest";
import { countdownText, formatCount, formatDate, formatDateRange, formatDateTime, formatMoney } from "./format";

describe("formatMoney", () => {
  it("prints integer fen as yuan with two decimals", () => {
    expect(formatMoney(0)).toBe("¥0.00");
    expect(formatMoney(5)).toBe("¥0.05");
    expect(formatMoney(2000)).toBe("¥20.00");
    expect(formatMoney(1999)).toBe("¥19.99");
    expect(formatMoney(123456789)).toBe("¥1,234,567.89");
    expect(formatMoney(-2050)).toBe("-¥20.50");
  });
});

describe("dates in the organisation's zone", () => {
  // 2026-11-10T16:30:00Z is already 11 November 00:30 in Shanghai.
  const instant = new Date("2026-11-10T16:30:00Z");

  it("defaults to Asia/Shanghai", () => {
    expect(formatDate(instant)).toBe("2026-11-11");
    expect(formatDateTime(instant)).toBe("2026-11-11 00:30");
  });

  it("follows the zone it is given", () => {
    expect(formatDate(instant, "UTC")).toBe("2026-11-10");
    expect(formatDateTime(instant, "UTC")).toBe("2026-11-10 16:30");
    expect(formatDateTime(instant, "America/New_York")).toBe("2026-11-10 11:30");
  });

  it("uses a 24-hour clock, midnight as 00", () => {
    expect(formatDateTime(new Date("2026-01-01T16:00:00Z"))).toBe("2026-01-02 00:00");
    expect(formatDateTime(new Date("2026-01-01T15:59:00Z"))).toBe("2026-01-01 23:59");
  });

  it("accepts ISO strings and prints a validity window", () => {
    expect(formatDate("2026-11-30T23:59:59.999+08:00")).toBe("2026-11-30");
    expect(formatDateRange("2026-11-01T00:00:00+08:00", "2026-11-30T23:59:59.999+08:00")).toBe("2026-11-01 – 2026-11-30");
  });

  it("falls back to the default zone when the organisation has none", () => {
    expect(formatDate(instant, "")).toBe("2026-11-11");
  });
});

describe("formatCount", () => {
  it("groups thousands", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(1234567)).toBe("1,234,567");
  });
});

describe("countdownText", () => {
  it("writes days in the reader's words before the clock", () => {
    const ms = ((2 * 24 + 23) * 3600 + 33 * 60 + 38) * 1000 + 400;
    expect(countdownText(ms, "{n}天")).toBe("2天 23:33:38");
    expect(countdownText(ms, "{n}d")).toBe("2d 23:33:38");
    expect(countdownText(59_000, "{n}天")).toBe("00:00:59");
  });
});

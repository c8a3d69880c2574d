import { describe, expect, it } from "vitest";
import { abResults, formatPoints, rateDifference, Z95 } from "./ab";

const v = (id: string, claims: number, redemptions: number, discount = 0, gmv = 0) => ({ id, label: id, claims, redemptions, discount, gmv });

describe("rateDifference (Wald interval for p − p0)", () => {
  it("matches the textbook formula", () => {
    // 60/200 against 40/200: d = 0.1, se = sqrt(0.3·0.7/200 + 0.2·0.8/200) ≈ 0.04301
    const r = rateDifference(60, 200, 40, 200)!;
    const se = Math.sqrt((0.3 * 0.7) / 200 + (0.2 * 0.8) / 200);
    expect(r.diff).toBeCloseTo(0.1, 12);
    expect(r.low).toBeCloseTo(0.1 - Z95 * se, 12);
    expect(r.high).toBeCloseTo(0.1 + Z95 * se, 12);
    expect(r.low).toBeCloseTo(0.0157, 3);
    expect(r.significant).toBe(true);
  });
  it("is not significant when the interval holds 0", () => {
    const r = rateDifference(22, 100, 20, 100)!;
    expect(r.low).toBeLessThan(0);
    expect(r.high).toBeGreaterThan(0);
    expect(r.significant).toBe(false);
  });
  it("flags a significant drop as well as a rise", () => {
    expect(rateDifference(10, 500, 60, 500)!.significant).toBe(true);
    expect(rateDifference(10, 500, 60, 500)!.high).toBeLessThan(0);
  });
  it("has no answer without claims on either side", () => {
    expect(rateDifference(0, 0, 5, 10)).toBeNull();
    expect(rateDifference(5, 10, 0, 0)).toBeNull();
  });
  it("collapses to the point when both rates are 0 or 1", () => {
    expect(rateDifference(0, 10, 0, 10)).toEqual({ diff: 0, low: 0, high: 0, significant: false });
    expect(rateDifference(10, 10, 10, 10)!.significant).toBe(false);
  });
});

describe("abResults", () => {
  it("gives each variant its rate and ROI and compares every later one with the first", () => {
    const [a, b, c] = abResults([v("A", 100, 20, 2_000, 20_000), v("B", 100, 35, 7_000, 28_000), v("C", 0, 0)]);
    expect(a.rate).toBe(0.2);
    expect(a.roi).toBe(9);
    expect(a.vsFirst).toBeNull();
    expect(b.rate).toBe(0.35);
    expect(b.roi).toBe(3);
    expect(b.vsFirst!.diff).toBeCloseTo(0.15, 12);
    expect(b.vsFirst!.significant).toBe(true);
    expect(c.rate).toBeNull();
    expect(c.roi).toBeNull();
    expect(c.vsFirst).toBeNull();
  });
  it("handles an empty list", () => {
    expect(abResults([])).toEqual([]);
  });
});

describe("formatPoints", () => {
  it("writes percentage points with a sign", () => {
    expect(formatPoints(0.0312)).toBe("+3.1");
    expect(formatPoints(-0.15)).toBe("−15.0");
    expect(formatPoints(0)).toBe("0.0");
  });
});

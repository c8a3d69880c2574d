import { describe, expect, it } from "vitest";
import { formatRate, rate } from "./rules";

describe("conversion", () => {
  it("divides, and has no value without a denominator", () => {
    expect(rate(1, 4)).toBe(0.25);
    expect(rate(0, 4)).toBe(0);
    expect(rate(3, 0)).toBeNull();
    expect(rate(0, 0)).toBeNull();
  });

  it("is never above 100%: a part larger than its whole has no share", () => {
    // 6 claims on 2 tracked views (claims by API), a card redeemed twice per claim.
    expect(rate(6, 2)).toBeNull();
    expect(rate(2, 1)).toBeNull();
    expect(rate(4, 4)).toBe(1);
  });

  it("formats as a percentage with at most one decimal", () => {
    expect(formatRate(rate(1, 3))).toBe("33.3%");
    expect(formatRate(rate(2, 3))).toBe("66.7%");
    expect(formatRate(1)).toBe("100%");
    expect(formatRate(0)).toBe("0%");
    expect(formatRate(null)).toBe("—");
    expect(formatRate(null, "n/a")).toBe("n/a");
  });
});

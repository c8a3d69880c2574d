import { describe, expect, it } from "vitest";
import { contradiction, describeRules, eligibilityHint, normalizeTag, segmentRulesSchema } from "./rules";

describe("segment rules", () => {
  it("normalise tags: full-width, spaces, case", () => {
    expect(normalizeTag("  ＶＩＰ  会员 ")).toBe("vip 会员");
    expect(segmentRulesSchema.parse({ tagsAny: ["VIP", "vip", " 学生"] })).toEqual({ tagsAny: ["vip", "学生"] });
  });
  it("refuse a window with nothing to count, and unknown rules", () => {
    expect(segmentRulesSchema.safeParse({ withinDays: 30 }).success).toBe(false);
    expect(segmentRulesSchema.safeParse({ spend: 1 }).success).toBe(false);
    expect(segmentRulesSchema.safeParse({ minOrderTotal: 0 }).success).toBe(false);
  });
  it("notice rules nobody can meet together", () => {
    expect(contradiction({ newConsumer: true, dormantDays: 30 })).toBe("newButActive");
    expect(contradiction({ newConsumer: false, dormantDays: 30 })).toBeNull();
  });
  it("put rules in words, everyone when there are none", () => {
    expect(describeRules({}).map((r) => r.key)).toEqual(["everyone"]);
    expect(describeRules({ tagsAny: ["vip"], minOrderTotal: 10_000, withinDays: 30 })).toEqual([
      { key: "tagsAny", values: { tags: "vip" } },
      { key: "spendWithin", values: { yuan: "100.00", days: 30 } },
    ]);
  });
  it("say who an offer is for, in a consumer's words", () => {
    expect(eligibilityHint("all", null, null)).toBeNull();
    expect(eligibilityHint("new", null, null)).toEqual({ key: "new", values: {} });
    expect(eligibilityHint("segment", null, { newConsumer: false, dormantDays: 60 })).toEqual({ key: "dormant", values: { days: 60 } });
    expect(eligibilityHint("segment", null, { newConsumer: false })).toEqual({ key: "returning", values: {} });
    expect(eligibilityHint("segment", null, { minOrderTotal: 50_000, withinDays: 90 })).toEqual({ key: "spendWithin", values: { yuan: "500", days: 90 } });
  });
});

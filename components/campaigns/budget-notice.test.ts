import { describe, expect, it } from "vitest";
import { budgetNoticeOf, budgetNoticeText } from "./budget-notice";

const t = (key: string, v?: Record<string, string | number>) => (key === "reached" ? `活动「${v?.name}」预算已用 ${v?.percent}%` : `活动「${v?.name}」预算已用完（${v?.spent} / ${v?.budget}）`);

describe("budget notices", () => {
  const payload = { campaignId: "c1", campaignName: "双11", percent: 80, spent: 80000, budget: 100000 };

  it("reads the payload the database writes and says it in words", () => {
    const n = budgetNoticeOf(payload);
    expect(n).toEqual(payload);
    expect(budgetNoticeText(t, n!)).toBe("活动「双11」预算已用 80%");
    expect(budgetNoticeText(t, { ...n!, percent: 100, spent: 100000 })).toBe("活动「双11」预算已用完（¥1,000.00 / ¥1,000.00）");
  });

  it("refuses payloads that are not a budget notice", () => {
    expect(budgetNoticeOf(null)).toBeNull();
    expect(budgetNoticeOf({ alertId: "x" })).toBeNull();
    expect(budgetNoticeOf({ ...payload, percent: "80" })).toBeNull();
  });
});

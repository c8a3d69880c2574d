import { describe, expect, it } from "vitest";
import { createCampaignSchema, offerColumns, productScopeColumn } from "./schemas";

const ok = {
  name: "满 100 减 20",
  type: "amount_off",
  value: 2000,
  minSpend: 10000,
  validFrom: "2026-11-01T00:00:00+08:00",
  validUntil: "2026-11-30T23:59:59.999+08:00",
  perConsumerLimit: 1,
};

function errorsOf(input: object) {
  const r = createCampaignSchema.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("campaign input", () => {
  it("accepts a plain 满减 offer and fills defaults", () => {
    const r = createCampaignSchema.parse(ok);
    expect(r.audience).toBe("all");
    expect(r.stackable).toBe(false);
  });

  it("refuses an end before the start", () => {
    expect(errorsOf({ ...ok, validUntil: "2026-10-31T00:00:00+08:00" })).toEqual({ validUntil: "campaign.errors.endBeforeStart" });
  });

  it("refuses percentages over 100 and requires one for percent_off", () => {
    expect(errorsOf({ ...ok, type: "percent_off", value: null, minSpend: 0, percentOff: 120 })).toHaveProperty("percentOff", "campaign.errors.percentOver100");
    expect(errorsOf({ ...ok, type: "percent_off", value: null, minSpend: 0 })).toEqual({ percentOff: "campaign.errors.percentRequired" });
  });

  it("refuses a minimum spend below the discount, but allows no threshold", () => {
    expect(errorsOf({ ...ok, minSpend: 1000 })).toEqual({ minSpend: "campaign.errors.minSpendBelowValue" });
    expect(errorsOf({ ...ok, minSpend: 0 })).toEqual({});
  });

  it("requires the field each type needs", () => {
    expect(errorsOf({ ...ok, type: "gift", value: null })).toEqual({ giftName: "campaign.errors.giftRequired" });
    expect(errorsOf({ ...ok, type: "stored_value", value: null })).toEqual({ initialBalance: "campaign.errors.balanceRequired" });
    expect(errorsOf({ ...ok, audience: "tagged" })).toEqual({ audienceTag: "campaign.errors.tagRequired" });
  });

  it("keeps the claim window inside the validity", () => {
    expect(errorsOf({ ...ok, claimEndsAt: "2026-12-05T00:00:00+08:00" })).toEqual({ claimEndsAt: "campaign.errors.claimEndAfterValidity" });
    expect(
      errorsOf({ ...ok, releaseAt: "2026-11-10T10:00:00+08:00", claimEndsAt: "2026-11-10T09:00:00+08:00" }),
    ).toEqual({ claimEndsAt: "campaign.errors.claimEndBeforeRelease" });
  });

  it("checks usable hours", () => {
    expect(errorsOf({ ...ok, usableHours: { weekdays: [1, 2, 3, 4, 5], slots: [{ from: "14:00", to: "17:00" }] } })).toEqual({});
    expect(errorsOf({ ...ok, usableHours: { weekdays: [1], slots: [{ from: "17:00", to: "14:00" }] } })).toEqual({
      "usableHours.slots.0.to": "campaign.errors.slotOrder",
    });
  });

  it("refuses negative and fractional money", () => {
    expect(Object.keys(errorsOf({ ...ok, value: -5 }))).toEqual(["value"]);
    expect(Object.keys(errorsOf({ ...ok, value: 19.5 }))).toEqual(["value"]);
  });
});

describe("tiered 满减", () => {
  const tiered = { ...ok, type: "tiered_off", value: undefined, minSpend: 0, tiers: [{ minSpend: 10000, value: 1000 }, { minSpend: 20000, value: 3000 }] };

  it("accepts ascending tiers and stores only them, with the lowest tier as minSpend", () => {
    const r = createCampaignSchema.parse({ ...tiered, value: 500, percentOff: 10 });
    expect(offerColumns(r)).toMatchObject({ value: null, percentOff: null, minSpend: 10000, tiers: tiered.tiers });
    // Other types keep no tiers, even when a switched form still sends them.
    expect(offerColumns(createCampaignSchema.parse({ ...ok, tiers: tiered.tiers })).tiers).toBeNull();
  });

  it("needs 1–5 tiers", () => {
    expect(errorsOf({ ...tiered, tiers: [] })).toEqual({ tiers: "campaign.errors.tiersRequired" });
    expect(errorsOf({ ...tiered, tiers: undefined })).toEqual({ tiers: "campaign.errors.tiersRequired" });
    const six = Array.from({ length: 6 }, (_, i) => ({ minSpend: (i + 1) * 10000, value: (i + 1) * 1000 }));
    expect(errorsOf({ ...tiered, tiers: six })).toMatchObject({ tiers: "campaign.errors.tiersTooMany" });
  });

  it("refuses tiers out of order, on the row that breaks it", () => {
    expect(errorsOf({ ...tiered, tiers: [{ minSpend: 20000, value: 1000 }, { minSpend: 10000, value: 3000 }] })).toEqual({
      "tiers.1.minSpend": "campaign.errors.tierMinSpendOrder",
    });
    expect(errorsOf({ ...tiered, tiers: [{ minSpend: 10000, value: 3000 }, { minSpend: 20000, value: 3000 }] })).toEqual({
      "tiers.1.value": "campaign.errors.tierValueOrder",
    });
  });

  it("refuses a tier that gives its whole threshold or nothing", () => {
    expect(errorsOf({ ...tiered, tiers: [{ minSpend: 10000, value: 10000 }] })).toEqual({ "tiers.0.value": "campaign.errors.tierValueBelowMin" });
    expect(errorsOf({ ...tiered, tiers: [{ minSpend: 10000, value: 0 }] })).toHaveProperty("tiers.0.value");
  });
});

describe("budget", () => {
  it("accepts a total and a daily cap in fen, the day not above the whole", () => {
    expect(createCampaignSchema.parse({ ...ok, budget: { total: 100000, daily: 20000 } }).budget).toEqual({ total: 100000, daily: 20000 });
    expect(errorsOf({ ...ok, budget: { total: 10000, daily: 20000 } })).toEqual({ "budget.daily": "campaign.errors.budgetDailyAboveTotal" });
    expect(errorsOf({ ...ok, budget: { total: 0 } })).toHaveProperty("budget.total");
    expect(errorsOf({ ...ok, budget: { daily: -5 } })).toHaveProperty("budget.daily");
  });

  it("refuses a budget on gifts and stored value", () => {
    const gift = { ...ok, type: "gift", value: undefined, giftName: "美式" };
    expect(errorsOf({ ...gift, budget: { total: 100000 } })).toEqual({ "budget.total": "campaign.errors.budgetNotForType" });
    const card = { ...ok, type: "stored_value", value: undefined, minSpend: 0, initialBalance: 50000 };
    expect(errorsOf({ ...card, budget: { daily: 100000 } })).toEqual({ "budget.daily": "campaign.errors.budgetNotForType" });
    expect(errorsOf({ ...gift, budget: { total: null, daily: null } })).toEqual({});
  });
});

describe("product scope and claim mode", () => {
  it("trims items, allows up to 50 per list, and stores empty lists as nothing", () => {
    const r = createCampaignSchema.parse({ ...ok, productScope: { categories: [" 饮品 ", "饮品"], skus: [], excludeSkus: ["A1"] } });
    expect(r.productScope?.categories).toEqual(["饮品", "饮品"]);
    expect(productScopeColumn(r.productScope)).toEqual({ categories: ["饮品"], excludeSkus: ["A1"] });
    expect(productScopeColumn({ categories: [], skus: [] })).toBeNull();
    expect(productScopeColumn(null)).toBeNull();
    const many = Array.from({ length: 51 }, (_, i) => `SKU${i}`);
    expect(errorsOf({ ...ok, productScope: { skus: many } })).toEqual({ "productScope.skus": "campaign.errors.scopeTooMany" });
    expect(errorsOf({ ...ok, productScope: { skus: many.slice(0, 50) } })).toEqual({});
    expect(errorsOf({ ...ok, productScope: { categories: ["  "] } })).toHaveProperty("productScope.categories.0");
  });

  it("claims are open unless closed", () => {
    expect(createCampaignSchema.parse(ok).claimMode).toBe("open");
    expect(createCampaignSchema.parse({ ...ok, claimMode: "closed_keep_issued" }).claimMode).toBe("closed_keep_issued");
    expect(errorsOf({ ...ok, claimMode: "later" })).toHaveProperty("claimMode");
  });
});

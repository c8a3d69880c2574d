import { describe, expect, it } from "vitest";
import { datesArePast, eligibleAmount, hasProductScope, maxCost, nextTier, priceOrder, remainingBase, sortedTiers, tierReached, yuan, type Offer } from "./rules";

const base: Offer = { type: "amount_off", value: 2000, minSpend: 10000, percentOff: null, maxDiscount: null, giftName: null };

describe("priceOrder", () => {
  it("takes ¥20 off an order of at least ¥100", () => {
    expect(priceOrder(base, 12000)).toEqual({ ok: true, discount: 2000, payable: 10000 });
    expect(priceOrder(base, 10000)).toEqual({ ok: true, discount: 2000, payable: 8000 });
    expect(priceOrder(base, 9999)).toEqual({ ok: false, code: "below_min_spend", minSpend: 10000 });
  });

  it("never discounts more than the order", () => {
    expect(priceOrder({ ...base, minSpend: 0 }, 1500)).toEqual({ ok: true, discount: 1500, payable: 0 });
  });

  it("rounds percentages down to the fen and applies the cap", () => {
    const pct: Offer = { ...base, type: "percent_off", value: null, minSpend: 0, percentOff: 15 };
    expect(priceOrder(pct, 999)).toEqual({ ok: true, discount: 149, payable: 850 });
    expect(priceOrder({ ...pct, maxDiscount: 3000 }, 100000)).toEqual({ ok: true, discount: 3000, payable: 97000 });
    expect(priceOrder({ ...pct, percentOff: 100 }, 5000)).toEqual({ ok: true, discount: 5000, payable: 0 });
  });

  it("gives a gift without changing the amount, above the minimum", () => {
    const gift: Offer = { ...base, type: "gift", value: null, minSpend: 3000, giftName: "拿铁" };
    expect(priceOrder(gift, 3000)).toEqual({ ok: true, discount: 0, payable: 3000 });
    expect(priceOrder(gift, 2999).ok).toBe(false);
  });

  it("spends stored value up to the balance", () => {
    const card: Offer = { ...base, type: "stored_value", value: null, minSpend: 0 };
    expect(priceOrder(card, 3000, 5000)).toEqual({ ok: true, discount: 3000, payable: 0, spend: 3000 });
    expect(priceOrder(card, 8000, 5000)).toEqual({ ok: true, discount: 5000, payable: 3000, spend: 5000 });
    expect(priceOrder(card, 100, 0)).toEqual({ ok: false, code: "insufficient_balance" });
  });

  it("refuses fractional or negative amounts", () => {
    expect(() => priceOrder(base, 10.5)).toThrow(RangeError);
    expect(() => priceOrder(base, -1)).toThrow(RangeError);
  });
});

describe("yuan", () => {
  it("drops .00 and keeps real cents", () => {
    expect(yuan(2000)).toBe("20");
    expect(yuan(1999)).toBe("19.99");
  });
});

describe("maxCost", () => {
  const base = { value: null, maxDiscount: null, initialBalance: null, totalQuantity: null };
  it("is every code used at full value: the total, else the groups' quantities", () => {
    expect(maxCost({ ...base, type: "amount_off", value: 2000, totalQuantity: 500 }, 9999)).toEqual({ fen: 1_000_000, quantity: 500 });
    expect(maxCost({ ...base, type: "amount_off", value: 2000 }, 300)).toEqual({ fen: 600_000, quantity: 300 });
    expect(maxCost({ ...base, type: "percent_off", maxDiscount: 5000 }, 100)).toEqual({ fen: 500_000, quantity: 100 });
    expect(maxCost({ ...base, type: "stored_value", initialBalance: 50_000 }, 10)).toEqual({ fen: 500_000, quantity: 10 });
  });
  it("says why when money does not bound it", () => {
    expect(maxCost({ ...base, type: "percent_off" }, 100)).toMatchObject({ fen: null, kind: "uncapped" });
    expect(maxCost({ ...base, type: "gift" }, 100)).toMatchObject({ fen: null, kind: "gift" });
    expect(maxCost({ ...base, type: "amount_off", value: 2000 }, 0)).toMatchObject({ fen: null, kind: "no_codes" });
  });
});

describe("datesArePast", () => {
  const now = new Date("2026-12-07T04:00:00Z");
  it("is true once the validity or the claiming window has ended", () => {
    expect(datesArePast({ validUntil: new Date("2026-12-07T03:59:59Z") }, now)).toBe(true);
    expect(datesArePast({ validUntil: new Date("2026-12-08T00:00:00Z"), claimEndsAt: new Date("2026-12-07T04:00:00Z") }, now)).toBe(true);
    expect(datesArePast({ validUntil: new Date("2026-12-08T00:00:00Z"), claimEndsAt: null }, now)).toBe(false);
  });
});

describe("tiered 满减", () => {
  const tiered: Offer = { ...base, type: "tiered_off", value: null, minSpend: 10_000, tiers: [{ minSpend: 20_000, value: 3000 }, { minSpend: 10_000, value: 1000 }, { minSpend: 50_000, value: 10_000 }] };

  it("sorts tiers by threshold without touching the campaign's own list", () => {
    expect(sortedTiers(tiered.tiers).map((x) => x.minSpend)).toEqual([10_000, 20_000, 50_000]);
    expect(tiered.tiers![0].minSpend).toBe(20_000);
    expect(sortedTiers(null)).toEqual([]);
  });

  it("applies the highest tier reached, at every edge", () => {
    expect(priceOrder(tiered, 9999)).toEqual({ ok: false, code: "below_min_spend", minSpend: 10_000 });
    expect(priceOrder(tiered, 10_000)).toEqual({ ok: true, discount: 1000, payable: 9000 });
    expect(priceOrder(tiered, 19_999)).toEqual({ ok: true, discount: 1000, payable: 18_999 });
    expect(priceOrder(tiered, 20_000)).toEqual({ ok: true, discount: 3000, payable: 17_000 });
    expect(priceOrder(tiered, 49_999)).toMatchObject({ discount: 3000 });
    expect(priceOrder(tiered, 50_000)).toMatchObject({ discount: 10_000 });
    expect(priceOrder(tiered, 9_999_999)).toMatchObject({ discount: 10_000 });
    expect(tierReached(tiered.tiers, 19_999)).toEqual({ minSpend: 10_000, value: 1000 });
    expect(tierReached(tiered.tiers, 9999)).toBeNull();
  });

  it("says what the next tier would give, and nothing past the top", () => {
    expect(nextTier(tiered, 16_200)).toEqual({ spendMore: 3800, value: 3000, minSpend: 20_000 });
    expect(nextTier(tiered, 0)).toEqual({ spendMore: 10_000, value: 1000, minSpend: 10_000 });
    expect(nextTier(tiered, 19_999)).toEqual({ spendMore: 1, value: 3000, minSpend: 20_000 });
    expect(nextTier(tiered, 20_000)).toEqual({ spendMore: 30_000, value: 10_000, minSpend: 50_000 });
    expect(nextTier(tiered, 50_000)).toBeNull();
    expect(nextTier(base, 5000)).toBeNull();
  });

  it("never takes more than the order, even when a tier's value would", () => {
    const odd: Offer = { ...tiered, minSpend: 0, tiers: [{ minSpend: 0, value: 500 }] };
    expect(priceOrder(odd, 300)).toEqual({ ok: true, discount: 300, payable: 0 });
  });

  it("costs at most the top tier per code", () => {
    expect(maxCost({ type: "tiered_off", value: null, maxDiscount: null, initialBalance: null, totalQuantity: 100, tiers: tiered.tiers }, 0)).toEqual({ fen: 1_000_000, quantity: 100 });
    expect(maxCost({ type: "tiered_off", value: null, maxDiscount: null, initialBalance: null, totalQuantity: 100, tiers: [] }, 0)).toMatchObject({ fen: null, kind: "uncapped" });
  });
});

describe("percent off with a cap", () => {
  const pct: Offer = { ...base, type: "percent_off", value: null, minSpend: 0, percentOff: 15, maxDiscount: 3000 };
  it("rounds down to the fen, then caps", () => {
    expect(priceOrder(pct, 999)).toEqual({ ok: true, discount: 149, payable: 850 });
    expect(priceOrder(pct, 20_000)).toEqual({ ok: true, discount: 3000, payable: 17_000 });
    expect(priceOrder(pct, 19_999)).toEqual({ ok: true, discount: 2999, payable: 17_000 });
    expect(priceOrder(pct, 1)).toEqual({ ok: true, discount: 0, payable: 1 });
  });
});

describe("product limits", () => {
  const items = [
    { sku: "LATTE-L", category: "饮品", amount: 3200 },
    { sku: "BEER-1", category: "酒类", amount: 4000 },
    { sku: "CAKE-9", category: "甜点", amount: 2800 },
    { sku: "GIFT-CARD", category: null, amount: 10_000 },
  ];

  it("a scope is only a scope when one of its lists has something", () => {
    expect(hasProductScope(null)).toBe(false);
    expect(hasProductScope({ categories: [], skus: [] })).toBe(false);
    expect(hasProductScope({ excludeSkus: ["X"] })).toBe(true);
  });

  it("counts included categories and SKUs, case and spaces aside; exclusions win", () => {
    expect(eligibleAmount(null, items)).toBe(20_000);
    expect(eligibleAmount({ categories: ["饮品"] }, items)).toBe(3200);
    expect(eligibleAmount({ skus: [" cake-9 "] }, items)).toBe(2800);
    expect(eligibleAmount({ categories: ["饮品"], skus: ["CAKE-9"] }, items)).toBe(6000);
    expect(eligibleAmount({ excludeCategories: ["酒类"] }, items)).toBe(16_000);
    expect(eligibleAmount({ excludeSkus: ["GIFT-CARD"], excludeCategories: ["酒类"] }, items)).toBe(6000);
    expect(eligibleAmount({ categories: ["饮品"], excludeSkus: ["LATTE-L"] }, items)).toBe(0);
    expect(eligibleAmount({ categories: ["水果"] }, items)).toBe(0);
  });

  it("what a later code applies to: its eligible part, no more than the order less earlier discounts", () => {
    expect(remainingBase(16_200, 16_200, 1000)).toBe(15_200);
    expect(remainingBase(16_200, 3200, 1000)).toBe(3200);
    expect(remainingBase(16_200, 3200, 15_000)).toBe(1200);
    expect(remainingBase(1000, 3200, 2000)).toBe(0);
  });
});

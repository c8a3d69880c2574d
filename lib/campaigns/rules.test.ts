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

describe("tiers: sortedTiers and tierReached", () => {
  const tiers = [{ minSpend: 20_000, value: 3000 }, { minSpend: 10_000, value: 1000 }, { minSpend: 50_000, value: 10_000 }];

  it("returns a new ascending list, leaving the stored one as it was", () => {
    const copy = tiers.map((t) => ({ ...t }));
    const sorted = sortedTiers(tiers);
    expect(sorted).toEqual([{ minSpend: 10_000, value: 1000 }, { minSpend: 20_000, value: 3000 }, { minSpend: 50_000, value: 10_000 }]);
    expect(sorted).not.toBe(tiers);
    expect(tiers).toEqual(copy);
    expect(sortedTiers(undefined)).toEqual([]);
    expect(sortedTiers([])).toEqual([]);
    expect(sortedTiers([{ minSpend: 5000, value: 500 }])).toEqual([{ minSpend: 5000, value: 500 }]);
  });

  it("reaches nothing one fen below the lowest threshold, and the lowest tier exactly at it", () => {
    expect(tierReached(tiers, 0)).toBeNull();
    expect(tierReached(tiers, 9999)).toBeNull();
    expect(tierReached(tiers, 10_000)).toEqual({ minSpend: 10_000, value: 1000 });
  });

  it("reaches the highest tier whose threshold the amount meets, at every edge", () => {
    expect(tierReached(tiers, 15_000)).toEqual({ minSpend: 10_000, value: 1000 });
    expect(tierReached(tiers, 19_999)).toEqual({ minSpend: 10_000, value: 1000 });
    expect(tierReached(tiers, 20_000)).toEqual({ minSpend: 20_000, value: 3000 });
    expect(tierReached(tiers, 20_001)).toEqual({ minSpend: 20_000, value: 3000 });
    expect(tierReached(tiers, 49_999)).toEqual({ minSpend: 20_000, value: 3000 });
    expect(tierReached(tiers, 50_000)).toEqual({ minSpend: 50_000, value: 10_000 });
    expect(tierReached(tiers, 1_000_000)).toEqual({ minSpend: 50_000, value: 10_000 });
  });

  it("reaches nothing without tiers", () => {
    expect(tierReached(null, 100_000)).toBeNull();
    expect(tierReached(undefined, 100_000)).toBeNull();
    expect(tierReached([], 100_000)).toBeNull();
  });
});

describe("tiers: nextTier", () => {
  const offer: Pick<Offer, "type" | "tiers"> = { type: "tiered_off", tiers: [{ minSpend: 50_000, value: 10_000 }, { minSpend: 10_000, value: 1000 }, { minSpend: 20_000, value: 3000 }] };

  it("below the lowest tier, points at the lowest tier", () => {
    expect(nextTier(offer, 0)).toEqual({ spendMore: 10_000, value: 1000, minSpend: 10_000 });
    expect(nextTier(offer, 9999)).toEqual({ spendMore: 1, value: 1000, minSpend: 10_000 });
  });

  it("exactly at a threshold, points at the tier above it, not the one reached", () => {
    expect(nextTier(offer, 10_000)).toEqual({ spendMore: 10_000, value: 3000, minSpend: 20_000 });
    expect(nextTier(offer, 20_000)).toEqual({ spendMore: 30_000, value: 10_000, minSpend: 50_000 });
  });

  it("between tiers, says the fen still to spend for the next one", () => {
    expect(nextTier(offer, 16_200)).toEqual({ spendMore: 3800, value: 3000, minSpend: 20_000 });
    expect(nextTier(offer, 49_999)).toEqual({ spendMore: 1, value: 10_000, minSpend: 50_000 });
  });

  it("is null at and above the top tier", () => {
    expect(nextTier(offer, 50_000)).toBeNull();
    expect(nextTier(offer, 50_001)).toBeNull();
  });

  it("is null for offers without tiers, or that are not tiered", () => {
    expect(nextTier({ type: "tiered_off", tiers: null }, 0)).toBeNull();
    expect(nextTier({ type: "tiered_off", tiers: [] }, 0)).toBeNull();
    expect(nextTier({ type: "tiered_off" }, 0)).toBeNull();
    // Tiers left on another type of offer do not count.
    expect(nextTier({ ...offer, type: "amount_off" }, 0)).toBeNull();
    expect(nextTier({ ...offer, type: "percent_off" }, 0)).toBeNull();
  });
});

describe("priceOrder: tiered 满减", () => {
  const tiered: Offer = {
    type: "tiered_off",
    value: null,
    minSpend: 10_000,
    percentOff: null,
    maxDiscount: null,
    giftName: null,
    tiers: [{ minSpend: 20_000, value: 3000 }, { minSpend: 10_000, value: 1000 }, { minSpend: 50_000, value: 10_000 }],
  };

  it("refuses one fen below the lowest tier, saying its threshold", () => {
    expect(priceOrder(tiered, 0)).toEqual({ ok: false, code: "below_min_spend", minSpend: 10_000 });
    expect(priceOrder(tiered, 9999)).toEqual({ ok: false, code: "below_min_spend", minSpend: 10_000 });
  });

  it("takes the lowest tier's value exactly at its threshold and up to one fen below the next", () => {
    expect(priceOrder(tiered, 10_000)).toEqual({ ok: true, discount: 1000, payable: 9000 });
    expect(priceOrder(tiered, 15_000)).toEqual({ ok: true, discount: 1000, payable: 14_000 });
    expect(priceOrder(tiered, 19_999)).toEqual({ ok: true, discount: 1000, payable: 18_999 });
  });

  it("moves up a tier exactly at the next threshold", () => {
    expect(priceOrder(tiered, 20_000)).toEqual({ ok: true, discount: 3000, payable: 17_000 });
    expect(priceOrder(tiered, 35_000)).toEqual({ ok: true, discount: 3000, payable: 32_000 });
    expect(priceOrder(tiered, 49_999)).toEqual({ ok: true, discount: 3000, payable: 46_999 });
    expect(priceOrder(tiered, 50_000)).toEqual({ ok: true, discount: 10_000, payable: 40_000 });
  });

  it("gives the top tier, no more, above it", () => {
    expect(priceOrder(tiered, 50_001)).toEqual({ ok: true, discount: 10_000, payable: 40_001 });
    expect(priceOrder(tiered, 10_000_000)).toEqual({ ok: true, discount: 10_000, payable: 9_990_000 });
  });

  it("reads the threshold from the tiers when the offer's own minimum is lower", () => {
    const loose: Offer = { ...tiered, minSpend: 0 };
    expect(priceOrder(loose, 9999)).toEqual({ ok: false, code: "below_min_spend", minSpend: 10_000 });
    expect(priceOrder(loose, 10_000)).toEqual({ ok: true, discount: 1000, payable: 9000 });
  });

  it("gives nothing off when there are no tiers at all (the schema requires one)", () => {
    expect(priceOrder({ ...tiered, tiers: null }, 100_000)).toMatchObject({ ok: false, code: "below_min_spend" });
    expect(priceOrder({ ...tiered, tiers: [] }, 100_000)).toMatchObject({ ok: false, code: "below_min_spend" });
  });

  it("never takes more than the order, even when a tier's value is larger than what is bought", () => {
    const odd: Offer = { ...tiered, minSpend: 1000, tiers: [{ minSpend: 1000, value: 1500 }] };
    expect(priceOrder(odd, 1000)).toEqual({ ok: true, discount: 1000, payable: 0 });
    expect(priceOrder(odd, 1499)).toEqual({ ok: true, discount: 1499, payable: 0 });
    expect(priceOrder(odd, 1500)).toEqual({ ok: true, discount: 1500, payable: 0 });
    expect(priceOrder(odd, 1501)).toEqual({ ok: true, discount: 1500, payable: 1 });
  });

  it("is always whole fen, within the order, and adds up", () => {
    for (let amount = 0; amount <= 60_000; amount += 37) {
      const p = priceOrder(tiered, amount);
      const tier = tierReached(tiered.tiers, amount);
      if (!tier) {
        expect(p).toEqual({ ok: false, code: "below_min_spend", minSpend: 10_000 });
        continue;
      }
      if (!p.ok) throw new Error(`refused ${amount}`);
      expect(Number.isInteger(p.discount)).toBe(true);
      expect(p.discount).toBe(Math.min(tier.value, amount));
      expect(p.discount + p.payable).toBe(amount);
      expect(p.payable).toBeGreaterThanOrEqual(0);
    }
  });

  it("refuses fractional or negative amounts like every other offer", () => {
    expect(() => priceOrder(tiered, 20_000.5)).toThrow(RangeError);
    expect(() => priceOrder(tiered, -1)).toThrow(RangeError);
  });
});

describe("priceOrder: percent off, rounding and the cap", () => {
  const pct: Offer = { type: "percent_off", value: null, minSpend: 0, percentOff: 15, maxDiscount: null, giftName: null };

  it("rounds down to the fen, never up", () => {
    expect(priceOrder(pct, 999)).toEqual({ ok: true, discount: 149, payable: 850 }); // 149.85
    expect(priceOrder(pct, 6)).toEqual({ ok: true, discount: 0, payable: 6 }); // 0.9
    expect(priceOrder(pct, 7)).toEqual({ ok: true, discount: 1, payable: 6 }); // 1.05
    expect(priceOrder({ ...pct, percentOff: 33 }, 101)).toEqual({ ok: true, discount: 33, payable: 68 }); // 33.33
    expect(priceOrder({ ...pct, percentOff: 99 }, 101)).toEqual({ ok: true, discount: 99, payable: 2 }); // 99.99
    expect(priceOrder({ ...pct, percentOff: 10 }, 12_345)).toEqual({ ok: true, discount: 1234, payable: 11_111 });
    expect(priceOrder(pct, 0)).toEqual({ ok: true, discount: 0, payable: 0 });
  });

  it("caps at maxDiscount: below, exactly at, and above the cap", () => {
    const capped: Offer = { ...pct, maxDiscount: 3000 };
    expect(priceOrder(capped, 19_993)).toEqual({ ok: true, discount: 2998, payable: 16_995 }); // 2998.95, under the cap
    expect(priceOrder(capped, 20_000)).toEqual({ ok: true, discount: 3000, payable: 17_000 }); // exactly the cap
    expect(priceOrder(capped, 20_007)).toEqual({ ok: true, discount: 3000, payable: 17_007 }); // 3001.05, capped
    expect(priceOrder(capped, 1_000_000)).toEqual({ ok: true, discount: 3000, payable: 997_000 });
  });

  it("a cap of zero gives nothing off; no cap gives the whole percentage", () => {
    expect(priceOrder({ ...pct, maxDiscount: 0 }, 10_000)).toEqual({ ok: true, discount: 0, payable: 10_000 });
    expect(priceOrder(pct, 1_000_000)).toEqual({ ok: true, discount: 150_000, payable: 850_000 });
  });

  it("checks the minimum spend before the percentage", () => {
    const min: Offer = { ...pct, minSpend: 5000, maxDiscount: 500 };
    expect(priceOrder(min, 4999)).toEqual({ ok: false, code: "below_min_spend", minSpend: 5000 });
    expect(priceOrder(min, 5000)).toEqual({ ok: true, discount: 500, payable: 4500 });
  });

  it("is always whole fen, never more than the exact percentage or the cap", () => {
    const capped: Offer = { ...pct, percentOff: 17, maxDiscount: 1234 };
    for (let amount = 0; amount <= 10_000; amount += 13) {
      const p = priceOrder(capped, amount);
      if (!p.ok) throw new Error(`refused ${amount}`);
      expect(Number.isInteger(p.discount)).toBe(true);
      const exact = (amount * 17) / 100;
      if (exact >= 1234) expect(p.discount).toBe(1234);
      else {
        expect(p.discount).toBeLessThanOrEqual(exact);
        expect(p.discount).toBeGreaterThan(exact - 1);
      }
      expect(p.discount + p.payable).toBe(amount);
    }
  });
});

describe("hasProductScope", () => {
  it("is false without a scope or with every list empty", () => {
    expect(hasProductScope(undefined)).toBe(false);
    expect(hasProductScope(null)).toBe(false);
    expect(hasProductScope({})).toBe(false);
    expect(hasProductScope({ categories: [], skus: [], excludeCategories: [], excludeSkus: [] })).toBe(false);
  });

  it("is true as soon as any one list has an entry", () => {
    expect(hasProductScope({ categories: ["饮品"] })).toBe(true);
    expect(hasProductScope({ skus: ["LATTE-L"] })).toBe(true);
    expect(hasProductScope({ excludeCategories: ["酒类"] })).toBe(true);
    expect(hasProductScope({ excludeSkus: ["GIFT-CARD"], categories: [] })).toBe(true);
  });
});

describe("eligibleAmount", () => {
  const items = [
    { sku: "LATTE-L", category: "饮品", amount: 3200 },
    { sku: "LATTE-M", category: "饮品", amount: 2800 },
    { sku: "BEER-1", category: "酒类", amount: 4000 },
    { sku: "CAKE-9", category: "甜点", amount: 2500 },
    { sku: "GIFT-CARD", category: null, amount: 10_000 },
    { sku: "BAG", amount: 50 },
  ];
  const total = 3200 + 2800 + 4000 + 2500 + 10_000 + 50;

  it("counts the whole order without a scope, or with an empty one", () => {
    expect(eligibleAmount(null, items)).toBe(total);
    expect(eligibleAmount(undefined, items)).toBe(total);
    expect(eligibleAmount({ categories: [], excludeSkus: [] }, items)).toBe(total);
    expect(eligibleAmount(null, [])).toBe(0);
  });

  it("includes by category, every line of it", () => {
    expect(eligibleAmount({ categories: ["饮品"] }, items)).toBe(6000);
    expect(eligibleAmount({ categories: ["饮品", "甜点"] }, items)).toBe(8500);
  });

  it("includes by SKU, case and surrounding spaces aside on either side", () => {
    expect(eligibleAmount({ skus: ["LATTE-L"] }, items)).toBe(3200);
    expect(eligibleAmount({ skus: [" latte-l ", "Cake-9"] }, items)).toBe(5700);
    expect(eligibleAmount({ skus: ["bag"] }, [{ sku: "  BAG ", amount: 50 }])).toBe(50);
    expect(eligibleAmount({ categories: [" 饮品 "] }, [{ sku: "X", category: "饮品  ", amount: 700 }])).toBe(700);
    expect(eligibleAmount({ categories: ["drinks"] }, [{ sku: "X", category: "Drinks", amount: 700 }])).toBe(700);
  });

  it("includes a line matched by SKU or by category, counting it once", () => {
    expect(eligibleAmount({ categories: ["饮品"], skus: ["CAKE-9"] }, items)).toBe(8500);
    expect(eligibleAmount({ categories: ["饮品"], skus: ["LATTE-L"] }, items)).toBe(6000);
  });

  it("with only exclusions, counts every line not excluded, by category or by SKU", () => {
    expect(eligibleAmount({ excludeCategories: ["酒类"] }, items)).toBe(total - 4000);
    expect(eligibleAmount({ excludeSkus: ["gift-card"] }, items)).toBe(total - 10_000);
    expect(eligibleAmount({ excludeCategories: ["酒类"], excludeSkus: ["GIFT-CARD"] }, items)).toBe(total - 14_000);
  });

  it("lines without a category are never matched by a category, included or excluded", () => {
    expect(eligibleAmount({ categories: ["饮品"] }, [{ sku: "GIFT-CARD", category: null, amount: 10_000 }])).toBe(0);
    expect(eligibleAmount({ excludeCategories: ["饮品"] }, [{ sku: "BAG", amount: 50 }, { sku: "GIFT-CARD", category: "", amount: 100 }])).toBe(150);
  });

  it("combines inclusions and exclusions: an exclusion wins over an inclusion", () => {
    // Drinks, but not the large latte.
    expect(eligibleAmount({ categories: ["饮品"], excludeSkus: ["LATTE-L"] }, items)).toBe(2800);
    // The cake by SKU, but desserts are excluded: the exclusion wins.
    expect(eligibleAmount({ skus: ["CAKE-9"], excludeCategories: ["甜点"] }, items)).toBe(0);
    // Drinks and the beer by SKU, minus alcohol: only the drinks.
    expect(eligibleAmount({ categories: ["饮品"], skus: ["BEER-1"], excludeCategories: ["酒类"] }, items)).toBe(6000);
    // Everything included, everything excluded.
    expect(eligibleAmount({ categories: ["饮品"], excludeSkus: ["LATTE-L", "LATTE-M"] }, items)).toBe(0);
  });

  it("is 0 when no line matches", () => {
    expect(eligibleAmount({ categories: ["水果"] }, items)).toBe(0);
    expect(eligibleAmount({ skus: ["NOPE"] }, items)).toBe(0);
    expect(eligibleAmount({ categories: ["饮品"] }, [])).toBe(0);
    expect(eligibleAmount({ excludeCategories: ["酒类"] }, [{ sku: "BEER-1", category: "酒类", amount: 4000 }])).toBe(0);
  });
});

describe("remainingBase", () => {
  it("is the eligible part when earlier codes took nothing", () => {
    expect(remainingBase(10_000, 10_000, 0)).toBe(10_000);
    expect(remainingBase(10_000, 3200, 0)).toBe(3200);
    expect(remainingBase(0, 0, 0)).toBe(0);
  });

  it("is the order less earlier discounts when that is smaller than the eligible part", () => {
    expect(remainingBase(10_000, 10_000, 2500)).toBe(7500);
    expect(remainingBase(10_000, 9000, 2500)).toBe(7500);
    expect(remainingBase(10_000, 7500, 2500)).toBe(7500);
    expect(remainingBase(10_000, 7499, 2500)).toBe(7499);
  });

  it("never more than the eligible part, never below zero", () => {
    expect(remainingBase(10_000, 12_000, 0)).toBe(10_000);
    expect(remainingBase(10_000, 3000, 10_000)).toBe(0);
    expect(remainingBase(10_000, 3000, 12_000)).toBe(0);
    expect(remainingBase(10_000, 0, 0)).toBe(0);
  });
});

describe("maxCost: tiered", () => {
  const none = { value: null, maxDiscount: null, initialBalance: null };
  const tiers = [{ minSpend: 20_000, value: 3000 }, { minSpend: 50_000, value: 10_000 }, { minSpend: 10_000, value: 1000 }];

  it("is the top tier's value per code, whatever order the tiers are stored in", () => {
    expect(maxCost({ ...none, type: "tiered_off", totalQuantity: 100, tiers }, 0)).toEqual({ fen: 1_000_000, quantity: 100 });
    expect(maxCost({ ...none, type: "tiered_off", totalQuantity: 1, tiers: [{ minSpend: 5000, value: 800 }] }, 0)).toEqual({ fen: 800, quantity: 1 });
  });

  it("counts the groups' quantities when the campaign has no total", () => {
    expect(maxCost({ ...none, type: "tiered_off", totalQuantity: null, tiers }, 250)).toEqual({ fen: 2_500_000, quantity: 250 });
    // The total wins over the groups.
    expect(maxCost({ ...none, type: "tiered_off", totalQuantity: 10, tiers }, 250)).toEqual({ fen: 100_000, quantity: 10 });
  });

  it("is unbounded without tiers, and null with no codes to hand out", () => {
    expect(maxCost({ ...none, type: "tiered_off", totalQuantity: 100, tiers: null }, 0)).toEqual({ fen: null, quantity: 100, kind: "uncapped" });
    expect(maxCost({ ...none, type: "tiered_off", totalQuantity: 100 }, 0)).toEqual({ fen: null, quantity: 100, kind: "uncapped" });
    expect(maxCost({ ...none, type: "tiered_off", totalQuantity: null, tiers }, 0)).toEqual({ fen: null, quantity: 0, kind: "no_codes" });
    expect(maxCost({ ...none, type: "tiered_off", totalQuantity: 0, tiers }, 500)).toEqual({ fen: null, quantity: 0, kind: "no_codes" });
  });

  it("ignores a value left on a tiered campaign: only the tiers count", () => {
    expect(maxCost({ ...none, type: "tiered_off", value: 99_999, totalQuantity: 2, tiers }, 0)).toEqual({ fen: 20_000, quantity: 2 });
  });
});

import { describe, expect, it } from "vitest";
import { datesArePast, maxCost, priceOrder, yuan, type Offer } from "./rules";

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

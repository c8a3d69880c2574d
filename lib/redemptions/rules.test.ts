import { describe, expect, it } from "vitest";
import { decideRedemption, expiryOf, mayReverse, planOrder, reversalWindowMinutes, withinUsableHours, type CodeSnapshot } from "./rules";

const TZ = "Asia/Shanghai";
const now = new Date("2026-11-23T06:00:00Z"); // Monday 14:00 in Shanghai

function snapshot(over: { code?: Partial<CodeSnapshot["code"]>; group?: Partial<CodeSnapshot["group"]>; campaign?: Partial<CodeSnapshot["campaign"]> } & Partial<Pick<CodeSnapshot, "storeAllowed" | "lastRedemption">> = {}): CodeSnapshot {
  return {
    code: { id: 1, code: "ABCD2345", status: "claimed", expiresAt: null, balance: null, claimedAt: new Date("2026-11-20T00:00:00Z"), ...over.code },
    group: { id: "g", mode: "unique", status: "active", claimedCount: 0, redeemedCount: 0, ...over.group },
    campaign: {
      id: "c",
      name: "满100减20",
      type: "amount_off",
      value: 2000,
      minSpend: 10000,
      percentOff: null,
      maxDiscount: null,
      giftName: null,
      initialBalance: null,
      status: "approved",
      validFrom: new Date("2026-11-01T00:00:00Z"),
      validUntil: new Date("2026-12-31T00:00:00Z"),
      usableHours: null,
      ...over.campaign,
    },
    storeAllowed: over.storeAllowed ?? true,
    lastRedemption: over.lastRedemption ?? null,
  };
}

describe("decideRedemption", () => {
  it("prices an amount-off order at or above the minimum", () => {
    expect(decideRedemption(snapshot(), 12000, now, TZ)).toEqual({ ok: true, discount: 2000, payable: 10000, balance: null, balanceAfter: null });
    expect(decideRedemption(snapshot(), 10000, now, TZ)).toMatchObject({ ok: true, discount: 2000, payable: 8000 });
  });

  it("refuses below the minimum and says what the minimum is", () => {
    expect(decideRedemption(snapshot(), 9999, now, TZ)).toEqual({ ok: false, code: "below_min_spend", facts: { minSpend: 10000 } });
  });

  it("says when and where an already redeemed code was used", () => {
    const at = new Date("2026-11-23T06:02:00Z");
    const d = decideRedemption(snapshot({ code: { status: "redeemed" }, lastRedemption: { at, storeName: "南京路店" } }), 12000, now, TZ);
    expect(d).toEqual({ ok: false, code: "already_redeemed", facts: { at, storeName: "南京路店" } });
  });

  it("refuses a code past its own expiry, or past the campaign's end, with the expiry", () => {
    const own = new Date("2026-11-22T15:59:59Z");
    expect(decideRedemption(snapshot({ code: { expiresAt: own } }), 12000, now, TZ)).toEqual({ ok: false, code: "expired", facts: { expiresAt: own } });
    const end = new Date("2026-11-23T06:00:00Z");
    expect(decideRedemption(snapshot({ campaign: { validUntil: end } }), 12000, now, TZ)).toMatchObject({ ok: false, code: "expired" });
    // One millisecond before the expiry it is still good.
    expect(decideRedemption(snapshot({ code: { expiresAt: new Date(now.getTime() + 1) } }), 12000, now, TZ).ok).toBe(true);
  });

  it("refuses frozen groups and codes, paused, ended, unpublished and not yet valid campaigns", () => {
    expect(decideRedemption(snapshot({ group: { status: "frozen" } }), 12000, now, TZ)).toMatchObject({ code: "frozen" });
    expect(decideRedemption(snapshot({ code: { status: "frozen" } }), 12000, now, TZ)).toMatchObject({ code: "frozen" });
    expect(decideRedemption(snapshot({ campaign: { status: "paused" } }), 12000, now, TZ)).toMatchObject({ code: "paused" });
    expect(decideRedemption(snapshot({ campaign: { status: "ended" } }), 12000, now, TZ)).toMatchObject({ code: "ended" });
    expect(decideRedemption(snapshot({ campaign: { status: "draft" } }), 12000, now, TZ)).toMatchObject({ code: "not_found" });
    expect(decideRedemption(snapshot({ code: { status: "void" } }), 12000, now, TZ)).toMatchObject({ code: "invalid_state" });
    const from = new Date("2026-11-24T00:00:00Z");
    expect(decideRedemption(snapshot({ campaign: { validFrom: from } }), 12000, now, TZ)).toEqual({ ok: false, code: "not_started", facts: { validFrom: from } });
  });

  it("refuses other stores and hours outside the usable ones", () => {
    expect(decideRedemption(snapshot({ storeAllowed: false }), 12000, now, TZ)).toMatchObject({ code: "wrong_store" });
    const weekend = { weekdays: [6, 7], slots: [] };
    expect(decideRedemption(snapshot({ campaign: { usableHours: weekend } }), 12000, now, TZ)).toMatchObject({ code: "outside_hours" });
  });

  it("redeems an unclaimed unique code handed out offline", () => {
    expect(decideRedemption(snapshot({ code: { status: "available", claimedAt: null } }), 12000, now, TZ).ok).toBe(true);
  });

  it("lets a shared code be used once per claim", () => {
    expect(decideRedemption(snapshot({ group: { mode: "shared", claimedCount: 3, redeemedCount: 2 } }), 12000, now, TZ).ok).toBe(true);
    expect(decideRedemption(snapshot({ group: { mode: "shared", claimedCount: 3, redeemedCount: 3 } }), 12000, now, TZ)).toMatchObject({ code: "limit_reached" });
  });

  it("spends a stored-value balance up to the order, issuing the initial balance on first use", () => {
    const card = { type: "stored_value" as const, value: null, minSpend: 0, initialBalance: 50000 };
    expect(decideRedemption(snapshot({ campaign: card }), 12000, now, TZ)).toEqual({ ok: true, discount: 12000, payable: 0, balance: 50000, balanceAfter: 38000 });
    expect(decideRedemption(snapshot({ campaign: card, code: { balance: 3000 } }), 12000, now, TZ)).toEqual({ ok: true, discount: 3000, payable: 9000, balance: 3000, balanceAfter: 0 });
    expect(decideRedemption(snapshot({ campaign: card, code: { balance: 0 } }), 12000, now, TZ)).toMatchObject({ ok: false, code: "insufficient_balance" });
    expect(decideRedemption(snapshot({ campaign: card, code: { status: "redeemed", balance: 0 } }), 12000, now, TZ)).toMatchObject({ code: "insufficient_balance" });
  });

  it("gives no money off for a gift but accepts the redemption", () => {
    const gift = { type: "gift" as const, value: null, minSpend: 0, giftName: "拿铁一杯" };
    expect(decideRedemption(snapshot({ campaign: gift }), 0, now, TZ)).toEqual({ ok: true, discount: 0, payable: 0, balance: null, balanceAfter: null });
  });
});

describe("withinUsableHours", () => {
  const hours = { weekdays: [1, 2, 3, 4, 5], slots: [{ from: "10:00", to: "14:00" }] };
  it("reads weekday and time on the organisation's clock, [from, to)", () => {
    expect(withinUsableHours(hours, new Date("2026-11-23T02:00:00Z"), TZ)).toBe(true); // Mon 10:00
    expect(withinUsableHours(hours, new Date("2026-11-23T05:59:00Z"), TZ)).toBe(true); // Mon 13:59
    expect(withinUsableHours(hours, new Date("2026-11-23T06:00:00Z"), TZ)).toBe(false); // Mon 14:00
    expect(withinUsableHours(hours, new Date("2026-11-22T03:00:00Z"), TZ)).toBe(false); // Sun 11:00
    // 23:30 UTC on Sunday is Monday 07:30 in Shanghai: the weekday is the local one.
    expect(withinUsableHours({ weekdays: [1], slots: [] }, new Date("2026-11-22T23:30:00Z"), TZ)).toBe(true);
    expect(withinUsableHours(null, now, TZ)).toBe(true);
  });
});

describe("reversal rules", () => {
  const redeemedAt = new Date("2026-11-23T06:00:00Z");
  it("lets clerks reverse within the window and reviewers at any time", () => {
    expect(mayReverse({ reverseAny: false, redeemedAt, now: new Date(redeemedAt.getTime() + 30 * 60_000), windowMinutes: 30 })).toBe(true);
    expect(mayReverse({ reverseAny: false, redeemedAt, now: new Date(redeemedAt.getTime() + 30 * 60_000 + 1), windowMinutes: 30 })).toBe(false);
    expect(mayReverse({ reverseAny: true, redeemedAt, now: new Date(redeemedAt.getTime() + 86_400_000), windowMinutes: 30 })).toBe(true);
  });
  it("reads the owner's window, falling back to 30 minutes", () => {
    expect(reversalWindowMinutes({ reversalWindowMinutes: 10 })).toBe(10);
    expect(reversalWindowMinutes({ reversalWindowMinutes: -1 })).toBe(30);
    expect(reversalWindowMinutes({})).toBe(30);
  });
});

describe("expiryOf", () => {
  it("takes the earlier of the code's expiry and the campaign's end", () => {
    const s = snapshot({ code: { expiresAt: new Date("2027-01-05T00:00:00Z") } });
    expect(expiryOf(s)).toEqual(s.campaign.validUntil);
  });
});

describe("planOrder: several codes on one order", () => {
  let n = 0;
  const code = (campaign: Partial<CodeSnapshot["campaign"]>, over: Partial<CodeSnapshot["code"]> = {}) => {
    n++;
    return snapshot({ code: { id: n, code: `CODE${n}`, ...over }, campaign: { id: `c${n}`, minSpend: 0, stackable: true, ...campaign } });
  };
  const plan = (list: CodeSnapshot[], order: Parameters<typeof planOrder>[1]) => planOrder(list, order, now, TZ);

  it("applies each code in the order given, each on what the earlier ones left", () => {
    const tiered = code({ type: "tiered_off", value: null, tiers: [{ minSpend: 10_000, value: 1000 }, { minSpend: 20_000, value: 3000 }] });
    const pct = code({ type: "percent_off", value: null, percentOff: 10, maxDiscount: null });
    const p = plan([tiered, pct], { orderAmount: 16_200 });
    expect(p).toMatchObject({ ok: true, discount: 1000 + 1520, payable: 16_200 - 2520 });
    if (!p.ok) throw new Error("refused");
    expect(p.lines.map((l) => [l.snapshot.code.code, l.base, l.discount])).toEqual([
      [tiered.code.code, 16_200, 1000],
      [pct.code.code, 15_200, 1520],
    ]);
    // The other way round, the percentage sees the whole order and the tier what is left.
    const q = plan([pct, tiered], { orderAmount: 16_200 });
    expect(q.ok && q.lines.map((l) => l.discount)).toEqual([1620, 1000]);
  });

  it("a later code's minimum spend counts what is left of the order", () => {
    const first = code({ value: 2000 });
    const second = code({ value: 1000, minSpend: 10_000 });
    expect(plan([first, second], { orderAmount: 11_000 })).toEqual({ ok: false, index: 1, code: "below_min_spend", facts: { minSpend: 10_000 } });
    expect(plan([first, second], { orderAmount: 12_000 })).toMatchObject({ ok: true, discount: 3000 });
  });

  it("puts stored-value cards last, whatever their place, so the card pays what is left", () => {
    const card = code({ type: "stored_value", value: null, initialBalance: 5000 });
    const off = code({ value: 1000 });
    const p = plan([card, off], { orderAmount: 4000 });
    expect(p.ok && p.lines.map((l) => [l.snapshot.code.code, l.discount, l.balanceAfter])).toEqual([
      [off.code.code, 1000, null],
      [card.code.code, 3000, 2000],
    ]);
    expect(p).toMatchObject({ discount: 4000, payable: 0 });
  });

  it("refuses codes that do not combine, naming every one; alone such a code is fine", () => {
    const a = code({ value: 500 });
    const b = code({ value: 500, stackable: false });
    const c = code({ value: 500, stackable: false });
    expect(plan([a, b, c], { orderAmount: 5000 })).toEqual({ ok: false, index: 1, code: "not_stackable", facts: { codes: [b.code.code, c.code.code] } });
    expect(plan([b], { orderAmount: 5000 })).toMatchObject({ ok: true, discount: 500 });
  });

  it("a refusal of the second code says which", () => {
    const a = code({ value: 500 });
    const b = code({ value: 500 }, { status: "redeemed" });
    expect(plan([a, b], { orderAmount: 5000 })).toMatchObject({ ok: false, index: 1, code: "already_redeemed" });
  });

  it("counts only the eligible lines of a limited campaign: from items, or as typed (at most the order)", () => {
    const drinks = code({ value: 500, minSpend: 3000, productScope: { categories: ["饮品"] } });
    const items = [
      { sku: "L1", category: "饮品", amount: 3200 },
      { sku: "B1", category: "酒类", amount: 6000 },
    ];
    expect(plan([drinks], { orderAmount: 9200, items })).toMatchObject({ ok: true, discount: 500 });
    // The minimum spend counts the eligible lines only: ¥29.99 of drinks in a ¥92 order is below ¥30.
    expect(plan([drinks], { orderAmount: 9200, items: [{ ...items[0], amount: 2999 }, items[1]] })).toMatchObject({ ok: false, code: "below_min_spend" });
    expect(plan([drinks], { orderAmount: 9200, items: [items[1]] })).toEqual({ ok: false, index: 0, code: "not_applicable", facts: {} });
    expect(plan([drinks], { orderAmount: 9200, eligibleAmounts: { [drinks.code.code]: 3000 } })).toMatchObject({ ok: true, discount: 500 });
    // Typed above the order: the order is all there is.
    const pct = code({ type: "percent_off", value: null, percentOff: 50, maxDiscount: null, productScope: { skus: ["L1"] } });
    expect(plan([pct], { orderAmount: 1000, eligibleAmounts: { [pct.code.code]: 5000 } })).toMatchObject({ ok: true, discount: 500 });
    expect(plan([drinks], { orderAmount: 9200, eligibleAmounts: { [drinks.code.code]: 0 } })).toMatchObject({ ok: false, code: "not_applicable" });
  });

  it("asks for the eligible amount when nothing says it, except for an order of nothing yet", () => {
    const drinks = code({ value: 500, productScope: { categories: ["饮品"] } });
    expect(plan([drinks], { orderAmount: 9200 })).toEqual({ ok: false, index: 0, code: "eligible_amount_required", facts: {} });
    // The counter checks the code before an amount is typed: the code alone, no refusal for its lines.
    expect(plan([drinks], { orderAmount: 0 })).toMatchObject({ ok: true, discount: 0 });
    expect(plan([{ ...drinks, code: { ...drinks.code, status: "void" } }], { orderAmount: 0 })).toMatchObject({ ok: false, code: "invalid_state" });
  });

  it("spends a budget once across the codes of one campaign on the order", () => {
    const one = code({ id: "same", value: 1000, budgetLeft: 1500 });
    const two = { ...code({ id: "same", value: 1000, budgetLeft: 1500 }) };
    expect(plan([one], { orderAmount: 5000 })).toMatchObject({ ok: true, discount: 1000 });
    expect(plan([one, two], { orderAmount: 5000 })).toEqual({ ok: false, index: 1, code: "budget_exhausted", facts: {} });
    expect(plan([code({ value: 1000, budgetLeft: 999 })], { orderAmount: 5000 })).toMatchObject({ ok: false, code: "budget_exhausted" });
    // A budget counts discounts: a gift, or a discount of nothing, spends none.
    expect(plan([code({ value: 1000, budgetLeft: 0 })], { orderAmount: 0 })).toMatchObject({ ok: true, discount: 0 });
  });
});


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
      // Richer offers, as the lookup reads them for a plain campaign: no tiers, no product limits,
      // combinable (a stored null reads as true), no budget.
      tiers: null,
      productScope: null,
      stackable: true,
      budgetLeft: null,
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
    // A code that cannot be used at all says why before asking for its lines.
    expect(plan([{ ...drinks, code: { ...drinks.code, status: "void" } }], { orderAmount: 9200 })).toMatchObject({ ok: false, code: "invalid_state" });
    expect(plan([{ ...drinks, campaign: { ...drinks.campaign, status: "paused" } }], { orderAmount: 9200, items: [{ sku: "B1", category: "酒类", amount: 9200 }] })).toMatchObject({ ok: false, code: "paused" });
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


describe("planOrder: richer offers", () => {
  let n = 100;
  /** A code of its own campaign (unless `campaign.id` says otherwise), no minimum spend, combinable. */
  const line = (campaign: Partial<CodeSnapshot["campaign"]> = {}, over: Partial<CodeSnapshot["code"]> = {}, rest: Partial<Pick<CodeSnapshot, "storeAllowed">> = {}) => {
    n++;
    return snapshot({ code: { id: n, code: `RICH${n}`, ...over }, campaign: { id: `camp${n}`, minSpend: 0, ...campaign }, ...rest });
  };
  const off = (value: number, campaign: Partial<CodeSnapshot["campaign"]> = {}) => line({ type: "amount_off", value, ...campaign });
  const pct = (percentOff: number, campaign: Partial<CodeSnapshot["campaign"]> = {}) => line({ type: "percent_off", value: null, percentOff, maxDiscount: null, ...campaign });
  const tiers = [{ minSpend: 20_000, value: 3000 }, { minSpend: 10_000, value: 1000 }, { minSpend: 50_000, value: 10_000 }];
  const tiered = (campaign: Partial<CodeSnapshot["campaign"]> = {}) => line({ type: "tiered_off", value: null, minSpend: 10_000, tiers, ...campaign });
  const card = (balance: number | null, campaign: Partial<CodeSnapshot["campaign"]> = {}, over: Partial<CodeSnapshot["code"]> = {}) =>
    line({ type: "stored_value", value: null, initialBalance: 50_000, ...campaign }, { balance, ...over });
  const gift = () => line({ type: "gift", value: null, giftName: "拿铁一杯" });
  const plan = (list: CodeSnapshot[], order: Parameters<typeof planOrder>[1]) => planOrder(list, order, now, TZ);
  /** [code, base, discount, payable] per line, in the order applied. */
  const rows = (p: ReturnType<typeof plan>) => {
    if (!p.ok) throw new Error(`refused: ${p.code} at ${p.index}`);
    return p.lines.map((l) => [l.snapshot.code.code, l.base, l.discount, l.payable]);
  };

  const drinks = { categories: ["饮品"] };
  const desserts = { categories: ["甜点"] };
  const items = [
    { sku: "LATTE-L", category: "饮品", amount: 3200 },
    { sku: "LATTE-M", category: "饮品", amount: 2800 },
    { sku: "CAKE-9", category: "甜点", amount: 2500 },
    { sku: "BEER-1", category: "酒类", amount: 4000 },
  ];
  const itemsTotal = 12_500;

  describe("several codes, in the order given", () => {
    it("computes each discount on what the earlier codes left of the order", () => {
      const a = off(1000);
      const b = pct(10);
      const c = tiered();
      const p = plan([a, b, c], { orderAmount: 30_000 });
      expect(rows(p)).toEqual([
        [a.code.code, 30_000, 1000, 29_000],
        [b.code.code, 29_000, 2900, 26_100],
        [c.code.code, 26_100, 3000, 23_100],
      ]);
      expect(p).toMatchObject({ ok: true, discount: 6900, payable: 23_100 });
    });

    it("a later tiered code reaches the tier of what is left, not of the whole order", () => {
      const a = off(1000);
      const t = tiered();
      expect(rows(plan([t], { orderAmount: 20_500 }))).toEqual([[t.code.code, 20_500, 3000, 17_500]]);
      expect(rows(plan([a, t], { orderAmount: 20_500 }))).toEqual([
        [a.code.code, 20_500, 1000, 19_500],
        [t.code.code, 19_500, 1000, 18_500],
      ]);
      // And below the lowest tier once the earlier discount is taken: refused with the tier's threshold.
      expect(plan([a, t], { orderAmount: 10_500 })).toEqual({ ok: false, index: 1, code: "below_min_spend", facts: { minSpend: 10_000 } });
    });

    it("the order changes the result: a percentage first sees the whole order", () => {
      const a = off(2000);
      const b = pct(50);
      expect(plan([a, b], { orderAmount: 10_000 })).toMatchObject({ ok: true, discount: 2000 + 4000, payable: 4000 });
      expect(plan([b, a], { orderAmount: 10_000 })).toMatchObject({ ok: true, discount: 5000 + 2000, payable: 3000 });
    });

    it("a gift takes nothing off and leaves the later codes' base alone", () => {
      const g = gift();
      const b = pct(10);
      expect(rows(plan([g, b], { orderAmount: 8000 }))).toEqual([
        [g.code.code, 8000, 0, 8000],
        [b.code.code, 8000, 800, 7200],
      ]);
    });

    it("never takes more than the order: a later code gets only what is left", () => {
      const a = off(1000);
      const b = off(1000);
      const c = off(1000);
      expect(rows(plan([a, b, c], { orderAmount: 1500 }))).toEqual([
        [a.code.code, 1500, 1000, 500],
        [b.code.code, 500, 500, 0],
        [c.code.code, 0, 0, 0],
      ]);
      expect(plan([a, b, c], { orderAmount: 1500 })).toMatchObject({ ok: true, discount: 1500, payable: 0 });
    });

    it("totals add up: the discount is the lines' sum and payable the order less it", () => {
      const list = [off(500), pct(15, { maxDiscount: 1000 }), tiered(), gift()];
      const p = plan(list, { orderAmount: 25_999 });
      if (!p.ok) throw new Error("refused");
      const sum = p.lines.reduce((s, l) => s + l.discount, 0);
      expect(p.discount).toBe(sum);
      expect(p.payable).toBe(25_999 - sum);
      // 500; 15% of 25_499 capped at 1000; the ¥200 tier on 24_499; the gift on 21_499.
      expect(p.lines.map((l) => l.discount)).toEqual([500, 1000, 3000, 0]);
      expect(p).toMatchObject({ discount: 4500, payable: 21_499 });
    });

    it("an order with no code plans nothing", () => {
      expect(plan([], { orderAmount: 5000 })).toEqual({ ok: true, lines: [], discount: 0, payable: 5000 });
    });
  });

  describe("stored-value cards", () => {
    it("go last whatever their place, paying what the discounts left", () => {
      const c = card(5000);
      const a = off(1000);
      const b = pct(10);
      for (const list of [[c, a, b], [a, c, b], [a, b, c]]) {
        const p = plan(list, { orderAmount: 10_000 });
        expect(rows(p)).toEqual([
          [a.code.code, 10_000, 1000, 9000],
          [b.code.code, 9000, 900, 8100],
          [c.code.code, 8100, 5000, 3100],
        ]);
        expect(p).toMatchObject({ ok: true, discount: 6900, payable: 3100 });
        expect(p.ok && p.lines[2]).toMatchObject({ balance: 5000, balanceAfter: 0 });
      }
    });

    it("a card with more than is left pays the rest and keeps its balance", () => {
      const c = card(20_000);
      const a = off(1000);
      const p = plan([c, a], { orderAmount: 8000 });
      expect(rows(p)).toEqual([
        [a.code.code, 8000, 1000, 7000],
        [c.code.code, 7000, 7000, 0],
      ]);
      expect(p).toMatchObject({ ok: true, discount: 8000, payable: 0 });
      expect(p.ok && p.lines[1]).toMatchObject({ balance: 20_000, balanceAfter: 13_000 });
    });

    it("several cards keep their own order among themselves, after the discounts", () => {
      const c1 = card(3000);
      const a = off(1000);
      const c2 = card(5000);
      const p = plan([c1, a, c2], { orderAmount: 10_000 });
      expect(rows(p)).toEqual([
        [a.code.code, 10_000, 1000, 9000],
        [c1.code.code, 9000, 3000, 6000],
        [c2.code.code, 6000, 5000, 1000],
      ]);
      expect(p).toMatchObject({ discount: 9000, payable: 1000 });
    });

    it("a card refused is reported at its own place in the order given", () => {
      const c = card(0);
      const a = off(1000);
      expect(plan([c, a], { orderAmount: 5000 })).toEqual({ ok: false, index: 0, code: "insufficient_balance", facts: {} });
      // The later discount code is priced first, so its refusal comes first, at its own index.
      const b = off(1000);
      const redeemed = line({ value: 500 }, { status: "redeemed" });
      expect(plan([c, b, redeemed], { orderAmount: 5000 })).toMatchObject({ ok: false, index: 2, code: "already_redeemed" });
    });

    it("a card ignores product limits: it pays for anything", () => {
      const c = card(5000, { productScope: drinks });
      expect(plan([c], { orderAmount: 4000 })).toMatchObject({ ok: true, discount: 4000, payable: 0 });
      expect(plan([c], { orderAmount: 4000, items: [{ sku: "BEER-1", category: "酒类", amount: 4000 }] })).toMatchObject({ ok: true, discount: 4000 });
    });
  });

  describe("codes that do not combine", () => {
    it("refuses a multi-code order when any code is not stackable, at the first such code", () => {
      const a = off(500);
      const b = off(500, { stackable: false });
      expect(plan([a, b], { orderAmount: 5000 })).toEqual({ ok: false, index: 1, code: "not_stackable", facts: { codes: [b.code.code] } });
      expect(plan([b, a], { orderAmount: 5000 })).toEqual({ ok: false, index: 0, code: "not_stackable", facts: { codes: [b.code.code] } });
    });

    it("names every code that does not combine", () => {
      const a = off(500, { stackable: false });
      const b = pct(10);
      const c = tiered({ stackable: false });
      expect(plan([a, b, c], { orderAmount: 30_000 })).toEqual({ ok: false, index: 0, code: "not_stackable", facts: { codes: [a.code.code, c.code.code] } });
      expect(plan([b, c, a], { orderAmount: 30_000 })).toEqual({ ok: false, index: 1, code: "not_stackable", facts: { codes: [c.code.code, a.code.code] } });
    });

    it("names them in the order given, even when a stored-value card is among them", () => {
      const c = card(5000, { stackable: false });
      const a = off(500);
      const b = off(500, { stackable: false });
      expect(plan([c, a, b], { orderAmount: 5000 })).toEqual({ ok: false, index: 0, code: "not_stackable", facts: { codes: [c.code.code, b.code.code] } });
    });

    it("is checked before anything else about the codes", () => {
      const voided = line({ value: 500 }, { status: "void" });
      const alone = pct(10, { stackable: false, status: "paused" });
      expect(plan([voided, alone], { orderAmount: 5000 })).toMatchObject({ ok: false, index: 1, code: "not_stackable" });
    });

    it("a code that does not combine is fine on its own, of any type", () => {
      expect(plan([off(500, { stackable: false })], { orderAmount: 5000 })).toMatchObject({ ok: true, discount: 500, payable: 4500 });
      expect(plan([tiered({ stackable: false })], { orderAmount: 20_000 })).toMatchObject({ ok: true, discount: 3000, payable: 17_000 });
      expect(plan([card(2000, { stackable: false })], { orderAmount: 5000 })).toMatchObject({ ok: true, discount: 2000, payable: 3000 });
    });

    it("codes that say nothing about combining combine", () => {
      const a = off(500, { stackable: undefined });
      const b = off(500, { stackable: true });
      expect(plan([a, b], { orderAmount: 5000 })).toMatchObject({ ok: true, discount: 1000 });
    });
  });

  describe("product limits", () => {
    it("counts only the eligible lines of the POS's items, for the discount", () => {
      const d = pct(20, { productScope: drinks });
      expect(rows(plan([d], { orderAmount: itemsTotal, items }))).toEqual([[d.code.code, 6000, 1200, 4800]]);
      expect(plan([d], { orderAmount: itemsTotal, items })).toMatchObject({ ok: true, discount: 1200, payable: itemsTotal - 1200 });
    });

    it("counts only the eligible lines for the minimum spend: one fen below, then exactly at it", () => {
      const d = off(500, { minSpend: 6000, productScope: drinks });
      const short = [items[0], { ...items[1], amount: 2799 }, items[2], items[3]];
      expect(plan([d], { orderAmount: itemsTotal - 1, items: short })).toEqual({ ok: false, index: 0, code: "below_min_spend", facts: { minSpend: 6000 } });
      expect(plan([d], { orderAmount: itemsTotal, items })).toMatchObject({ ok: true, discount: 500 });
    });

    it("a limited tiered code reaches the tier of its eligible lines, not of the order", () => {
      const t = tiered({ productScope: { excludeCategories: ["酒类"] } });
      const big = [...items, { sku: "WINE-2", category: "酒类", amount: 30_000 }];
      // ¥85 of food and drink is below the ¥100 tier, whatever the wine adds.
      expect(plan([t], { orderAmount: itemsTotal + 30_000, items: big })).toEqual({ ok: false, index: 0, code: "below_min_spend", facts: { minSpend: 10_000 } });
      const more = [...big, { sku: "LATTE-L", category: "饮品", amount: 11_500 }];
      expect(rows(plan([t], { orderAmount: itemsTotal + 30_000 + 11_500, items: more }))).toEqual([[t.code.code, 20_000, 3000, 17_000]]);
    });

    it("two limited codes each count their own lines, no more than what is left of the order", () => {
      const d = pct(20, { productScope: drinks });
      const s = off(500, { minSpend: 2000, productScope: desserts });
      expect(rows(plan([d, s], { orderAmount: itemsTotal, items }))).toEqual([
        [d.code.code, 6000, 1200, 4800],
        [s.code.code, 2500, 500, 2000],
      ]);
      expect(plan([d, s], { orderAmount: itemsTotal, items })).toMatchObject({ ok: true, discount: 1700, payable: itemsTotal - 1700 });
    });

    it("a limited code after a large discount gets only what is left of the order", () => {
      const a = off(10_000);
      const d = pct(50, { productScope: drinks });
      expect(rows(plan([a, d], { orderAmount: itemsTotal, items }))).toEqual([
        [a.code.code, itemsTotal, 10_000, 2500],
        [d.code.code, 2500, 1250, 1250],
      ]);
    });

    it("by SKU, and with exclusions", () => {
      const bySku = off(300, { productScope: { skus: ["cake-9"] } });
      expect(rows(plan([bySku], { orderAmount: itemsTotal, items }))).toEqual([[bySku.code.code, 2500, 300, 2200]]);
      const noBeer = pct(10, { productScope: { excludeCategories: ["酒类"], excludeSkus: ["LATTE-L"] } });
      expect(rows(plan([noBeer], { orderAmount: itemsTotal, items }))).toEqual([[noBeer.code.code, 5300, 530, 4770]]);
    });

    it("an unlimited code on an order with items counts the whole order amount", () => {
      const a = pct(10);
      expect(rows(plan([a], { orderAmount: 20_000, items }))).toEqual([[a.code.code, 20_000, 2000, 18_000]]);
    });

    it("eligible lines worth more than the order count only the order", () => {
      const d = pct(50, { productScope: drinks });
      expect(rows(plan([d], { orderAmount: 4000, items }))).toEqual([[d.code.code, 4000, 2000, 2000]]);
    });

    it("takes the amount the clerk typed for the code when there are no items, at most the order", () => {
      const d = off(500, { minSpend: 3000, productScope: drinks });
      expect(rows(plan([d], { orderAmount: 9200, eligibleAmounts: { [d.code.code]: 3000 } }))).toEqual([[d.code.code, 3000, 500, 2500]]);
      expect(plan([d], { orderAmount: 9200, eligibleAmounts: { [d.code.code]: 2999 } })).toEqual({ ok: false, index: 0, code: "below_min_spend", facts: { minSpend: 3000 } });
      const half = pct(50, { productScope: drinks });
      expect(rows(plan([half], { orderAmount: 1000, eligibleAmounts: { [half.code.code]: 5000 } }))).toEqual([[half.code.code, 1000, 500, 500]]);
    });

    it("each code reads its own typed amount", () => {
      const d = pct(10, { productScope: drinks });
      const s = pct(20, { productScope: desserts });
      const p = plan([d, s], { orderAmount: 10_000, eligibleAmounts: { [d.code.code]: 4000, [s.code.code]: 2500 } });
      expect(rows(p)).toEqual([
        [d.code.code, 4000, 400, 3600],
        [s.code.code, 2500, 500, 2000],
      ]);
      expect(p).toMatchObject({ discount: 900, payable: 9100 });
      // An amount typed for one code is not the other's.
      expect(plan([d, s], { orderAmount: 10_000, eligibleAmounts: { [d.code.code]: 4000 } })).toEqual({ ok: false, index: 1, code: "eligible_amount_required", facts: {} });
    });

    it("the POS's items win over typed amounts", () => {
      const d = pct(10, { productScope: drinks });
      expect(rows(plan([d], { orderAmount: itemsTotal, items, eligibleAmounts: { [d.code.code]: 100 } }))).toEqual([[d.code.code, 6000, 600, 5400]]);
    });

    it("an unlimited code ignores a typed amount", () => {
      const a = pct(10);
      expect(rows(plan([a], { orderAmount: 10_000, eligibleAmounts: { [a.code.code]: 1000 } }))).toEqual([[a.code.code, 10_000, 1000, 9000]]);
    });
  });

  describe("when the eligible amount is unknown or nothing", () => {
    it("asks for it when a limited code has neither items nor a typed amount on an order", () => {
      const d = off(500, { productScope: drinks });
      expect(plan([d], { orderAmount: 9200 })).toEqual({ ok: false, index: 0, code: "eligible_amount_required", facts: {} });
      expect(plan([d], { orderAmount: 9200, items: [] })).toEqual({ ok: false, index: 0, code: "eligible_amount_required", facts: {} });
      expect(plan([d], { orderAmount: 9200, items: null, eligibleAmounts: null })).toEqual({ ok: false, index: 0, code: "eligible_amount_required", facts: {} });
      expect(plan([d], { orderAmount: 9200, eligibleAmounts: { OTHER: 3000 } })).toEqual({ ok: false, index: 0, code: "eligible_amount_required", facts: {} });
      // Second in the order: said of the second code.
      expect(plan([off(500), d], { orderAmount: 9200 })).toEqual({ ok: false, index: 1, code: "eligible_amount_required", facts: {} });
    });

    it("an order of nothing yet checks the code alone: no amount asked for, no line found wanting", () => {
      const d = off(500, { productScope: drinks });
      expect(plan([d], { orderAmount: 0 })).toEqual({
        ok: true,
        lines: [{ snapshot: d, base: 0, discount: 0, payable: 0, balance: null, balanceAfter: null }],
        discount: 0,
        payable: 0,
      });
      expect(plan([d], { orderAmount: 0, items: [{ sku: "BEER-1", category: "酒类", amount: 4000 }] })).toMatchObject({ ok: true, discount: 0, payable: 0 });
      expect(plan([d], { orderAmount: 0, eligibleAmounts: { [d.code.code]: 0 } })).toMatchObject({ ok: true, discount: 0 });
    });

    it("an order of nothing yet gives a limited code the same answer as an unlimited one", () => {
      const cases: Partial<CodeSnapshot["campaign"]>[] = [{ minSpend: 3000 }, { status: "paused" }, { usableHours: { weekdays: [6, 7], slots: [] } }, { budgetLeft: 0 }];
      for (const c of cases) {
        const limited = off(500, { ...c, productScope: drinks });
        const plain = { ...limited, campaign: { ...limited.campaign, productScope: null } };
        const a = plan([limited], { orderAmount: 0 });
        const b = plan([plain], { orderAmount: 0 });
        expect(a.ok ? { ok: true } : { ok: false, code: a.code, facts: a.facts }).toEqual(b.ok ? { ok: true } : { ok: false, code: b.code, facts: b.facts });
      }
      const elsewhere = line({ value: 500, productScope: drinks }, {}, { storeAllowed: false });
      expect(plan([elsewhere], { orderAmount: 0 })).toMatchObject({ ok: false, code: "wrong_store" });
    });

    it("is not applicable when none of a positive order's lines count", () => {
      const d = off(500, { productScope: drinks });
      expect(plan([d], { orderAmount: 4000, items: [{ sku: "BEER-1", category: "酒类", amount: 4000 }] })).toEqual({ ok: false, index: 0, code: "not_applicable", facts: {} });
      expect(plan([d], { orderAmount: 4000, eligibleAmounts: { [d.code.code]: 0 } })).toEqual({ ok: false, index: 0, code: "not_applicable", facts: {} });
      const excluded = off(500, { productScope: { excludeSkus: ["BEER-1"] } });
      expect(plan([excluded], { orderAmount: 4000, items: [{ sku: "beer-1", category: "酒类", amount: 4000 }] })).toMatchObject({ ok: false, code: "not_applicable" });
      // Second in the order: said of the second code.
      expect(plan([off(500), d], { orderAmount: 4000, items: [{ sku: "BEER-1", category: "酒类", amount: 4000 }] })).toEqual({ ok: false, index: 1, code: "not_applicable", facts: {} });
    });
  });

  describe("budgets", () => {
    it("refuses a line whose discount is more than the budget left; exactly what is left is fine", () => {
      expect(plan([off(1000, { budgetLeft: 999 })], { orderAmount: 5000 })).toEqual({ ok: false, index: 0, code: "budget_exhausted", facts: {} });
      expect(plan([off(1000, { budgetLeft: 1000 })], { orderAmount: 5000 })).toMatchObject({ ok: true, discount: 1000 });
      expect(plan([off(1000, { budgetLeft: null })], { orderAmount: 5000 })).toMatchObject({ ok: true, discount: 1000 });
    });

    it("compares the discount actually given, after caps and the order's size", () => {
      // 20% of ¥50 capped at ¥8: ¥8 fits a budget of ¥8.
      expect(plan([pct(20, { maxDiscount: 800, budgetLeft: 800 })], { orderAmount: 5000 })).toMatchObject({ ok: true, discount: 800 });
      // ¥10 off an order of ¥6 gives ¥6, within a budget of ¥6.
      expect(plan([off(1000, { budgetLeft: 600 })], { orderAmount: 600 })).toMatchObject({ ok: true, discount: 600, payable: 0 });
      // A tier's value over the budget is refused, not cut down to a lower tier.
      expect(plan([tiered({ budgetLeft: 2000 })], { orderAmount: 20_000 })).toMatchObject({ ok: false, code: "budget_exhausted" });
      expect(plan([tiered({ budgetLeft: 2000 })], { orderAmount: 19_999 })).toMatchObject({ ok: true, discount: 1000 });
    });

    it("two codes of one campaign share its budget: the second sees it less the first's discount", () => {
      const one = off(1000, { id: "shared-budget", budgetLeft: 1500 });
      const fits = off(500, { id: "shared-budget", budgetLeft: 1500 });
      const over = off(501, { id: "shared-budget", budgetLeft: 1500 });
      expect(plan([one, fits], { orderAmount: 5000 })).toMatchObject({ ok: true, discount: 1500, payable: 3500 });
      expect(plan([one, over], { orderAmount: 5000 })).toEqual({ ok: false, index: 1, code: "budget_exhausted", facts: {} });
      // Either alone fits.
      expect(plan([over], { orderAmount: 5000 })).toMatchObject({ ok: true, discount: 501 });
    });

    it("codes of different campaigns each spend their own budget", () => {
      const a = off(1000, { budgetLeft: 1000 });
      const b = off(1000, { budgetLeft: 1000 });
      expect(plan([a, b], { orderAmount: 5000 })).toMatchObject({ ok: true, discount: 2000 });
    });

    it("spends only what was taken: a budget left by a gift or a discount of nothing is whole", () => {
      const g = line({ id: "g-budget", type: "gift", value: null, giftName: "拿铁", budgetLeft: 500 });
      const a = off(500, { id: "g-budget", budgetLeft: 500 });
      expect(plan([g, a], { orderAmount: 5000 })).toMatchObject({ ok: true, discount: 500 });
      expect(plan([off(1000, { budgetLeft: 0 })], { orderAmount: 0 })).toMatchObject({ ok: true, discount: 0 });
    });

    it("never refuses a stored-value card for a budget", () => {
      expect(plan([card(3000, { budgetLeft: 0 })], { orderAmount: 5000 })).toMatchObject({ ok: true, discount: 3000 });
    });
  });

  describe("which code is refused", () => {
    it("a refusal of the second code returns index 1, with its facts", () => {
      const a = off(500);
      const from = new Date("2026-12-01T00:00:00Z");
      expect(plan([a, off(500, { status: "paused" })], { orderAmount: 5000 })).toEqual({ ok: false, index: 1, code: "paused", facts: {} });
      expect(plan([a, off(500, { validFrom: from })], { orderAmount: 5000 })).toEqual({ ok: false, index: 1, code: "not_started", facts: { validFrom: from } });
      expect(plan([a, line({ value: 500 }, {}, { storeAllowed: false })], { orderAmount: 5000 })).toEqual({ ok: false, index: 1, code: "wrong_store", facts: {} });
      expect(plan([a, off(500, { minSpend: 4600 })], { orderAmount: 5000 })).toEqual({ ok: false, index: 1, code: "below_min_spend", facts: { minSpend: 4600 } });
    });

    it("the first refusal in the order applied is the one reported", () => {
      const bad1 = off(500, { status: "paused" });
      const bad2 = off(500, { status: "ended" });
      expect(plan([off(500), bad1, bad2], { orderAmount: 5000 })).toMatchObject({ ok: false, index: 1, code: "paused" });
      expect(plan([off(500), bad2, bad1], { orderAmount: 5000 })).toMatchObject({ ok: false, index: 1, code: "ended" });
    });
  });
});

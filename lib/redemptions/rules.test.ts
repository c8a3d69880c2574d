import { describe, expect, it } from "vitest";
import { decideRedemption, expiryOf, mayReverse, reversalWindowMinutes, withinUsableHours, type CodeSnapshot } from "./rules";

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

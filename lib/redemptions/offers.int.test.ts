import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { campaigns, codes, notifications, outbox, redemptions } from "@/db/schema";
import { seedCampaign, seedGroup, seedStore, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { redeemCode, validateRedemption } from "./redeem";
import { reverseRedemption } from "./reverse";

// Richer offers at the counter and the API: the discount budget's edge under concurrency, tiers, and
// orders of several codes (all or nothing, one key, reversed together), racing single redemptions.

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let store: { id: string };
let owner: Actor;

async function group(campaign: Partial<typeof campaigns.$inferInsert>, quantity = 5) {
  const c = await seedCampaign(db, { orgId: f.org.id, ...campaign });
  const g = await seedGroup(db, { orgId: f.org.id, campaignId: c.id, name: "g", slug: `o-${randomUUID().slice(0, 10)}`, mode: "unique", quantity });
  const list = await db.select().from(codes).where(eq(codes.groupId, g.id)).orderBy(asc(codes.seq));
  return { c, g, codes: list.map((x) => x.code) };
}

async function outcome<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: string }> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, code: e.code };
    throw e;
  }
}

beforeAll(async () => {
  f = await seedTestOrg(db, `offers-${randomUUID().slice(0, 8)}`);
  store = await seedStore(db, { orgId: f.org.id, name: "静安店" });
  owner = { orgId: f.org.id, role: "owner", userId: f.users.owner.id, apiKeyId: null };
});

describe("discount budget", () => {
  it("100 concurrent redemptions at the edge of the budget: exactly as many as it pays for, the rest budget_exhausted", async () => {
    // ¥10 off each, a ¥370 budget: 37 redemptions fit, the 38th would pass it.
    const { c, codes: list } = await group({ value: 1000, minSpend: 0, budgetTotal: 37_000 }, 100);
    const results = await Promise.all(list.map((code) => outcome(redeemCode(owner, { code, storeId: store.id, orderAmount: 5000 }, randomUUID()))));
    expect(results.filter((r) => r.ok)).toHaveLength(37);
    expect(new Set(results.filter((r) => !r.ok).map((r) => (r as { code: string }).code))).toEqual(new Set(["budget_exhausted"]));
    const [row] = await db.select().from(campaigns).where(eq(campaigns.id, c.id));
    expect(row.budgetSpent).toBe(37_000);
    expect(row.budgetAlert).toBe(100);
    const live = await db.select().from(redemptions).where(and(eq(redemptions.campaignId, c.id), isNull(redemptions.reversedAt)));
    expect(live.reduce((s, r) => s + r.discount, 0)).toBe(37_000);
    // One alert at 80 % and one at 100 %: an event each, and a notification each for the owner.
    const events = await db.select().from(outbox).where(and(eq(outbox.type, "campaign.budget_reached"), eq(outbox.subject, `campaign:${c.id}`)));
    expect(events.map((e) => (e.data as { percent: number }).percent).sort()).toEqual([100, 80]);
    const notes = await db.select().from(notifications).where(and(eq(notifications.kind, "campaign.budget_reached"), eq(notifications.userId, f.users.owner.id)));
    expect(notes.filter((n) => (n.payload as { campaignId: string }).campaignId === c.id)).toHaveLength(2);
    // A reversal gives the discount back: one more redemption fits again.
    await reverseRedemption(owner, live[0].id, "退单");
    const [after] = await db.select().from(campaigns).where(eq(campaigns.id, c.id));
    expect(after.budgetSpent).toBe(36_000);
    const unused = (await db.select().from(codes).where(and(eq(codes.orgId, f.org.id), eq(codes.status, "available")))).find((x) => list.includes(x.code));
    expect(unused).toBeDefined();
    await expect(redeemCode(owner, { code: unused!.code, storeId: store.id, orderAmount: 5000 }, randomUUID())).resolves.toMatchObject({ discount: 1000 });
  });

  it("a daily budget refuses past today's spend", async () => {
    const { codes: list } = await group({ value: 1000, minSpend: 0, budgetDaily: 2_000 }, 3);
    const ok = [];
    for (const code of list) ok.push(await outcome(redeemCode(owner, { code, storeId: store.id, orderAmount: 5000 }, randomUUID())));
    expect(ok.map((r) => (r.ok ? "ok" : r.code))).toEqual(["ok", "ok", "budget_exhausted"]);
  });
});

describe("tiers and several codes on one order", () => {
  it("applies the highest tier reached and says what the next would give", async () => {
    const { codes: [code] } = await group({ type: "tiered_off", value: null, minSpend: 10000, tiers: [{ minSpend: 10000, value: 1000 }, { minSpend: 20000, value: 3000 }] });
    const v = await validateRedemption(owner, { code, storeId: store.id, orderAmount: 16200 });
    expect(v).toMatchObject({ valid: true, discount: 1000, payable: 15200, nextTier: { spendMore: 3800, value: 3000 } });
    const below = await validateRedemption(owner, { code, storeId: store.id, orderAmount: 9999 });
    expect(below).toMatchObject({ valid: false, code: "below_min_spend" });
  });

  it("redeems an order of two codes in one go, replays it whole, and reverses it together", async () => {
    const a = await group({ value: 2000, minSpend: 0, stackable: true });
    const b = await group({ type: "percent_off", value: null, percentOff: 10, minSpend: 0, stackable: true });
    const input = { codes: [a.codes[0], b.codes[0]], storeId: store.id, orderAmount: 10000 };
    // ¥20 off first, then 10 % of the ¥80 left.
    expect(await validateRedemption(owner, input)).toMatchObject({ valid: true, discount: 2800, payable: 7200 });
    const key = randomUUID();
    const r = await redeemCode(owner, input, key);
    expect(r).toMatchObject({ discount: 2800, payable: 7200, replay: false });
    expect(r.orderId).toBeTruthy();
    expect(r.lines.map((l) => l.discount)).toEqual([2000, 800]);
    const rows = await db.select().from(redemptions).where(eq(redemptions.orderId, r.orderId!)).orderBy(asc(redemptions.orderPosition));
    // GMV counts once per order: the first carries the order amount.
    expect(rows.map((x) => [x.orderPosition, x.orderAmount, x.appliedTo])).toEqual([[1, 10000, 10000], [2, 0, 8000]]);
    const again = await redeemCode(owner, input, key);
    expect(again).toMatchObject({ replay: true, orderId: r.orderId, discount: 2800 });
    await expect(redeemCode(owner, { ...input, orderAmount: 9000 }, key)).rejects.toMatchObject({ code: "idempotency_conflict" });
    const rev = await reverseRedemption(owner, rows[1].id, "整单退货", new Date(), { wholeOrder: true });
    expect(rev.reversals).toHaveLength(2);
    const statuses = await db.select().from(codes).where(eq(codes.groupId, a.g.id));
    expect(statuses.find((x) => x.code === a.codes[0])?.status).toBe("available");
  });

  it("refuses a code that does not combine, naming it, and writes nothing", async () => {
    const a = await group({ value: 2000, minSpend: 0, stackable: true });
    const b = await group({ value: 1000, minSpend: 0, stackable: false });
    const input = { codes: [a.codes[0], b.codes[0]], storeId: store.id, orderAmount: 10000 };
    const v = await validateRedemption(owner, input);
    expect(v).toMatchObject({ valid: false, code: "not_stackable", facts: { codes: [b.codes[0]] } });
    await expect(redeemCode(owner, input, randomUUID())).rejects.toMatchObject({ code: "not_stackable" });
    expect(await db.select().from(redemptions).where(eq(redemptions.campaignId, a.c.id))).toHaveLength(0);
  });

  it("counts only the eligible lines of a campaign limited to some products", async () => {
    const { codes: [code] } = await group({ type: "percent_off", value: null, percentOff: 20, minSpend: 0, productScope: { categories: ["饮品"] } });
    const items = [{ sku: "A1", category: "饮品", amount: 3000 }, { sku: "W1", category: "酒类", amount: 7000 }];
    expect(await validateRedemption(owner, { code, storeId: store.id, orderAmount: 10000, items })).toMatchObject({ valid: true, discount: 600 });
    expect(await validateRedemption(owner, { code, storeId: store.id, orderAmount: 7000, items: [items[1]] })).toMatchObject({ valid: false, code: "not_applicable" });
    await expect(validateRedemption(owner, { code, storeId: store.id, orderAmount: 10000 })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await validateRedemption(owner, { code, storeId: store.id, orderAmount: 10000, eligibleAmounts: { [code]: 5000 } })).toMatchObject({ valid: true, discount: 1000 });
  });

  it("20 orders of two codes racing single redemptions of one of their codes: each code redeemed once, each order whole or not at all", async () => {
    const a = await group({ value: 2000, minSpend: 0, stackable: true }, 20);
    const b = await group({ value: 1000, minSpend: 0, stackable: true }, 20);
    const runs = await Promise.all(
      a.codes.map((code, i) =>
        Promise.all([
          outcome(redeemCode(owner, { codes: [code, b.codes[i]], storeId: store.id, orderAmount: 10000 }, randomUUID())),
          outcome(redeemCode(owner, { code: b.codes[i], storeId: store.id, orderAmount: 10000 }, randomUUID())),
        ]),
      ),
    );
    for (const [order, single] of runs) {
      expect(order.ok !== single.ok).toBe(true); // exactly one of them got the shared code
      if (!order.ok) expect(order.code).toBe("already_redeemed");
    }
    const live = await db.select().from(redemptions).where(eq(redemptions.orgId, f.org.id));
    for (const code of b.codes) {
      const id = (await db.select().from(codes).where(and(eq(codes.orgId, f.org.id), eq(codes.code, code))))[0].id;
      expect(live.filter((r) => r.codeId === id && !r.reversedAt)).toHaveLength(1);
    }
    const ordersWon = runs.filter(([o]) => o.ok).length;
    const aRedeemed = (await db.select().from(codes).where(and(eq(codes.groupId, a.g.id), eq(codes.status, "redeemed")))).length;
    expect(aRedeemed).toBe(ordersWon); // a lost order left its first code untouched
  });
});

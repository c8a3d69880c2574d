import { randomUUID } from "node:crypto";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { apiKeys, auditLogs, campaigns, campaignStores, codeGroups, codes, ledgerEntries, outbox, redemptions } from "@/db/schema";
import { seedCampaign, seedGroup, seedStore, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { claimCode } from "@/lib/claims/claim";
import { AppError } from "@/lib/errors";
import { toRedemptionDto } from "./dto";
import { redeemCode, validateRedemption } from "./redeem";
import { reverseRedemption } from "./reverse";
import { stopNewClaims } from "@/lib/campaigns/mutations";

const DAY = 86_400_000;
let f: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
let store: { id: string };
let otherStore: { id: string };
let owner: Actor;
let clerk: Actor;
let reviewer: Actor;

async function group(campaign: Partial<typeof campaigns.$inferInsert> = {}, opts: { quantity?: number; mode?: "unique" | "shared"; sharedCode?: string } = {}) {
  const c = await seedCampaign(db, { orgId: f.org.id, ...campaign });
  const g = await seedGroup(db, {
    orgId: f.org.id,
    campaignId: c.id,
    name: "g",
    slug: `r-${randomUUID().slice(0, 10)}`,
    mode: opts.mode ?? "unique",
    quantity: opts.quantity ?? 5,
    sharedCode: opts.sharedCode,
  });
  const list = await db.select().from(codes).where(eq(codes.groupId, g.id)).orderBy(asc(codes.seq));
  return { c, g, codes: list };
}

async function outcome<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

beforeAll(async () => {
  f = await seedTestOrg(db, `redeem-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `redeem-o-${randomUUID().slice(0, 8)}`);
  store = await seedStore(db, { orgId: f.org.id, name: "南京路店", clerkIds: [f.users.clerk.id] });
  otherStore = await seedStore(db, { orgId: f.org.id, name: "徐家汇店" });
  owner = { orgId: f.org.id, role: "owner", userId: f.users.owner.id, apiKeyId: null };
  clerk = { orgId: f.org.id, role: "clerk", userId: f.users.clerk.id, apiKeyId: null };
  reviewer = { orgId: f.org.id, role: "reviewer", userId: f.users.reviewer.id, apiKeyId: null };
});

describe("redeeming under concurrency (invariants 2 and 4)", () => {
  it("100 concurrent redemptions of one code: exactly one succeeds, 99 already_redeemed", async () => {
    const { codes: [code] } = await group();
    const results = await Promise.all(
      Array.from({ length: 100 }, () => outcome(redeemCode(clerk, { code: code.code, storeId: store.id, orderAmount: 15000 }, randomUUID()))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.filter((r) => !r.ok) as { code: string; message: string }[];
    expect(refused).toHaveLength(99);
    expect(new Set(refused.map((r) => r.code))).toEqual(new Set(["already_redeemed"]));
    const [n] = await db.select({ n: count() }).from(redemptions).where(eq(redemptions.codeId, code.id));
    expect(Number(n.n)).toBe(1);
    const [row] = await db.select().from(codes).where(eq(codes.id, code.id));
    expect(row.status).toBe("redeemed");
    // invariant 3: one audit row and one event for the one redemption
    const [a] = await db.select({ n: count() }).from(auditLogs).where(and(eq(auditLogs.action, "code.redeemed"), sql`${auditLogs.after}->>'codeId' = ${String(code.id)}`));
    expect(Number(a.n)).toBe(1);
    const [o] = await db.select({ n: count() }).from(outbox).where(and(eq(outbox.type, "code.redeemed"), eq(outbox.subject, `code:${code.id}`)));
    expect(Number(o.n)).toBe(1);
  }, 120_000);

  it("100 concurrent spends of a stored-value card never go below zero, and the ledger sums to the balance", async () => {
    const { codes: [card] } = await group({ type: "stored_value", value: null, minSpend: 0, initialBalance: 50_000 });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => outcome(redeemCode(clerk, { code: card.code, storeId: store.id, orderAmount: 700 }, randomUUID()))),
    );
    const ok = results.filter((r) => r.ok) as { ok: true; value: { discount: number; balance: number | null } }[];
    // 50,000 / 700 = 71 full spends and one of the remaining 300.
    expect(ok).toHaveLength(72);
    expect(ok.map((r) => r.value.discount).sort((a, b) => a - b)[0]).toBe(300);
    expect(new Set(results.filter((r) => !r.ok).map((r) => (r as { code: string }).code))).toEqual(new Set(["insufficient_balance"]));
    const [row] = await db.select().from(codes).where(eq(codes.id, card.id));
    expect(row.balance).toBe(0);
    expect(row.status).toBe("redeemed");
    const [sum] = await db.select({ s: sql<number>`sum(${ledgerEntries.amount})::int` }).from(ledgerEntries).where(eq(ledgerEntries.codeId, card.id));
    expect(Number(sum.s)).toBe(row.balance);
    const balances = ok.map((r) => r.value.balance!).sort((a, b) => b - a);
    expect(balances.at(-1)).toBe(0);
    expect(Math.min(...balances)).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it("20 concurrent requests with one key: one redemption, identical answers; another body is a conflict", async () => {
    const { codes: [code] } = await group();
    const key = randomUUID();
    const body = { code: code.code.toLowerCase(), storeId: store.id, orderAmount: 12_345 };
    const results = await Promise.all(Array.from({ length: 20 }, () => redeemCode(clerk, body, key)));
    const answer = toRedemptionDto(results[0]);
    for (const r of results) expect(toRedemptionDto(r)).toEqual(answer);
    expect(results.filter((r) => !r.replay)).toHaveLength(1);
    const [n] = await db.select({ n: count() }).from(redemptions).where(eq(redemptions.codeId, code.id));
    expect(Number(n.n)).toBe(1);
    expect(answer).toMatchObject({ discount: 2000, payable: 10_345, storeId: store.id });
    // Replayed later, still the same answer (the code is redeemed by now: the key decides, not the code).
    const later = await redeemCode(clerk, body, key);
    expect(later.replay).toBe(true);
    expect(toRedemptionDto(later)).toEqual(answer);
    const conflict = await outcome(redeemCode(clerk, { ...body, orderAmount: 20_000 }, key));
    expect(conflict).toMatchObject({ ok: false, code: "idempotency_conflict" });
  }, 60_000);
});

describe("refusals (invariant 5)", () => {
  it("says why: wrong store, below the minimum, expired, frozen, paused, already redeemed", async () => {
    const limited = await group({ allStores: false });
    await db.insert(campaignStores).values({ orgId: f.org.id, campaignId: limited.c.id, storeId: otherStore.id });
    expect(await validateRedemption(clerk, { code: limited.codes[0].code, storeId: store.id, orderAmount: 20_000 })).toMatchObject({
      valid: false,
      code: "wrong_store",
      facts: { stores: ["徐家汇店"] },
      detail: "This offer is not valid at this store; it is valid at 徐家汇店.",
    });
    expect(await validateRedemption(owner, { code: limited.codes[0].code, storeId: otherStore.id, orderAmount: 20_000 })).toMatchObject({ valid: true });

    const { codes: list, g } = await group();
    expect(await validateRedemption(clerk, { code: list[0].code, storeId: store.id, orderAmount: 9_999 })).toMatchObject({
      valid: false,
      code: "below_min_spend",
      detail: "The order is below the ¥100 minimum of this offer.",
    });
    expect(await outcome(redeemCode(clerk, { code: list[0].code, storeId: store.id, orderAmount: 9_999 }, randomUUID()))).toMatchObject({ ok: false, code: "below_min_spend" });

    await db.update(codes).set({ expiresAt: new Date(Date.now() - DAY) }).where(eq(codes.id, list[1].id));
    const expired = await validateRedemption(clerk, { code: list[1].code, storeId: store.id, orderAmount: 20_000 });
    expect(expired).toMatchObject({ valid: false, code: "expired" });
    expect(expired.valid ? null : expired.codeInfo?.status).toBe("expired");

    await redeemCode(clerk, { code: list[2].code, storeId: store.id, orderAmount: 20_000 }, randomUUID());
    const again = await validateRedemption(clerk, { code: list[2].code, storeId: store.id, orderAmount: 20_000 });
    expect(again).toMatchObject({ valid: false, code: "already_redeemed" });
    expect(again.valid ? "" : again.detail).toContain("南京路店");

    await db.update(codeGroups).set({ status: "frozen" }).where(eq(codeGroups.id, g.id));
    expect(await outcome(redeemCode(clerk, { code: list[3].code, storeId: store.id, orderAmount: 20_000 }, randomUUID()))).toMatchObject({ ok: false, code: "frozen" });

    const paused = await group({ status: "paused" });
    expect(await outcome(redeemCode(clerk, { code: paused.codes[0].code, storeId: store.id, orderAmount: 20_000 }, randomUUID()))).toMatchObject({ ok: false, code: "paused" });
    expect(await validateRedemption(clerk, { code: "NOSUCHCODE", storeId: store.id, orderAmount: 20_000 })).toMatchObject({ valid: false, code: "not_found" });
  });

  it("a clerk redeems only at their stores; an API key of another organisation cannot touch these codes", async () => {
    const { codes: list } = await group();
    expect(await outcome(redeemCode(clerk, { code: list[0].code, storeId: otherStore.id, orderAmount: 20_000 }, randomUUID()))).toMatchObject({ ok: false, code: "forbidden" });

    const [key] = await db.insert(apiKeys).values({ orgId: f.org.id, name: "POS", role: "clerk", prefix: "ck_t", keyHash: randomUUID(), storeIds: [otherStore.id] }).returning();
    const pos: Actor = { orgId: f.org.id, role: "clerk", userId: f.users.owner.id, apiKeyId: key.id };
    expect(await outcome(redeemCode(pos, { code: list[0].code, storeId: store.id, orderAmount: 20_000 }, randomUUID()))).toMatchObject({ ok: false, code: "forbidden" });
    expect(await outcome(redeemCode(pos, { code: list[0].code, storeId: otherStore.id, orderAmount: 20_000 }, randomUUID()))).toMatchObject({ ok: true });
    const [row] = await db.select().from(redemptions).where(eq(redemptions.codeId, list[0].id));
    expect(row.apiKeyId).toBe(key.id);
    expect(row.clerkUserId).toBeNull();

    const [foreignKey] = await db.insert(apiKeys).values({ orgId: other.org.id, name: "POS B", role: "owner", prefix: "ck_b", keyHash: randomUUID() }).returning();
    const foreign: Actor = { orgId: other.org.id, role: "marketer", userId: other.users.owner.id, apiKeyId: foreignKey.id };
    // Their store does not exist for them, and with one of their own stores the code is not theirs.
    expect(await outcome(redeemCode({ ...foreign, role: "owner" }, { code: list[1].code, storeId: store.id, orderAmount: 20_000 }, randomUUID()))).toMatchObject({ ok: false, code: "not_found" });
    const theirStore = await seedStore(db, { orgId: other.org.id, name: "B 店" });
    expect(await outcome(redeemCode({ ...foreign, role: "owner" }, { code: list[1].code, storeId: theirStore.id, orderAmount: 20_000 }, randomUUID()))).toMatchObject({ ok: false, code: "not_found" });
    expect(await outcome(validateRedemption(foreign, { code: list[1].code, storeId: theirStore.id, orderAmount: 20_000 }))).toMatchObject({ ok: false, code: "forbidden" });
    const [still] = await db.select().from(codes).where(eq(codes.id, list[1].id));
    expect(still.status).toBe("available");
  });
});

describe("reversal", () => {
  it("restores a claimed code, once, with its audit row and event", async () => {
    const { g } = await group();
    const claim = await claimCode({ slug: g.slug, phone: "13900001111" });
    const r = await redeemCode(clerk, { code: claim.code, storeId: store.id, orderAmount: 10_000 }, randomUUID());
    const rev = await reverseRedemption(clerk, r.id, "收银员扫错了");
    expect(rev.codeStatus).toBe("claimed");
    const [code] = await db.select().from(codes).where(eq(codes.id, claim.codeId));
    expect(code).toMatchObject({ status: "claimed", redeemedAt: null });
    const twice = await Promise.all([outcome(reverseRedemption(reviewer, r.id, "again")), outcome(reverseRedemption(owner, r.id, "again"))]);
    expect(twice.map((t) => (t.ok ? "ok" : t.code))).toEqual(["invalid_state", "invalid_state"]);
    const [o] = await db.select({ n: count() }).from(outbox).where(and(eq(outbox.type, "redemption.reversed"), eq(outbox.subject, `code:${claim.codeId}`)));
    expect(Number(o.n)).toBe(1);
    const [a] = await db.select({ n: count() }).from(auditLogs).where(and(eq(auditLogs.action, "redemption.reversed"), eq(auditLogs.entityId, r.id)));
    expect(Number(a.n)).toBe(1);
    // Usable again.
    expect(await validateRedemption(clerk, { code: claim.code, storeId: store.id, orderAmount: 10_000 })).toMatchObject({ valid: true });
  });

  it("credits a stored-value card back and keeps balance = sum of the ledger", async () => {
    const { codes: [card] } = await group({ type: "stored_value", value: null, minSpend: 0, initialBalance: 10_000 });
    const a = await redeemCode(clerk, { code: card.code, storeId: store.id, orderAmount: 3_000 }, randomUUID());
    const b = await redeemCode(clerk, { code: card.code, storeId: store.id, orderAmount: 9_000 }, randomUUID());
    expect([a.balance, b.balance, b.discount, b.payable]).toEqual([7_000, 0, 7_000, 2_000]);
    const rev = await reverseRedemption(reviewer, b.id, "顾客退单");
    expect(rev.balance).toBe(7_000);
    const [row] = await db.select().from(codes).where(eq(codes.id, card.id));
    const [sum] = await db.select({ s: sql<number>`sum(${ledgerEntries.amount})::int` }).from(ledgerEntries).where(eq(ledgerEntries.codeId, card.id));
    expect([row.balance, Number(sum.s), row.status]).toEqual([7_000, 7_000, "available"]);
  });

  it("gives a shared code's use back, and limits shared redemptions to claims", async () => {
    const { g } = await group({}, { mode: "shared", quantity: 100, sharedCode: `LM${randomUUID().slice(0, 6).toUpperCase()}` });
    await claimCode({ slug: g.slug, phone: "13900002222" });
    const first = await redeemCode(clerk, { code: g.sharedCode!, storeId: store.id, orderAmount: 10_000 }, randomUUID());
    expect(await outcome(redeemCode(clerk, { code: g.sharedCode!, storeId: store.id, orderAmount: 10_000 }, randomUUID()))).toMatchObject({ ok: false, code: "limit_reached" });
    await reverseRedemption(owner, first.id, "试单");
    expect(await outcome(redeemCode(clerk, { code: g.sharedCode!, storeId: store.id, orderAmount: 10_000 }, randomUUID()))).toMatchObject({ ok: true });
  });

  it("after 'stop new claims' nobody can claim, and the codes already issued are still redeemed", async () => {
    const { c, g } = await group({}, { quantity: 5 });
    const held = await claimCode({ slug: g.slug, phone: "13900004444" });
    await expect(stopNewClaims(clerk, c.id)).rejects.toMatchObject({ code: "forbidden" });
    const stopped = await stopNewClaims(owner, c.id);
    expect(stopped.status).toBe("approved");
    await expect(claimCode({ slug: g.slug, phone: "13900004445" })).rejects.toMatchObject({ code: "ended" });
    expect(await redeemCode(clerk, { code: held.code, storeId: store.id, orderAmount: 10_000 }, randomUUID())).toMatchObject({ discount: expect.any(Number) });
    const [a] = await db.select({ n: count() }).from(auditLogs).where(and(eq(auditLogs.action, "campaign.claimsStopped"), eq(auditLogs.entityId, c.id)));
    expect(Number(a.n)).toBe(1);
  });

  it("takes a Chinese shared code (口令) as typed, shown as chosen, its state being its use count", async () => {
    const { g } = await group({}, { mode: "shared", quantity: 100, sharedCode: "鹿鸣" });
    await claimCode({ slug: g.slug, phone: "13900003333" });
    await claimCode({ slug: g.slug, phone: "13900003334" });
    const checked = await validateRedemption(clerk, { code: " 鹿鸣 ", storeId: store.id, orderAmount: 10_000 });
    expect(checked).toMatchObject({ valid: true, code: { code: "鹿鸣", display: "鹿鸣", shared: { claimed: 2, redeemed: 0 } } });
    await redeemCode(clerk, { code: "鹿鸣", storeId: store.id, orderAmount: 10_000 }, randomUUID());
    expect(await validateRedemption(clerk, { code: "鹿鸣", storeId: store.id, orderAmount: 10_000 })).toMatchObject({ code: { shared: { claimed: 2, redeemed: 1 } } });
  });

  it("clerks reverse within the owner's window and at their own stores; reviewers at any time", async () => {
    const { codes: list } = await group();
    const long = new Date(Date.now() - 31 * 60_000);
    const r = await redeemCode(owner, { code: list[0].code, storeId: store.id, orderAmount: 10_000 }, randomUUID(), long);
    expect(await outcome(reverseRedemption(clerk, r.id, "late"))).toMatchObject({ ok: false, code: "forbidden" });
    const elsewhere = await redeemCode(owner, { code: list[1].code, storeId: otherStore.id, orderAmount: 10_000 }, randomUUID());
    expect(await outcome(reverseRedemption(clerk, elsewhere.id, "not mine"))).toMatchObject({ ok: false, code: "forbidden" });
    expect(await outcome(reverseRedemption(reviewer, r.id, "finance check"))).toMatchObject({ ok: true });
    const foreign: Actor = { orgId: other.org.id, role: "owner", userId: other.users.owner.id, apiKeyId: null };
    expect(await outcome(reverseRedemption(foreign, elsewhere.id, "x"))).toMatchObject({ ok: false, code: "not_found" });
  });
});

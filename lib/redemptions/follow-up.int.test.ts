import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, rows } from "@/db";
import { claims, codes, consumerDays, consumers } from "@/db/schema";
import { seedCampaign, seedGroup, seedStore, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { claimCode } from "@/lib/claims/claim";
import { AppError } from "@/lib/errors";
import { redeemCode } from "./redeem";
import { reverseRedemption } from "./reverse";

// 复购券: each redemption of a campaign that names a follow-up group gives the consumer one code of it —
// exactly one per redemption, whatever the retries; voided when the redemption is reversed and the code
// is still unused. And the consumer's counters move with redemptions and reversals.

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let store: { id: string };
let owner: Actor;

beforeAll(async () => {
  f = await seedTestOrg(db, `fu-${randomUUID().slice(0, 8)}`);
  store = await seedStore(db, { orgId: f.org.id, name: "南京路店" });
  owner = { orgId: f.org.id, role: "owner", userId: f.users.owner.id, apiKeyId: null };
});

async function setup() {
  const next = await seedCampaign(db, { orgId: f.org.id, name: "复购 满50减10", value: 1000, minSpend: 5000 });
  const followUps = await seedGroup(db, { orgId: f.org.id, campaignId: next.id, name: "复购", slug: `fu-${randomUUID().slice(0, 8)}`, mode: "unique", quantity: 10 });
  const first = await seedCampaign(db, { orgId: f.org.id, name: "首单", followUpGroupId: followUps.id });
  const g = await seedGroup(db, { orgId: f.org.id, campaignId: first.id, name: "首单", slug: `fu-${randomUUID().slice(0, 8)}`, mode: "unique", quantity: 10 });
  return { followUps, g };
}

describe("follow-up coupons", () => {
  it("100 concurrent retries of one redemption give one follow-up code, and every answer names it", async () => {
    const { followUps, g } = await setup();
    const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const claimed = await claimCode({ slug: g.slug, phone });
    const key = randomUUID();
    const input = { code: claimed.code, storeId: store.id, orderAmount: 12_000 };
    const results = await Promise.all(
      Array.from({ length: 100 }, () => redeemCode(owner, input, key).catch((e: unknown) => (e instanceof AppError ? e : Promise.reject(e)))),
    );
    const ok = results.filter((r): r is Awaited<ReturnType<typeof redeemCode>> => !(r instanceof AppError));
    expect(ok).toHaveLength(100);
    expect(new Set(ok.map((r) => r.id)).size).toBe(1);
    const granted = await db.select().from(claims).where(eq(claims.groupId, followUps.id));
    expect(granted).toHaveLength(1);
    expect(granted[0]).toMatchObject({ consumerId: claimed.consumerId, followUpOf: ok[0].id });
    const [code] = await db.select().from(codes).where(eq(codes.id, granted[0].codeId));
    expect(new Set(ok.map((r) => r.followUp?.code))).toEqual(new Set([code.code]));
    expect(ok[0].followUp?.campaignName).toBe("复购 满50减10");

    // The counters: two claims (the first code and the follow-up), one redemption of ¥120.
    const [k] = await db.select().from(consumers).where(eq(consumers.id, claimed.consumerId));
    expect(k).toMatchObject({ claimCount: 2, redemptionCount: 1, orderTotal: 12_000, discountTotal: 2_000 });
    expect(k.lastRedemptionAt).not.toBeNull();
    const days = await db.select().from(consumerDays).where(eq(consumerDays.consumerId, claimed.consumerId));
    expect(days).toMatchObject([{ redemptions: 1, orderTotal: 12_000, discountTotal: 2_000 }]);

    // Reversed while the follow-up is unused: it is voided, and the counters go back.
    await reverseRedemption(owner, ok[0].id, "顾客退单");
    const [voided] = await db.select().from(codes).where(eq(codes.id, granted[0].codeId));
    expect(voided.status).toBe("void");
    const [after] = await db.select().from(consumers).where(eq(consumers.id, claimed.consumerId));
    expect(after).toMatchObject({ redemptionCount: 0, orderTotal: 0, discountTotal: 0, lastRedemptionAt: null });
    const [day] = await db.select().from(consumerDays).where(eq(consumerDays.consumerId, claimed.consumerId));
    expect(day).toMatchObject({ redemptions: 0, orderTotal: 0 });
  });

  it("a used follow-up stays when its redemption is reversed; each redemption of another code gives its own", async () => {
    const { followUps, g } = await setup();
    const phone = `138${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const claimed = await claimCode({ slug: g.slug, phone });
    const first = await redeemCode(owner, { code: claimed.code, storeId: store.id, orderAmount: 12_000 }, randomUUID());
    // The consumer uses the follow-up coupon itself.
    await redeemCode(owner, { code: first.followUp!.code, storeId: store.id, orderAmount: 6_000 }, randomUUID());
    await reverseRedemption(owner, first.id, "错单");
    const [kept] = await rows<{ status: string }>(db, sql`select status from codes where code = ${first.followUp!.code} and org_id = ${f.org.id}::uuid`);
    expect(kept.status).toBe("redeemed");
    // The follow-up's own redemption names no follow-up: that campaign has none.
    const granted = await db.select().from(claims).where(and(eq(claims.groupId, followUps.id), eq(claims.consumerId, claimed.consumerId)));
    expect(granted).toHaveLength(1);
  });

  it("a sold-out follow-up group gives none, and the redemption stands", async () => {
    const next = await seedCampaign(db, { orgId: f.org.id, name: "复购 售罄" });
    const empty = await seedGroup(db, { orgId: f.org.id, campaignId: next.id, name: "空", slug: `fu-${randomUUID().slice(0, 8)}`, mode: "unique", quantity: 1 });
    await db.update(codes).set({ status: "void" }).where(eq(codes.groupId, empty.id));
    const first = await seedCampaign(db, { orgId: f.org.id, name: "首单 2", followUpGroupId: empty.id });
    const g = await seedGroup(db, { orgId: f.org.id, campaignId: first.id, name: "g", slug: `fu-${randomUUID().slice(0, 8)}`, mode: "unique", quantity: 3 });
    const claimed = await claimCode({ slug: g.slug, phone: `137${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}` });
    const r = await redeemCode(owner, { code: claimed.code, storeId: store.id, orderAmount: 12_000 }, randomUUID());
    expect(r.followUp).toBeNull();
    expect(r.discount).toBe(2000);
  });
});

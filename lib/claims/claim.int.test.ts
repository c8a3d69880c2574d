import { randomUUID } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLogs, campaigns, claims, codeGroups, codes, consumers, outbox } from "@/db/schema";
import { insertConsumer } from "@/test/fixtures/activity";
import { seedCampaign, seedGroup, seedTestOrg } from "@/db/seed/builders";
import { AppError } from "@/lib/errors";
import { getGroup } from "@/lib/codes/queries";
import { claimCode } from "./claim";

const DAY = 86_400_000;
let f: Awaited<ReturnType<typeof seedTestOrg>>;
const phone = (i: number) => `139${String(i).padStart(8, "0")}`;
const slugOf = () => `t-${randomUUID().slice(0, 10)}`;

async function group(opts: { campaign?: Partial<typeof campaigns.$inferInsert>; quantity?: number; mode?: "unique" | "shared"; sharedCode?: string } = {}) {
  const campaign = await seedCampaign(db, { orgId: f.org.id, ...opts.campaign });
  const g = await seedGroup(db, {
    orgId: f.org.id,
    campaignId: campaign.id,
    name: "g",
    slug: slugOf(),
    mode: opts.mode ?? "unique",
    quantity: opts.quantity ?? 10,
    sharedCode: opts.sharedCode,
  });
  return { campaign, g };
}

/** Fires all claims at once; returns what each one got (a code or an error code). */
async function fire(slug: string, phones: string[]) {
  return Promise.all(
    phones.map((p) =>
      claimCode({ slug, phone: p }).then(
        (r) => ({ ok: true as const, code: r.code, repeat: r.repeat }),
        (e: unknown) => {
          if (e instanceof AppError) return { ok: false as const, error: e.code };
          throw e;
        },
      ),
    ),
  );
}

async function tally<T extends { ok: boolean }>(results: T[]) {
  return { won: results.filter((r) => r.ok).length, lost: results.filter((r) => !r.ok) as unknown as { error: string }[] };
}

beforeAll(async () => {
  f = await seedTestOrg(db, `claim-${randomUUID().slice(0, 8)}`);
});

describe("claims under concurrency (invariant 1)", () => {
  it("1,500 distinct phones against 1,000 codes: exactly 1,000 distinct winners and 500 sold_out", async () => {
    const { g } = await group({ quantity: 1000 });
    const results = await fire(g.slug, Array.from({ length: 1500 }, (_, i) => phone(i)));
    const { won, lost } = await tally(results);
    expect(won).toBe(1000);
    expect(lost).toHaveLength(500);
    expect(new Set(lost.map((l) => l.error))).toEqual(new Set(["sold_out"]));
    const winners = results.filter((r) => r.ok).map((r) => (r as { code: string }).code);
    expect(new Set(winners).size).toBe(1000);

    const [held] = await db
      .select({ n: count(), holders: sql<number>`count(distinct ${codes.consumerId})::int` })
      .from(codes)
      .where(and(eq(codes.groupId, g.id), eq(codes.status, "claimed")));
    expect(Number(held.n)).toBe(1000);
    expect(Number(held.holders)).toBe(1000);
    const [c] = await db.select({ n: count() }).from(claims).where(eq(claims.groupId, g.id));
    expect(Number(c.n)).toBe(1000);
    expect((await getGroup(f.org.id, g.id))!.group.claimedCount).toBe(1000);
    // invariant 3: one audit row and one event per claim, no more
    const [a] = await db.select({ n: count() }).from(auditLogs).where(and(eq(auditLogs.orgId, f.org.id), eq(auditLogs.action, "code.claimed"), sql`${auditLogs.after}->>'groupId' = ${g.id}`));
    expect(Number(a.n)).toBe(1000);
    const [o] = await db.select({ n: count() }).from(outbox).where(and(eq(outbox.type, "code.claimed"), sql`${outbox.data}->>'groupId' = ${g.id}`));
    expect(Number(o.n)).toBe(1000);
  }, 180_000);

  it("50 concurrent claims by one phone with limit 1 give one code, handed back to every request", async () => {
    const { g } = await group({ quantity: 20 });
    const results = await fire(g.slug, Array.from({ length: 50 }, () => "+86 138 0000 0050"));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r as { code: string }).code)).size).toBe(1);
    expect(results.filter((r) => r.ok && !r.repeat)).toHaveLength(1);
    const [c] = await db.select({ n: count() }).from(claims).where(eq(claims.groupId, g.id));
    expect(Number(c.n)).toBe(1);
    const [left] = await db.select({ n: count() }).from(codes).where(and(eq(codes.groupId, g.id), eq(codes.status, "available")));
    expect(Number(left.n)).toBe(19);
  });

  it("a shared code serves its total exactly, once per phone", async () => {
    const { g } = await group({ mode: "shared", sharedCode: `S${randomUUID().slice(0, 6).toUpperCase()}`, quantity: 100 });
    const results = await fire(g.slug, Array.from({ length: 150 }, (_, i) => phone(100_000 + i)));
    const { won, lost } = await tally(results);
    expect(won).toBe(100);
    expect(lost.every((l) => l.error === "sold_out")).toBe(true);
    expect(new Set(results.filter((r) => r.ok).map((r) => (r as { code: string }).code))).toEqual(new Set([g.sharedCode]));
    const [row] = await db.select().from(codeGroups).where(eq(codeGroups.id, g.id));
    expect(row.claimedCount).toBe(100);
  });

  it("a campaign's total quantity holds across its groups", async () => {
    const { campaign, g } = await group({ quantity: 40, campaign: { totalQuantity: 50 } });
    const second = await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "g2", slug: slugOf(), mode: "unique", quantity: 40 });
    const [a, b] = await Promise.all([
      fire(g.slug, Array.from({ length: 40 }, (_, i) => phone(200_000 + i))),
      fire(second.slug, Array.from({ length: 40 }, (_, i) => phone(300_000 + i))),
    ]);
    expect([...a, ...b].filter((r) => r.ok)).toHaveLength(50);
    const [row] = await db.select().from(campaigns).where(eq(campaigns.id, campaign.id));
    expect(row.claimedCount).toBe(50);
  });

  it("a per-consumer limit of 2 lets a phone hold two codes across the campaign's groups, not three", async () => {
    const { campaign, g } = await group({ quantity: 5, campaign: { perConsumerLimit: 2 } });
    const g2 = await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "g2", slug: slugOf(), mode: "unique", quantity: 5 });
    const g3 = await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "g3", slug: slugOf(), mode: "unique", quantity: 5 });
    const p = phone(400_000);
    const got = await Promise.all([g, g2, g3].map((x) => fire(x.slug, [p, p, p])));
    const outcomes = got.map((rs) => (rs.every((r) => r.ok) ? "ok" : (rs[0] as { error: string }).error));
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(2);
    expect(outcomes.filter((o) => o === "limit_reached")).toHaveLength(1);
  });
});

describe("what cannot be claimed (invariant 5)", () => {
  const now = Date.now();
  it.each([
    ["not_started", { releaseAt: new Date(now + DAY) }],
    ["not_started", { validFrom: new Date(now + DAY), validUntil: new Date(now + 2 * DAY) }],
    ["ended", { claimEndsAt: new Date(now - 1000) }],
    ["ended", { validFrom: new Date(now - 2 * DAY), validUntil: new Date(now - DAY) }],
    ["ended", { status: "ended" as const }],
    ["paused", { status: "paused" as const }],
    ["not_found", { status: "draft" as const }],
    ["not_found", { status: "in_review" as const }],
  ])("refuses with %s", async (code, campaign) => {
    const { g } = await group({ campaign });
    await expect(claimCode({ slug: g.slug, phone: phone(500_000) })).rejects.toMatchObject({ code });
    const [c] = await db.select({ n: count() }).from(claims).where(eq(claims.groupId, g.id));
    expect(Number(c.n)).toBe(0);
  });

  it("refuses a frozen group and an unknown slug", async () => {
    const { g } = await group();
    await db.update(codeGroups).set({ status: "frozen" }).where(eq(codeGroups.id, g.id));
    await expect(claimCode({ slug: g.slug, phone: phone(1) })).rejects.toMatchObject({ code: "frozen" });
    await expect(claimCode({ slug: "no-such-slug", phone: phone(1) })).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses a number that is not a mobile, on the phone field", async () => {
    const { g } = await group();
    await expect(claimCode({ slug: g.slug, phone: "12345" })).rejects.toMatchObject({ code: "invalid_input", errors: [{ path: "phone" }] });
  });
});

describe("audience, daily caps, expiry", () => {
  it("new-consumer offers refuse a phone that claimed before in the organisation", async () => {
    const { g: first } = await group();
    const { g: onlyNew } = await group({ campaign: { audience: "new" } });
    await claimCode({ slug: first.slug, phone: phone(600_000) });
    await expect(claimCode({ slug: onlyNew.slug, phone: phone(600_000) })).rejects.toMatchObject({ code: "not_eligible" });
    await expect(claimCode({ slug: onlyNew.slug, phone: phone(600_001) })).resolves.toMatchObject({ repeat: false });
  });

  it("says when it was the daily limit, not the offer's", async () => {
    const { campaign, g } = await group({ campaign: { perConsumerLimit: 5, dailyPerConsumerLimit: 1 } });
    const second = await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "g2", slug: slugOf(), mode: "unique", quantity: 10 });
    await claimCode({ slug: g.slug, phone: phone(800_000) });
    await expect(claimCode({ slug: second.slug, phone: phone(800_000) })).rejects.toMatchObject({ code: "limit_reached", details: { limit: "daily" } });
    const total = await group({ campaign: { perConsumerLimit: 1 } });
    const other = await seedGroup(db, { orgId: f.org.id, campaignId: total.campaign.id, name: "g2", slug: slugOf(), mode: "unique", quantity: 10 });
    await claimCode({ slug: total.g.slug, phone: phone(800_001) });
    const refused = await claimCode({ slug: other.slug, phone: phone(800_001) }).catch((e: AppError) => e);
    expect(refused).toMatchObject({ code: "limit_reached" });
    expect((refused as AppError).details).toBeUndefined();
  });

  it("tagged offers take only consumers with the tag", async () => {
    const { g } = await group({ campaign: { audience: "tagged", audienceTag: "vip" } });
    await insertConsumer(db, { orgId: f.org.id, phone: "+8613900700000", tags: ["vip"] });
    await expect(claimCode({ slug: g.slug, phone: phone(700_000) })).resolves.toMatchObject({ repeat: false });
    await expect(claimCode({ slug: g.slug, phone: phone(700_001) })).rejects.toMatchObject({ code: "not_eligible" });
  });

  it("a daily cap stops claims for the day, and the next day opens again", async () => {
    const { g } = await group({ quantity: 20, campaign: { dailyClaimLimit: 3, validFrom: new Date(now() - 5 * DAY) } });
    const today = new Date();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => claimCode({ slug: g.slug, phone: phone(800_000 + i), now: today }).then(() => "ok", (e: AppError) => e.code)));
    expect(results.filter((r) => r === "ok")).toHaveLength(3);
    expect(results.filter((r) => r === "sold_out")).toHaveLength(3);
    await expect(claimCode({ slug: g.slug, phone: phone(800_010), now: new Date(today.getTime() + DAY) })).resolves.toMatchObject({ repeat: false });
  });

  it("a code valid N days after claim expires then, or at the campaign's end if sooner", async () => {
    const until = new Date(Date.now() + 10 * DAY);
    const { g } = await group({ campaign: { validDaysAfterClaim: 7, validUntil: until } });
    const at = new Date();
    const r = await claimCode({ slug: g.slug, phone: phone(900_000), now: at });
    expect(r.expiresAt!.getTime()).toBe(at.getTime() + 7 * DAY);
    const { g: short } = await group({ campaign: { validDaysAfterClaim: 30, validUntil: until } });
    const r2 = await claimCode({ slug: short.slug, phone: phone(900_001), now: at });
    expect(r2.expiresAt!.getTime()).toBe(until.getTime());
  });
});

function now() {
  return Date.now();
}

describe("share to unlock", () => {
  it("gives the sharer one bonus code once N friends claimed through the link, and only once", async () => {
    const { rewardReferrer, referralCount } = await import("./referral");
    const bonus = await group({ quantity: 5 });
    const { campaign, g } = await group({ quantity: 20 });
    await db.update(campaigns).set({ referralGroupId: bonus.g.id, referralThreshold: 2 }).where(eq(campaigns.id, campaign.id));
    const sharer = await claimCode({ slug: g.slug, phone: phone(950_000) });
    const friend1 = await claimCode({ slug: g.slug, phone: phone(950_001), referrerId: sharer.consumerId });
    expect(await rewardReferrer(campaign.id, sharer.consumerId)).toBeNull();
    // a self-referral and a made-up id do not count
    await claimCode({ slug: g.slug, phone: phone(950_000), referrerId: sharer.consumerId });
    await claimCode({ slug: g.slug, phone: phone(950_002), referrerId: randomUUID() });
    expect(await referralCount(campaign.id, sharer.consumerId)).toBe(1);
    await claimCode({ slug: g.slug, phone: phone(950_003), referrerId: sharer.consumerId });
    const [r1, r2] = await Promise.all([rewardReferrer(campaign.id, sharer.consumerId), rewardReferrer(campaign.id, sharer.consumerId)]);
    expect(r1!.code).toBe(r2!.code);
    const [held] = await db.select({ n: count() }).from(claims).where(and(eq(claims.groupId, bonus.g.id), eq(claims.consumerId, sharer.consumerId)));
    expect(Number(held.n)).toBe(1);
    expect(friend1.consumerId).not.toBe(sharer.consumerId);
    expect(await rewardReferrer(campaign.id, "not-a-uuid")).toBeNull();
  });
});

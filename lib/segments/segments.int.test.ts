import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, rows } from "@/db";
import { claims, consumers, segments } from "@/db/schema";
import { insertConsumer } from "@/test/fixtures/activity";
import { seedCampaign, seedGroup, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { claimCode } from "@/lib/claims/claim";
import { segmentDayOf } from "@/lib/consumers/queries";
import { AppError } from "@/lib/errors";
import { addDays } from "@/lib/time";
import { createSegment, deleteSegment } from "./mutations";
import { segmentSize } from "./queries";
import { matchesRules, segmentRulesSchema, type SegmentRules } from "./rules";
import { segmentWhere } from "./sql";

// A segment means one thing everywhere: the pure reference (matchesRules), the WHERE clause lists and
// sends use (segmentWhere) and the function claims ask (consumer_in_segment) pick the same consumers
// out of a random population, for random rules. And claim_code keeps everyone else out, under load.

let f: Awaited<ReturnType<typeof seedTestOrg>>;
const owner = (): Actor => ({ orgId: f.org.id, role: "owner", userId: f.users.owner.id, apiKeyId: null });
const DAY = 86_400_000;

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Person = {
  id: string;
  tags: string[];
  claimCount: number;
  redemptionCount: number;
  orderTotal: number;
  lastRedemptionAt: Date | null;
  days: { day: string; redemptions: number; orderTotal: number }[];
  erased: boolean;
};

beforeAll(async () => {
  f = await seedTestOrg(db, `seg-${randomUUID().slice(0, 8)}`);
});

describe("segment rules mean the same in TypeScript, in lists and in claims", () => {
  it("on a random population and random rules", async () => {
    const random = mulberry32(15);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const day = await segmentDayOf(f.org.id);
    const TAGS = ["vip", "学生", "会员", "coffee"];
    const people: Person[] = [];
    for (let i = 0; i < 240; i++) {
      const days: Person["days"] = [];
      for (let d = 0; d < 60; d += 1 + Math.floor(random() * 25)) {
        if (random() < 0.5) days.push({ day: addDays(day.today, -d), redemptions: 1 + Math.floor(random() * 3), orderTotal: Math.floor(random() * 40_000) });
      }
      const redemptionCount = days.reduce((n, d) => n + d.redemptions, 0) + (random() < 0.3 ? Math.floor(random() * 4) : 0);
      const orderTotal = days.reduce((n, d) => n + d.orderTotal, 0) + (random() < 0.3 ? Math.floor(random() * 50_000) : 0);
      const lastDay = days.length ? days.map((d) => d.day).sort().at(-1)! : null;
      people.push({
        id: randomUUID(),
        tags: TAGS.filter(() => random() < 0.35),
        claimCount: redemptionCount > 0 ? redemptionCount + Math.floor(random() * 3) : random() < 0.5 ? 0 : 1 + Math.floor(random() * 3),
        redemptionCount,
        orderTotal,
        lastRedemptionAt: lastDay ? new Date(new Date(`${lastDay}T00:00:00Z`).getTime() + Math.floor(random() * 20) * 3_600_000) : redemptionCount > 0 ? new Date(day.todayStart.getTime() - 90 * DAY) : null,
        days,
        erased: random() < 0.03,
      });
    }
    for (const p of people) {
      await insertConsumer(db, {
        id: p.id,
        orgId: f.org.id,
        phone: p.erased ? `erased:${p.id}` : `+86139${String(Math.floor(random() * 1e8)).padStart(8, "0")}`,
        tags: p.tags,
        claimCount: p.claimCount,
        redemptionCount: p.redemptionCount,
        orderTotal: p.orderTotal,
        lastRedemptionAt: p.lastRedemptionAt,
        erasedAt: p.erased ? new Date() : null,
      });
      for (const d of p.days) {
        await db.execute(sql`insert into consumer_days (org_id, consumer_id, day, redemptions, order_total, discount_total)
          values (${f.org.id}::uuid, ${p.id}::uuid, ${d.day}::date, ${d.redemptions}, ${d.orderTotal}, 0)`);
      }
    }
    const ruleSets: SegmentRules[] = [{}];
    for (let i = 0; i < 40; i++) {
      const r: Record<string, unknown> = {};
      if (random() < 0.3) r.tagsAny = TAGS.filter(() => random() < 0.5);
      if (random() < 0.2) r.tagsAll = TAGS.filter(() => random() < 0.3);
      if (random() < 0.25) r.newConsumer = random() < 0.5;
      if (random() < 0.3) r.dormantDays = pick([1, 7, 14, 30, 45]);
      if (random() < 0.4) r.minOrderTotal = pick([1, 5_000, 20_000, 60_000]);
      if (random() < 0.3) r.minRedemptions = pick([1, 2, 4]);
      if ((r.minOrderTotal || r.minRedemptions) && random() < 0.6) r.withinDays = pick([1, 7, 30, 90]);
      ruleSets.push(segmentRulesSchema.parse(r));
    }
    const sizes: number[] = [];
    for (const rules of ruleSets) {
      const expected = people
        .filter((p) => {
          const since = addDays(day.today, -(rules.withinDays ?? 0) + 1);
          const inWindow = p.days.filter((d) => d.day >= since);
          return matchesRules(rules, { ...p, erased: p.erased }, {
            todayStart: day.todayStart,
            orderTotal: inWindow.reduce((n, d) => n + d.orderTotal, 0),
            redemptions: inWindow.reduce((n, d) => n + d.redemptions, 0),
          });
        })
        .map((p) => p.id)
        .sort();
      const listed = await rows<{ id: string }>(db, sql`select k.id from consumers k where k.org_id = ${f.org.id}::uuid and ${segmentWhere(f.org.id, rules, day)} order by k.id`);
      const asked = await rows<{ id: string }>(
        db,
        sql`select k.id from consumers k where k.org_id = ${f.org.id}::uuid
            and consumer_in_segment(k.id, ${JSON.stringify(rules)}::jsonb, ${day.today}::date, ${day.todayStart.toISOString()}::timestamptz) order by k.id`,
      );
      expect(listed.map((r) => r.id), JSON.stringify(rules)).toEqual(expected);
      expect(asked.map((r) => r.id), JSON.stringify(rules)).toEqual(expected);
      sizes.push(expected.length);
    }
    // The rules really split the population (not all or nothing every time).
    expect(sizes.filter((n) => n > 0 && n < people.length).length).toBeGreaterThan(20);
    // The size preview counts the same members, and how many of them may be texted.
    const vip = segmentRulesSchema.parse({ tagsAny: ["vip"] });
    const size = await segmentSize(f.org.id, vip);
    expect(size.size).toBe(people.filter((p) => !p.erased && p.tags.includes("vip")).length);
  });
});

describe("a campaign for a segment (invariant: nobody outside it gets a code)", () => {
  it("under 200 concurrent claims, exactly the members get codes; everyone else is refused not_eligible", async () => {
    const segment = await createSegment(owner(), { name: `VIP ${randomUUID().slice(0, 6)}`, rules: segmentRulesSchema.parse({ tagsAny: ["vip"], minRedemptions: 1 }) });
    const campaign = await seedCampaign(db, { orgId: f.org.id, audience: "segment", segmentId: segment.id });
    const group = await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "vip", slug: `seg-${randomUUID().slice(0, 8)}`, mode: "unique", quantity: 500 });
    const phones = Array.from({ length: 200 }, (_, i) => `+86137${String(i).padStart(8, "0")}`);
    // Every other phone is a member: tagged vip with a redemption; the rest are tagged vip only, or nothing.
    for (const [i, phone] of phones.entries()) {
      await insertConsumer(db, {
        orgId: f.org.id,
        phone,
        tags: i % 4 === 3 ? [] : ["vip"],
        redemptionCount: i % 2 === 0 ? 1 : 0,
        claimCount: i % 2 === 0 ? 1 : 0,
        lastRedemptionAt: i % 2 === 0 ? new Date() : null,
      });
    }
    const results = await Promise.all(
      phones.map((phone) =>
        claimCode({ slug: group.slug, phone }).then(
          () => "ok",
          (e: unknown) => (e instanceof AppError ? e.code : Promise.reject(e)),
        ),
      ),
    );
    const members = phones.filter((_, i) => i % 2 === 0 && i % 4 !== 3);
    expect(results.filter((r) => r === "ok")).toHaveLength(members.length);
    expect(results.filter((r) => r === "not_eligible")).toHaveLength(200 - members.length);
    const holders = await rows<{ phone: string }>(
      db,
      sql`select k.phone from claims cl join consumers k on k.id = cl.consumer_id where cl.group_id = ${group.id}::uuid order by k.phone`,
    );
    expect(holders.map((h) => h.phone)).toEqual([...members].sort());
    // The members' counters moved with their claims.
    const [counted] = await db
      .select({ n: sql<number>`sum(${consumers.claimCount})::int` })
      .from(consumers)
      .where(and(eq(consumers.orgId, f.org.id), sql`${consumers.phone} = any(${sql.raw(`array[${members.map((m) => `'${m}'`).join(",")}]`)})`));
    expect(counted.n).toBe(members.length * 2);
    // A segment a campaign uses cannot be deleted.
    await expect(deleteSegment(owner(), segment.id)).rejects.toMatchObject({ code: "invalid_state" });
    expect(await db.select().from(segments).where(eq(segments.id, segment.id))).toHaveLength(1);
    expect(await db.select().from(claims).where(eq(claims.groupId, group.id))).toHaveLength(members.length);
  });
});

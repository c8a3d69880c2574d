import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseKind, db, rows } from "@/db";
import { consumers } from "@/db/schema";
import { seedCampaign, seedInfluencer, seedStore, seedTestOrg } from "@/db/seed/builders";
import { insertClaim, insertRedemption, insertReversal, insertView, sharedTestGroup } from "@/test/analytics";
import { getCampaignStats, getComparison, getDashboard, type Dashboard } from "./dashboard";
import { delayBucket, displayDelayBuckets, localDayHour, medianDelaySeconds, resolveRange, type DayRange } from "./metrics";
import { resetAnalyticsRollups, rollUpAnalytics } from "./rollup";

// Rollups equal raw counts: a random mix of views, claims, redemptions and reversals over 40 days is
// written in three phases; after each phase the dashboard is read before and after a rollup run, and
// must equal both the same queries on the raw tables and the numbers computed here from the events.

const TZ = "Asia/Shanghai";
// 2026-11-20 12:00 in Shanghai.
const NOW = new Date("2026-11-20T04:00:00Z");
const DAY = 86_400_000;
const CUT1 = new Date(NOW.getTime() - 25 * DAY);
const CUT2 = new Date(NOW.getTime() - 6 * DAY);

type GroupKey = "g1" | "g2" | "g3" | "g4";
type Group = Awaited<ReturnType<typeof sharedTestGroup>>;
type Redeem = { kind: "redeem"; g: GroupKey; at: Date; store: 0 | 1; orderAmount: number; discount: number; claimedAt: Date | null; id?: string; reversedAt?: Date };
type Ev = { kind: "view"; g: GroupKey; at: Date } | { kind: "claim"; g: GroupKey; at: Date } | Redeem | { kind: "reverse"; target: Redeem; at: Date };

let orgA: Awaited<ReturnType<typeof seedTestOrg>>;
let orgB: Awaited<ReturnType<typeof seedTestOrg>>;
const groups = {} as Record<GroupKey, Group>;
let c1: string;
let c2: string;
let i1: string;
let i2: string;
let storeIds: [string, string];
let consumerId: string;
const inserted: Ev[] = [];

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The events: a random mix, plus fixed ones on a local midnight and on delay bucket edges. */
function makeEvents(): Ev[] {
  const rand = mulberry32(6);
  const keys: GroupKey[] = ["g1", "g2", "g3", "g4"];
  const evs: Ev[] = [];
  const at = () => new Date(NOW.getTime() - 40 * DAY + Math.floor(rand() * 40 * DAY));
  for (let i = 0; i < 260; i++) {
    const g = keys[Math.floor(rand() * keys.length)];
    const r = rand();
    if (r < 0.5) evs.push({ kind: "view", g, at: at() });
    else if (r < 0.75) evs.push({ kind: "claim", g, at: at() });
    else {
      const when = at();
      const claimedAt = rand() < 0.85 ? new Date(when.getTime() - Math.floor(rand() * rand() * 20 * DAY)) : null;
      const red: Redeem = { kind: "redeem", g, at: when, store: rand() < 0.6 ? 0 : 1, orderAmount: 5000 + Math.floor(rand() * 300) * 100, discount: 500 + Math.floor(rand() * 20) * 100, claimedAt };
      evs.push(red);
      // A fifth are reversed, some minutes later, some days later (after a rollup has taken the redemption).
      if (rand() < 0.2) {
        const reversedAt = new Date(Math.max(when.getTime() + 1000, Math.min(NOW.getTime() - 1000, when.getTime() + (rand() < 0.5 ? 600_000 : Math.floor(rand() * 15 * DAY)))));
        evs.push({ kind: "reverse", target: red, at: reversedAt });
      }
    }
  }
  // Local midnight in Shanghai (2026-11-10 23:59:59 Tue → 2026-11-11 00:00 Wed).
  const late = new Date("2026-11-10T15:59:59Z");
  const midnight = new Date("2026-11-10T16:00:00Z");
  evs.push({ kind: "view", g: "g1", at: late }, { kind: "view", g: "g1", at: midnight });
  evs.push(
    { kind: "redeem", g: "g1", at: late, store: 0, orderAmount: 10000, discount: 2000, claimedAt: new Date(late.getTime() - 3_599_000) },
    { kind: "redeem", g: "g1", at: midnight, store: 1, orderAmount: 10000, discount: 2000, claimedAt: new Date(midnight.getTime() - 3_600_000) },
  );
  return evs.sort((a, b) => a.at.getTime() - b.at.getTime());
}

async function insert(evs: Ev[]) {
  for (const e of evs) {
    if (e.kind === "view") await insertView(db, groups[e.g], e.at);
    else if (e.kind === "claim") await insertClaim(db, groups[e.g], consumerId, e.at);
    else if (e.kind === "redeem") {
      e.id = await insertRedemption(db, groups[e.g], { storeId: storeIds[e.store], consumerId, at: e.at, claimedAt: e.claimedAt, orderAmount: e.orderAmount, discount: e.discount });
    } else {
      await insertReversal(db, { orgId: orgA.org.id, redemptionId: e.target.id!, at: e.at });
      e.target.reversedAt = e.at;
    }
    inserted.push(e);
  }
}

/** What the dashboard must show, computed from the events inserted so far. */
function truth(tz: string, range: { from: string | null; to: string | null }, campaignId?: string) {
  const inScope = (g: GroupKey) => !campaignId || groups[g].campaignId === campaignId;
  const inRange = (day: string) => (!range.from || day >= range.from) && (!range.to || day <= range.to);
  const zero = () => ({ views: 0, claims: 0, redemptions: 0, discount: 0, storedValue: 0, gmv: 0 });
  const totals = zero();
  const byDay = new Map<string, ReturnType<typeof zero>>();
  const byInfluencer = new Map<string, ReturnType<typeof zero>>();
  const byGroup = new Map<string, ReturnType<typeof zero>>();
  const byStore = new Map<string, { redemptions: number; discount: number; storedValue: number; gmv: number }>();
  const weekdayHours = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  const fine = new Map<number, number>();
  for (const e of inserted) {
    if (e.kind === "reverse" || !inScope(e.g)) continue;
    if (e.kind === "redeem" && e.reversedAt) continue;
    const { day, hour, weekday } = localDayHour(e.at, tz);
    if (!inRange(day)) continue;
    const card = groups[e.g].campaignId === c2;
    const spent = e.kind === "redeem" ? e.discount : 0;
    const add = {
      views: e.kind === "view" ? 1 : 0,
      claims: e.kind === "claim" ? 1 : 0,
      redemptions: e.kind === "redeem" ? 1 : 0,
      discount: card ? 0 : spent,
      storedValue: card ? spent : 0,
      gmv: e.kind === "redeem" ? e.orderAmount : 0,
    };
    const plus = (cur: ReturnType<typeof zero>) => ({
      views: cur.views + add.views,
      claims: cur.claims + add.claims,
      redemptions: cur.redemptions + add.redemptions,
      discount: cur.discount + add.discount,
      storedValue: cur.storedValue + add.storedValue,
      gmv: cur.gmv + add.gmv,
    });
    const bump = (m: Map<string, ReturnType<typeof zero>>, k: string) => m.set(k, plus(m.get(k) ?? zero()));
    Object.assign(totals, plus(totals));
    bump(byDay, day);
    bump(byGroup, groups[e.g].id);
    if (groups[e.g].influencerId) bump(byInfluencer, groups[e.g].influencerId!);
    if (e.kind === "redeem") {
      const s = byStore.get(storeIds[e.store]) ?? { redemptions: 0, discount: 0, storedValue: 0, gmv: 0 };
      byStore.set(storeIds[e.store], {
        redemptions: s.redemptions + 1,
        discount: s.discount + add.discount,
        storedValue: s.storedValue + add.storedValue,
        gmv: s.gmv + e.orderAmount,
      });
      weekdayHours[weekday - 1][hour]++;
      if (e.claimedAt) {
        const b = delayBucket((e.at.getTime() - e.claimedAt.getTime()) / 1000);
        fine.set(b, (fine.get(b) ?? 0) + 1);
      }
    }
  }
  return { totals, byDay, byInfluencer, byGroup, byStore, weekdayHours, fine };
}

/** The dashboard without the one field that differs between rollups and raw reads. */
const comparable = (d: Dashboard) => ({ ...d, watermark: null });

function expectMatchesTruth(d: Dashboard, t: ReturnType<typeof truth>) {
  expect(d.totals).toEqual(t.totals);
  const none = { views: 0, claims: 0, redemptions: 0, discount: 0, storedValue: 0, gmv: 0 };
  for (const p of d.series) {
    expect({ day: p.day, views: p.views, claims: p.claims, redemptions: p.redemptions, discount: p.discount, storedValue: p.storedValue, gmv: p.gmv }).toEqual({
      day: p.day,
      ...(t.byDay.get(p.day) ?? none),
    });
  }
  expect(d.series.reduce((s, p) => s + p.views, 0)).toBe(t.totals.views);
  for (const row of d.leaderboard) {
    const { views, claims, redemptions, discount, storedValue, gmv } = row;
    expect({ id: row.influencerId, views, claims, redemptions, discount, storedValue, gmv }).toEqual({ id: row.influencerId, ...(t.byInfluencer.get(row.influencerId) ?? none) });
  }
  expect(new Map(d.stores.map((s) => [s.storeId, { redemptions: s.redemptions, discount: s.discount, storedValue: s.storedValue, gmv: s.gmv }]))).toEqual(
    new Map([...t.byStore].filter(([, s]) => s.redemptions !== 0)),
  );
  expect(d.weekdayHours).toEqual(t.weekdayHours);
  expect(d.delay.buckets).toEqual(displayDelayBuckets(t.fine));
  expect(d.delay.medianSeconds).toBe(medianDelaySeconds(t.fine));
}

const RANGES: DayRange[] = [
  resolveRange({ range: "30" }, "2026-11-20"),
  resolveRange({ range: "7" }, "2026-11-20"),
  resolveRange({ range: "custom", from: "2026-10-11", to: "2026-11-05" }, "2026-11-20"),
];

/** Every window and scope: rollups + tail equal raw, and both equal the events. */
async function checkAll(tz = TZ) {
  for (const range of RANGES) {
    for (const campaignId of [undefined, c1, c2]) {
      const withRollups = await getDashboard(orgA.org.id, { timeZone: tz, range, campaignId });
      const raw = await getDashboard(orgA.org.id, { timeZone: tz, range, campaignId, raw: true });
      expect(raw.watermark).toBeNull();
      expect(comparable(withRollups)).toEqual(comparable(raw));
      expectMatchesTruth(withRollups, truth(tz, range, campaignId));
    }
  }
  const stats = await getCampaignStats(orgA.org.id, c1, { timeZone: tz });
  expect(stats).toEqual(await getCampaignStats(orgA.org.id, c1, { timeZone: tz, raw: true }));
  const t = truth(tz, { from: null, to: null }, c1);
  expect({ views: stats.views, claims: stats.claims, redemptions: stats.redemptions, discountTotal: stats.discountTotal, orderTotal: stats.orderTotal }).toEqual({
    views: t.totals.views,
    claims: t.totals.claims,
    redemptions: t.totals.redemptions,
    discountTotal: t.totals.discount,
    orderTotal: t.totals.gmv,
  });
  for (const g of stats.byGroup) {
    const e = t.byGroup.get(g.groupId) ?? { views: 0, claims: 0, redemptions: 0, discount: 0, gmv: 0 };
    expect(g).toMatchObject({ views: e.views, claims: e.claims, redemptions: e.redemptions, discountTotal: e.discount, orderTotal: e.gmv });
  }
  // The card campaign: what the cards paid is stored value, and none of it is discount.
  const cards = await getCampaignStats(orgA.org.id, c2, { timeZone: tz });
  const tc2 = truth(tz, { from: null, to: null }, c2);
  expect([cards.discountTotal, cards.storedValueTotal, cards.orderTotal]).toEqual([0, tc2.totals.storedValue, tc2.totals.gmv]);
  expect(tc2.totals.storedValue).toBeGreaterThan(0);
  const compare = await getComparison(orgA.org.id, { timeZone: tz, range: RANGES[0], kind: "influencer", ids: [i2, i1] });
  expect(compare).toEqual(await getComparison(orgA.org.id, { timeZone: tz, range: RANGES[0], kind: "influencer", ids: [i2, i1], raw: true }));
  const tc = truth(tz, RANGES[0]);
  expect(compare.map((r) => [r.id, r.views, r.claims, r.redemptions, r.gmv])).toEqual(
    [i2, i1].map((id) => {
      const e = tc.byInfluencer.get(id) ?? { views: 0, claims: 0, redemptions: 0, gmv: 0 };
      return [id, e.views, e.claims, e.redemptions, e.gmv];
    }),
  );
}

/** The rollup tables hold exactly the raw rows created (or reversed) before the watermark. */
async function expectRollupsEqualRaw(orgId: string, until: Date) {
  const [r] = await rows<Record<string, number | string>>(
    db,
    sql`select
      (select coalesce(sum(views), 0) from analytics_daily where org_id = ${orgId}::uuid)::float8 as views,
      (select count(*) from landing_events where org_id = ${orgId}::uuid and created_at < ${until.toISOString()}::timestamptz)::float8 as raw_views,
      (select coalesce(sum(claims), 0) from analytics_daily where org_id = ${orgId}::uuid)::float8 as claims,
      (select count(*) from claims where org_id = ${orgId}::uuid and created_at < ${until.toISOString()}::timestamptz)::float8 as raw_claims,
      (select coalesce(sum(redemptions), 0) from analytics_daily where org_id = ${orgId}::uuid)::float8 as redemptions,
      (select coalesce(sum(redemptions), 0) from analytics_store_daily where org_id = ${orgId}::uuid)::float8 as store_redemptions,
      (select coalesce(sum(redemptions), 0) from analytics_hourly where org_id = ${orgId}::uuid)::float8 as hourly_redemptions,
      (select coalesce(sum(views), 0) from analytics_hourly where org_id = ${orgId}::uuid)::float8 as hourly_views,
      (select coalesce(sum(reversals), 0) from analytics_hourly where org_id = ${orgId}::uuid)::float8 as hourly_reversals,
      (select count(*) from redemptions where org_id = ${orgId}::uuid and created_at < ${until.toISOString()}::timestamptz)::float8 as raw_redemptions,
      (select coalesce(sum(redemptions), 0) from analytics_delay_daily where org_id = ${orgId}::uuid)::float8 as delay_redemptions,
      (select count(*) from redemptions where org_id = ${orgId}::uuid and claimed_at is not null and created_at < ${until.toISOString()}::timestamptz)::float8 as raw_delay_redemptions,
      (select coalesce(sum(reversals), 0) from analytics_daily where org_id = ${orgId}::uuid)::float8 as reversals,
      (select count(*) from redemptions where org_id = ${orgId}::uuid and reversed_at < ${until.toISOString()}::timestamptz)::float8 as raw_reversals,
      (select coalesce(sum(discount - reversed_discount), 0) from analytics_daily where org_id = ${orgId}::uuid)::float8 as net_discount,
      (select coalesce(sum(discount), 0) from redemptions where org_id = ${orgId}::uuid and created_at < ${until.toISOString()}::timestamptz)::float8
        - (select coalesce(sum(discount), 0) from redemptions where org_id = ${orgId}::uuid and reversed_at < ${until.toISOString()}::timestamptz)::float8 as raw_net_discount`,
  );
  expect(Number(r.views)).toBe(Number(r.raw_views));
  expect(Number(r.claims)).toBe(Number(r.raw_claims));
  expect(Number(r.redemptions)).toBe(Number(r.raw_redemptions));
  expect(Number(r.store_redemptions)).toBe(Number(r.raw_redemptions));
  expect(Number(r.hourly_redemptions)).toBe(Number(r.raw_redemptions));
  expect(Number(r.hourly_views)).toBe(Number(r.raw_views));
  expect(Number(r.hourly_reversals)).toBe(Number(r.raw_reversals));
  expect(Number(r.delay_redemptions)).toBe(Number(r.raw_delay_redemptions));
  expect(Number(r.reversals)).toBe(Number(r.raw_reversals));
  expect(Number(r.net_discount)).toBe(Number(r.raw_net_discount));
}

let events: Ev[];

beforeAll(async () => {
  orgA = await seedTestOrg(db, `an-${randomUUID().slice(0, 8)}`);
  orgB = await seedTestOrg(db, `an-${randomUUID().slice(0, 8)}`);
  const orgId = orgA.org.id;
  i1 = (await seedInfluencer(db, { orgId, displayName: "小一", platform: "douyin" })).id;
  i2 = (await seedInfluencer(db, { orgId, displayName: "小二", platform: "xiaohongshu" })).id;
  c1 = (await seedCampaign(db, { orgId, name: "C1" })).id;
  // C2 is a stored-value card: what its redemptions took from the cards is stored value, not discount.
  c2 = (await seedCampaign(db, { orgId, name: "C2", type: "stored_value", value: null, minSpend: 0, initialBalance: 100_000 })).id;
  groups.g1 = await sharedTestGroup(db, { orgId, campaignId: c1, influencerId: i1 });
  groups.g2 = await sharedTestGroup(db, { orgId, campaignId: c1, influencerId: i2 });
  groups.g3 = await sharedTestGroup(db, { orgId, campaignId: c2, influencerId: i1 });
  groups.g4 = await sharedTestGroup(db, { orgId, campaignId: c1, influencerId: null });
  storeIds = [(await seedStore(db, { orgId, name: "A" })).id, (await seedStore(db, { orgId, name: "B" })).id];
  [{ id: consumerId }] = await db.insert(consumers).values({ orgId, phone: "+8613900000001" }).returning({ id: consumers.id });

  // Another organisation with activity on the same days, rolled up by the same runs.
  const bCampaign = await seedCampaign(db, { orgId: orgB.org.id });
  const bGroup = await sharedTestGroup(db, { orgId: orgB.org.id, campaignId: bCampaign.id, influencerId: null });
  const bStore = await seedStore(db, { orgId: orgB.org.id, name: "B" });
  const [bConsumer] = await db.insert(consumers).values({ orgId: orgB.org.id, phone: "+8613900000001" }).returning({ id: consumers.id });
  for (let d = 1; d < 30; d += 3) {
    const at = new Date(NOW.getTime() - d * DAY);
    await insertView(db, bGroup, at);
    await insertClaim(db, bGroup, bConsumer.id, at);
    await insertRedemption(db, bGroup, { storeId: bStore.id, consumerId: bConsumer.id, at, claimedAt: at, orderAmount: 99_900, discount: 9_900 });
  }
  events = makeEvents();
});

const orgs = () => [orgA.org.id, orgB.org.id];

describe("analytics rollups", () => {
  it("equal the raw tables after each phase, before and after each run, including the tail", async () => {
    // Nothing rolled up yet: everything is read raw.
    await insert(events.filter((e) => e.at < CUT1));
    await checkAll();

    const first = await rollUpAnalytics({ until: CUT1, orgIds: orgs() });
    expect(first).toMatchObject({ ran: true, orgs: 2, rebuilt: 0 });
    await expectRollupsEqualRaw(orgA.org.id, CUT1);
    await checkAll();

    // The tail: rows after the watermark, among them reversals of redemptions already rolled up.
    await insert(events.filter((e) => e.at >= CUT1 && e.at < CUT2));
    expect(inserted.some((e) => e.kind === "reverse" && e.at >= CUT1 && e.target.at < CUT1)).toBe(true);
    await checkAll();

    await rollUpAnalytics({ until: CUT2, orgIds: orgs() });
    await expectRollupsEqualRaw(orgA.org.id, CUT2);
    await checkAll();

    await insert(events.filter((e) => e.at >= CUT2));
    await checkAll();
    await rollUpAnalytics({ until: NOW, orgIds: orgs() });
    await expectRollupsEqualRaw(orgA.org.id, NOW);
    await checkAll();

    // A run that would move the watermark back does nothing.
    await rollUpAnalytics({ until: CUT2, orgIds: orgs() });
    await expectRollupsEqualRaw(orgA.org.id, NOW);
    const [state] = await rows<{ rolled_until: Date | string }>(db, sql`select rolled_until from analytics_rollup_orgs where org_id = ${orgA.org.id}::uuid`);
    expect(new Date(state.rolled_until).toISOString()).toBe(NOW.toISOString());
  });

  it("puts a local midnight's events on the right day, hour and weekday, and delay edges in the right bucket", async () => {
    const range = { from: "2026-11-10", to: "2026-11-11", preset: null };
    const d = await getDashboard(orgA.org.id, { timeZone: TZ, range, campaignId: c1 });
    const t = truth(TZ, range, c1);
    expectMatchesTruth(d, t);
    // 2026-11-10 23:59:59 is a Tuesday (index 1) at 23:00; 2026-11-11 00:00 a Wednesday (index 2) at 00:00.
    expect(d.weekdayHours[1][23]).toBeGreaterThanOrEqual(1);
    expect(d.weekdayHours[2][0]).toBeGreaterThanOrEqual(1);
    expect(t.weekdayHours[1][23]).toBe(d.weekdayHours[1][23]);
    // 59:59 after the claim is under an hour; 1:00:00 is the next bucket.
    expect(delayBucket(3599)).toBeLessThan(delayBucket(3600));
    expect(d.delay.buckets.find((b) => b.key === "lt1h")!.count).toBeGreaterThanOrEqual(1);
    expect(d.delay.buckets.find((b) => b.key === "h1to6")!.count).toBeGreaterThanOrEqual(1);
  });

  it("keeps organisations apart", async () => {
    const range = RANGES[0];
    const b = await getDashboard(orgB.org.id, { timeZone: TZ, range });
    expect(b.totals).toEqual({ views: 10, claims: 10, redemptions: 10, discount: 99_000, storedValue: 0, gmv: 999_000 });
    expect(b.leaderboard).toEqual([]);
    // A campaign id of another organisation shows nothing.
    const cross = await getDashboard(orgB.org.id, { timeZone: TZ, range, campaignId: c1 });
    expect(cross.totals).toEqual({ views: 0, claims: 0, redemptions: 0, discount: 0, storedValue: 0, gmv: 0 });
    expect(cross.groups).toEqual([]);
    expect(await getComparison(orgB.org.id, { timeZone: TZ, range, kind: "campaign", ids: [c1, c2] })).toEqual([]);
  });

  it("rebuilds an organisation in its new time zone, reading raw until then", async () => {
    const NY = "America/New_York";
    await db.execute(sql`update organizations set time_zone = ${NY} where id = ${orgA.org.id}::uuid`);
    // The rollups were bucketed in Shanghai time: ignored for New York until rebuilt.
    const before = await getDashboard(orgA.org.id, { timeZone: NY, range: RANGES[0] });
    expect(before.watermark).toBeNull();
    await checkAll(NY);

    const run = await rollUpAnalytics({ until: NOW, orgIds: orgs() });
    expect(run.rebuilt).toBe(1);
    const [state] = await rows<{ time_zone: string }>(db, sql`select time_zone from analytics_rollup_orgs where org_id = ${orgA.org.id}::uuid`);
    expect(state.time_zone).toBe(NY);
    expect((await getDashboard(orgA.org.id, { timeZone: NY, range: RANGES[0] })).watermark?.toISOString()).toBe(NOW.toISOString());
    await expectRollupsEqualRaw(orgA.org.id, NOW);
    await checkAll(NY);

    // A reset drops the rollups; the next run rebuilds them whole.
    await resetAnalyticsRollups(orgA.org.id);
    expect((await getDashboard(orgA.org.id, { timeZone: NY, range: RANGES[0] })).watermark).toBeNull();
    await rollUpAnalytics({ until: NOW, orgIds: [orgA.org.id] });
    await expectRollupsEqualRaw(orgA.org.id, NOW);
    await checkAll(NY);
  });

  it("rolls up to now minus the lag by default", async () => {
    const started = Date.now();
    const run = await rollUpAnalytics({ orgIds: [orgB.org.id], lagSeconds: 120 });
    expect(run.ran).toBe(true);
    expect(run.until!.getTime()).toBeLessThanOrEqual(Date.now() - 119_000);
    expect(run.until!.getTime()).toBeGreaterThan(started - 2 * 3_600_000);
  });

  if (databaseKind() === "postgres") {
    it("runs on one instance at a time: a second run while the lock is held does nothing", async () => {
      let release!: () => void;
      let locked!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const taken = new Promise<void>((r) => (locked = r));
      const holder = db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('coupon:analytics-rollup', 0))`);
        locked();
        await held;
      });
      await taken;
      expect((await rollUpAnalytics({ orgIds: [orgB.org.id] })).ran).toBe(false);
      release();
      await holder;
      expect((await rollUpAnalytics({ orgIds: [orgB.org.id] })).ran).toBe(true);
    });
  }
});

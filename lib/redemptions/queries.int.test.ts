import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, rows } from "@/db";
import { apiKeys, codes, organizations } from "@/db/schema";
import { seedCampaign, seedGroup, seedStore, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { dateInZone, startOfDayInZone } from "@/lib/time";
import { codeOfClaim, listRedeemStores, listTodayRedemptions } from "./queries";
import { redeemCode } from "./redeem";
import { reverseRedemption } from "./reverse";

const MIN = 60_000;
const HOUR = 60 * MIN;
const TZ = "Asia/Shanghai";

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
let store: { id: string };
let otherStore: { id: string };
let foreignStore: { id: string };
let owner: Actor;
let clerk: Actor;
let pos: Actor;
// The start of today on the organisation's calendar (00:00 in Shanghai = 16:00 UTC the day before).
let start: Date;
let now: Date;
const ids: Record<string, string> = {};
let codeList: (typeof codes.$inferSelect)[];

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return (e as AppError).code;
}

beforeAll(async () => {
  f = await seedTestOrg(db, `today-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `today-o-${randomUUID().slice(0, 8)}`);
  await db.update(organizations).set({ timeZone: TZ }).where(eq(organizations.id, f.org.id));
  store = await seedStore(db, { orgId: f.org.id, name: "南京路店", clerkIds: [f.users.clerk.id] });
  otherStore = await seedStore(db, { orgId: f.org.id, name: "徐家汇店" });
  const closed = await seedStore(db, { orgId: f.org.id, name: "已关闭门店" });
  await db.execute(sql`update stores set archived_at = now() where id = ${closed.id}::uuid`);
  foreignStore = await seedStore(db, { orgId: other.org.id, name: "Other org store" });
  owner = { orgId: f.org.id, role: "owner", userId: f.users.owner.id, apiKeyId: null };
  clerk = { orgId: f.org.id, role: "clerk", userId: f.users.clerk.id, apiKeyId: null };
  const [key] = await db
    .insert(apiKeys)
    .values({ orgId: f.org.id, name: "南京路收银机", role: "clerk", prefix: "cc_live_test", keyHash: randomUUID(), createdBy: f.users.owner.id, storeIds: [store.id] })
    .returning();
  pos = { orgId: f.org.id, role: "clerk", userId: f.users.owner.id, apiKeyId: key.id };

  start = startOfDayInZone(dateInZone(new Date(), TZ), TZ);
  now = new Date(start.getTime() + 23 * HOUR + 55 * MIN);
  const c = await seedCampaign(db, { orgId: f.org.id, validFrom: new Date(start.getTime() - 3 * 24 * HOUR), validUntil: new Date(start.getTime() + 30 * 24 * HOUR) });
  const g = await seedGroup(db, { orgId: f.org.id, campaignId: c.id, name: "g", slug: `t-${randomUUID().slice(0, 10)}`, mode: "unique", quantity: 8, prefix: "TQ" });
  codeList = await db.select().from(codes).where(eq(codes.groupId, g.id)).orderBy(asc(codes.seq));
  const redeem = async (name: string, i: number, at: Date, actor = clerk, storeId = store.id) => {
    ids[name] = (await redeemCode(actor, { code: codeList[i].code, storeId, orderAmount: 15_000 }, randomUUID(), at)).id;
  };
  await redeem("yesterdayLate", 0, new Date(start.getTime() - 10 * MIN));
  await redeem("early", 1, new Date(start.getTime() + 10 * MIN));
  await redeem("morning", 2, new Date(start.getTime() + 9 * HOUR));
  await redeem("byTill", 3, new Date(start.getTime() + 20 * HOUR), pos);
  await redeem("justNow", 4, new Date(start.getTime() + 23 * HOUR + 50 * MIN));
  await redeem("otherStore", 5, new Date(start.getTime() + 12 * HOUR), owner, otherStore.id);
  await redeem("tomorrow", 6, new Date(start.getTime() + 24 * HOUR + 10 * MIN));
});

describe("listTodayRedemptions", () => {
  it("lists the store's redemptions of the organisation's local day, newest first", async () => {
    const { items, timeZone, windowMinutes } = await listTodayRedemptions(clerk, store.id, now);
    expect(timeZone).toBe(TZ);
    expect(windowMinutes).toBe(30);
    // 23:50 yesterday and 00:10 tomorrow (local) are out, though the first shares today's UTC date with "early".
    expect(items.map((r) => r.id)).toEqual([ids.justNow, ids.byTill, ids.morning, ids.early]);
    expect(items[0]).toMatchObject({
      code: expect.stringMatching(/^TQ-[0-9A-Z]{4}-/),
      orderAmount: 15_000,
      discount: 2000,
      payable: 13_000,
      balanceAfter: null,
      by: { kind: "user", name: f.users.clerk.name },
      reversal: null,
      offer: { type: "amount_off", value: 2000, minSpend: 10_000 },
    });
    expect(items[0].redeemedAt).toEqual(new Date(start.getTime() + 23 * HOUR + 50 * MIN));
    expect(items.find((r) => r.id === ids.byTill)!.by).toEqual({ kind: "api_key", name: "南京路收银机" });
  });

  it("says who may reverse what now: clerks within the window at their store, owners always", async () => {
    const asClerk = await listTodayRedemptions(clerk, store.id, now);
    expect(asClerk.items.map((r) => r.mayReverse)).toEqual([true, false, false, false]);
    expect(asClerk.items[0].reversibleUntil).toEqual(new Date(start.getTime() + 23 * HOUR + 50 * MIN + 30 * MIN));

    const asOwner = await listTodayRedemptions(owner, store.id, now);
    expect(asOwner.items.map((r) => r.mayReverse)).toEqual([true, true, true, true]);
    expect(asOwner.items.every((r) => r.reversibleUntil === null)).toBe(true);

    // A clerk key sees the same store (it is one of its stores) with the clerk's window.
    expect((await listTodayRedemptions(pos, store.id, now)).items.map((r) => r.mayReverse)).toEqual([true, false, false, false]);
  });

  it("follows the owner's reversal window", async () => {
    const setWindow = (minutes: number) =>
      db.execute(sql`update organizations set settings = settings || jsonb_build_object('reversalWindowMinutes', ${minutes}::int) where id = ${f.org.id}::uuid`);
    try {
      await setWindow(0);
      const none = await listTodayRedemptions(clerk, store.id, now);
      expect(none.windowMinutes).toBe(0);
      expect(none.items.every((r) => !r.mayReverse)).toBe(true);
      await setWindow(1440);
      expect((await listTodayRedemptions(clerk, store.id, now)).items.map((r) => r.mayReverse)).toEqual([true, true, true, true]);
    } finally {
      await setWindow(30);
    }
  });

  it("marks a reversed redemption with its reason and who reversed it; nobody may reverse it again", async () => {
    await reverseRedemption(owner, ids.morning, "扫错了券码", new Date(now.getTime() - MIN));
    for (const actor of [owner, clerk]) {
      const row = (await listTodayRedemptions(actor, store.id, now)).items.find((r) => r.id === ids.morning)!;
      expect(row.reversal).toEqual({ at: new Date(now.getTime() - MIN), reason: "扫错了券码", by: f.users.owner.name });
      expect(row.mayReverse).toBe(false);
      expect(row.reversibleUntil).toBeNull();
    }
  });

  it("is refused for a store the clerk is not assigned to, and for another organisation's store", async () => {
    expect(await refusal(listTodayRedemptions(clerk, otherStore.id, now))).toBe("forbidden");
    expect(await refusal(listTodayRedemptions(pos, otherStore.id, now))).toBe("forbidden");
    expect(await refusal(listTodayRedemptions(owner, foreignStore.id, now))).toBe("not_found");
    expect(await refusal(listTodayRedemptions(owner, "not-a-uuid", now))).toBe("not_found");
    const marketer: Actor = { orgId: f.org.id, role: "marketer", userId: f.users.marketer.id, apiKeyId: null };
    expect(await refusal(listTodayRedemptions(marketer, store.id, now))).toBe("forbidden");
    // The owner sees the other store's day, and only it.
    expect((await listTodayRedemptions(owner, otherStore.id, now)).items.map((r) => r.id)).toEqual([ids.otherStore]);
  });
});

describe("listRedeemStores", () => {
  it("gives a clerk their stores, a clerk key its stores, an owner every open store", async () => {
    expect((await listRedeemStores(clerk)).map((s) => s.name)).toEqual(["南京路店"]);
    expect((await listRedeemStores(pos)).map((s) => s.name)).toEqual(["南京路店"]);
    expect((await listRedeemStores(owner)).map((s) => s.id).sort()).toEqual([store.id, otherStore.id].sort());
    const loneClerk: Actor = { orgId: other.org.id, role: "clerk", userId: other.users.clerk.id, apiKeyId: null };
    expect(await listRedeemStores(loneClerk)).toEqual([]);
  });
});

describe("codeOfClaim", () => {
  it("finds the code a claim holds, within the organisation only", async () => {
    const [{ id: consumerId }] = await rows<{ id: string }>(
      db,
      sql`insert into consumers (org_id, phone) values (${f.org.id}::uuid, '+8613900000077') returning id`,
    );
    const c = codeList[7];
    const [{ id: claimId }] = await rows<{ id: string }>(
      db,
      sql`insert into claims (org_id, campaign_id, group_id, code_id, consumer_id)
          select ${f.org.id}::uuid, g.campaign_id, g.id, ${c.id}::bigint, ${consumerId}::uuid from code_groups g where g.id = ${c.groupId}::uuid
          returning id`,
    );
    expect(await codeOfClaim(f.org.id, claimId)).toBe(c.code);
    expect(await codeOfClaim(other.org.id, claimId)).toBeNull();
    expect(await codeOfClaim(f.org.id, randomUUID())).toBeNull();
  });
});

import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getStats } from "@/app/api/v1/campaigns/[id]/stats/route";
import { db } from "@/db";
import { consumers } from "@/db/schema";
import { seedCampaign, seedInfluencer, seedStore, seedTestOrg } from "@/db/seed/builders";
import { createApiKey } from "@/lib/api/keys";
import type { Actor } from "@/lib/auth/actor";
import { insertClaim, insertRedemption, insertReversal, insertView, sharedTestGroup } from "@/test/analytics";
import { rollUpAnalytics } from "./rollup";

// GET /api/v1/campaigns/{id}/stats through the real route: role check, other organisation → 404,
// window in local days, reversed redemptions left out, every group listed.

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
let campaignId: string;
let otherCampaignId: string;
let live: Awaited<ReturnType<typeof sharedTestGroup>>;
let poster: Awaited<ReturnType<typeof sharedTestGroup>>;
let idle: Awaited<ReturnType<typeof sharedTestGroup>>;
let influencerId: string;
const keys = {} as Record<"marketer" | "reviewer" | "clerk" | "otherMarketer", string>;

const owner = (x: typeof f): Actor => ({ orgId: x.org.id, role: "owner", userId: x.users.owner.id, apiKeyId: null });

async function call(id: string, key: string, query = "") {
  const res = await getStats(new Request(`http://localhost/api/v1/campaigns/${id}/stats${query}`, { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({ id }),
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  f = await seedTestOrg(db, `st-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `st-${randomUUID().slice(0, 8)}`);
  const orgId = f.org.id;
  influencerId = (await seedInfluencer(db, { orgId, displayName: "小鹿", platform: "douyin" })).id;
  campaignId = (await seedCampaign(db, { orgId, name: "双十一" })).id;
  otherCampaignId = (await seedCampaign(db, { orgId: other.org.id })).id;
  live = await sharedTestGroup(db, { orgId, campaignId, influencerId, name: "live" });
  poster = await sharedTestGroup(db, { orgId, campaignId, influencerId: null, name: "poster" });
  idle = await sharedTestGroup(db, { orgId, campaignId, influencerId: null, name: "idle" });
  const store = await seedStore(db, { orgId, name: "南京路店" });
  const [consumer] = await db.insert(consumers).values({ orgId, phone: "+8613900000002" }).returning({ id: consumers.id });

  // Shanghai: 2026-11-10T16:00Z is 11-11 00:00 local.
  for (const at of ["2026-11-10T15:00:00Z", "2026-11-10T16:00:00Z", "2026-11-11T02:00:00Z"]) await insertView(db, live, new Date(at));
  await insertView(db, poster, new Date("2026-11-11T03:00:00Z"));
  await insertClaim(db, live, consumer.id, new Date("2026-11-10T16:05:00Z"));
  await insertClaim(db, poster, consumer.id, new Date("2026-11-11T03:05:00Z"));
  const kept = { storeId: store.id, consumerId: consumer.id, claimedAt: new Date("2026-11-10T16:05:00Z"), orderAmount: 12_000, discount: 2_000 };
  await insertRedemption(db, live, { ...kept, at: new Date("2026-11-11T04:00:00Z") });
  const reversed = await insertRedemption(db, live, { ...kept, at: new Date("2026-11-11T05:00:00Z"), orderAmount: 50_000 });
  await insertReversal(db, { orgId, redemptionId: reversed, at: new Date("2026-11-11T05:10:00Z") });
  // Half of it rolled up, half in the raw tail: the answer is the same either way.
  await rollUpAnalytics({ until: new Date("2026-11-11T02:30:00Z"), orgIds: [orgId] });

  for (const role of ["marketer", "reviewer", "clerk"] as const) {
    keys[role] = (await createApiKey(owner(f), { name: role, role, storeIds: role === "clerk" ? [store.id] : undefined })).secret;
  }
  keys.otherMarketer = (await createApiKey(owner(other), { name: "m", role: "marketer" })).secret;
});

describe("GET /api/v1/campaigns/{id}/stats", () => {
  it("answers the campaign's totals and every group's, reversed redemptions left out", async () => {
    const { status, body } = await call(campaignId, keys.marketer);
    expect(status).toBe(200);
    expect(body).toMatchObject({ views: 4, claims: 2, redemptions: 1, discountTotal: 2_000, storedValueTotal: 0, orderTotal: 12_000, from: null, to: null, timeZone: "Asia/Shanghai" });
    expect(body.byGroup).toEqual([
      { groupId: live.id, influencerId, views: 3, claims: 1, redemptions: 1, discountTotal: 2_000, storedValueTotal: 0, orderTotal: 12_000 },
      { groupId: poster.id, influencerId: null, views: 1, claims: 1, redemptions: 0, discountTotal: 0, storedValueTotal: 0, orderTotal: 0 },
      { groupId: idle.id, influencerId: null, views: 0, claims: 0, redemptions: 0, discountTotal: 0, storedValueTotal: 0, orderTotal: 0 },
    ]);
  });

  it("counts only the local days between from and to", async () => {
    const day10 = await call(campaignId, keys.marketer, "?from=2026-11-10&to=2026-11-10");
    expect(day10.body).toMatchObject({ views: 1, claims: 0, redemptions: 0, from: "2026-11-10", to: "2026-11-10" });
    const day11 = await call(campaignId, keys.marketer, "?from=2026-11-11");
    expect(day11.body).toMatchObject({ views: 3, claims: 2, redemptions: 1, orderTotal: 12_000, from: "2026-11-11", to: null });
    const bad = await call(campaignId, keys.marketer, "?from=2026-11-12&to=2026-11-10");
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("invalid_input");
    expect((await call(campaignId, keys.marketer, "?from=11%2F10%2F2026")).status).toBe(400);
  });

  it("needs analytics:read", async () => {
    for (const key of [keys.reviewer, keys.clerk]) {
      const { status, body } = await call(campaignId, key);
      expect(status).toBe(403);
      expect(body.code).toBe("forbidden");
    }
    expect((await call(campaignId, "cc_live_not-a-key")).status).toBe(401);
  });

  it("answers 404 for another organisation's campaign, an unknown one, and a malformed id", async () => {
    expect((await call(campaignId, keys.otherMarketer)).status).toBe(404);
    expect((await call(otherCampaignId, keys.marketer)).body.code).toBe("not_found");
    expect((await call(randomUUID(), keys.marketer)).status).toBe(404);
    expect((await call("not-a-uuid", keys.marketer)).status).toBe(404);
  });
});

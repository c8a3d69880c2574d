import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { claims, codes, consumers, landingEvents, redemptions } from "@/db/schema";
import { seedCampaign, seedGroup, seedInfluencer, seedMember, seedStore, seedTestOrg, seedUser } from "@/db/seed/builders";
import { findPortalGroup, getInfluencerStats, type InfluencerStats } from "./influencer";

// The QR route reads the session through Auth.js and the active organisation from a cookie; both are
// stubbed so the real route, permission check and query run against the test database.
const session = vi.hoisted(() => ({ userId: null as string | null, orgId: null as string | null }));
vi.mock("@/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "localhost:3000" }),
  cookies: async () => ({ get: (name: string) => (name === "coupon_org" && session.orgId ? { name, value: session.orgId } : undefined) }),
}));

const { GET: portalQr } = await import("@/app/(console)/links/[id]/qr/route");

const TZ = "Asia/Shanghai";
// 2026-11-20 12:00 in Shanghai: the 30-day window is 2026-10-22 … 2026-11-20, local days.
const NOW = new Date("2026-11-20T04:00:00Z");

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
let userB: { id: string };
const group = {} as Record<"a1" | "a2" | "b" | "channel" | "otherOrg", { id: string; slug: string }>;

/** One shared-code group (a single code row that every claim and redemption points at). */
async function sharedGroup(orgId: string, campaignId: string, name: string, influencerId: string | null) {
  const slug = `ins-${randomUUID().slice(0, 12)}`;
  const code = `C${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`;
  const g = await seedGroup(db, {
    orgId,
    campaignId,
    name,
    slug,
    influencerId,
    channel: influencerId ? null : "poster",
    mode: "shared",
    quantity: 1000,
    sharedCode: code,
  });
  const [row] = await db.select({ id: codes.id }).from(codes).where(eq(codes.groupId, g.id));
  return { id: g.id, slug, campaignId, codeId: row.id, orgId };
}

type Seeded = Awaited<ReturnType<typeof sharedGroup>>;

/** Views, claims and redemptions of `g` at the given UTC instants. */
async function activity(
  g: Seeded,
  v: { views?: string[]; claims?: string[]; redemptions?: string[]; reversed?: string[] },
  ids: { consumerId: string; storeId: string },
) {
  for (const at of v.views ?? []) {
    await db.insert(landingEvents).values({ orgId: g.orgId, groupId: g.id, visitorHash: randomUUID(), createdAt: new Date(at) });
  }
  for (const at of v.claims ?? []) {
    await db.insert(claims).values({ orgId: g.orgId, campaignId: g.campaignId, groupId: g.id, codeId: g.codeId, consumerId: ids.consumerId, createdAt: new Date(at) });
  }
  const redeem = (at: string, reversedAt: Date | null) =>
    db.insert(redemptions).values({
      orgId: g.orgId,
      codeId: g.codeId,
      campaignId: g.campaignId,
      groupId: g.id,
      storeId: ids.storeId,
      orderAmount: 12000,
      discount: 2000,
      createdAt: new Date(at),
      reversedAt,
    });
  for (const at of v.redemptions ?? []) await redeem(at, null);
  for (const at of v.reversed ?? []) await redeem(at, new Date(new Date(at).getTime() + 60_000));
}

const day = (s: InfluencerStats, d: string) => s.days.find((x) => x.day === d);

beforeAll(async () => {
  f = await seedTestOrg(db, `ins-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `ins-${randomUUID().slice(0, 8)}`);
  const orgId = f.org.id;
  userB = await seedUser(db, { email: `influencer-b-${randomUUID().slice(0, 8)}@example.test`, name: "B", passwordHash: "none" });
  await seedMember(db, { orgId, userId: userB.id, role: "influencer" });

  const profileA = await seedInfluencer(db, { orgId, displayName: "A", platform: "douyin", userId: f.users.influencer.id });
  const profileB = await seedInfluencer(db, { orgId, displayName: "B", platform: "xiaohongshu", userId: userB.id });
  // The same person is also an influencer of another organisation, with numbers there too.
  await seedMember(db, { orgId: other.org.id, userId: f.users.influencer.id, role: "influencer" });
  const profileAElsewhere = await seedInfluencer(db, { orgId: other.org.id, displayName: "A elsewhere", platform: "douyin", userId: f.users.influencer.id });

  const campaign = await seedCampaign(db, { orgId, name: "Double 11" });
  const otherCampaign = await seedCampaign(db, { orgId: other.org.id });
  const a1 = await sharedGroup(orgId, campaign.id, "A live", profileA.id);
  const a2 = await sharedGroup(orgId, campaign.id, "A post", profileA.id);
  const b = await sharedGroup(orgId, campaign.id, "B live", profileB.id);
  const channel = await sharedGroup(orgId, campaign.id, "Poster", null);
  const otherOrg = await sharedGroup(other.org.id, otherCampaign.id, "A elsewhere", profileAElsewhere.id);
  Object.assign(group, { a1, a2, b, channel, otherOrg });

  const store = await seedStore(db, { orgId, name: "Store" });
  const otherStore = await seedStore(db, { orgId: other.org.id, name: "Store" });
  const [consumer] = await db.insert(consumers).values({ orgId, phone: "+8613800000001" }).returning();
  const [otherConsumer] = await db.insert(consumers).values({ orgId: other.org.id, phone: "+8613800000001" }).returning();
  const ids = { consumerId: consumer.id, storeId: store.id };

  await activity(
    a1,
    {
      views: [
        "2026-10-21T15:59:59Z", // 10-21 23:59:59 local: the day before the window
        "2026-10-21T16:00:00Z", // 10-22 00:00 local: the window's first day
        "2026-11-10T15:30:00Z", // 23:30 local on 11-10, though 11-10 in UTC too
        "2026-11-10T16:30:00Z", // 00:30 local on 11-11, while still 11-10 in UTC
        "2026-11-12T04:00:00Z",
        "2026-11-12T05:00:00Z",
        "2026-11-12T06:00:00Z",
      ],
      claims: ["2026-11-10T15:30:00Z", "2026-11-12T04:10:00Z", "2026-11-12T05:10:00Z"],
      redemptions: ["2026-11-12T08:00:00Z"],
      reversed: ["2026-11-12T09:00:00Z"],
    },
    ids,
  );
  await activity(a2, { views: ["2026-11-12T02:00:00Z", "2026-11-20T15:00:00Z"], claims: ["2026-11-12T02:05:00Z"], redemptions: ["2026-11-20T15:30:00Z"] }, ids);
  // B and the channel poster have activity on the same days; none of it is A's.
  await activity(b, { views: Array(5).fill("2026-11-12T04:00:00Z"), claims: Array(4).fill("2026-11-12T04:00:00Z"), redemptions: ["2026-11-12T04:30:00Z"] }, ids);
  await activity(channel, { views: Array(7).fill("2026-11-12T04:00:00Z"), claims: ["2026-11-12T04:00:00Z"] }, ids);
  await activity(otherOrg, { views: Array(9).fill("2026-11-12T04:00:00Z"), claims: ["2026-11-12T04:00:00Z"] }, { consumerId: otherConsumer.id, storeId: otherStore.id });
});

describe("getInfluencerStats", () => {
  it("counts each local day of the last 30, zero-filled, in the organisation's time zone", async () => {
    const s = await getInfluencerStats(f.org.id, f.users.influencer.id, { timeZone: TZ, now: NOW });
    expect(s.from).toBe("2026-10-22");
    expect(s.to).toBe("2026-11-20");
    expect(s.days).toHaveLength(30);
    expect(s.days.map((d) => d.day)).toEqual([...new Set(s.days.map((d) => d.day))]);

    expect(day(s, "2026-10-22")).toEqual({ day: "2026-10-22", views: 1, claims: 0, redemptions: 0 });
    // 23:30 in Shanghai counts on that local day, 00:30 the next one.
    expect(day(s, "2026-11-10")).toEqual({ day: "2026-11-10", views: 1, claims: 1, redemptions: 0 });
    expect(day(s, "2026-11-11")).toEqual({ day: "2026-11-11", views: 1, claims: 0, redemptions: 0 });
    // Both of A's groups; the reversed redemption is left out.
    expect(day(s, "2026-11-12")).toEqual({ day: "2026-11-12", views: 4, claims: 3, redemptions: 1 });
    // Later today, local time, still counts on today.
    expect(day(s, "2026-11-20")).toEqual({ day: "2026-11-20", views: 1, claims: 0, redemptions: 1 });
    expect(day(s, "2026-11-01")).toEqual({ day: "2026-11-01", views: 0, claims: 0, redemptions: 0 });
    expect(s.totals).toEqual({ views: 8, claims: 4, redemptions: 2 });
  });

  it("totals each of the user's groups over the window, and nothing of anyone else's", async () => {
    const s = await getInfluencerStats(f.org.id, f.users.influencer.id, { timeZone: TZ, now: NOW });
    expect(s.groups).toEqual([
      { groupId: group.a1.id, name: "A live", slug: group.a1.slug, campaignName: "Double 11", views: 6, claims: 3, redemptions: 1 },
      { groupId: group.a2.id, name: "A post", slug: group.a2.slug, campaignName: "Double 11", views: 2, claims: 1, redemptions: 1 },
    ]);
  });

  it("gives influencer B only B's numbers", async () => {
    const s = await getInfluencerStats(f.org.id, userB.id, { timeZone: TZ, now: NOW });
    expect(s.groups.map((g) => g.groupId)).toEqual([group.b.id]);
    expect(s.totals).toEqual({ views: 5, claims: 4, redemptions: 1 });
    expect(day(s, "2026-11-12")).toEqual({ day: "2026-11-12", views: 5, claims: 4, redemptions: 1 });
  });

  it("never returns B's group to A, even when A asks for it by id", async () => {
    const s = await getInfluencerStats(f.org.id, f.users.influencer.id, { timeZone: TZ, now: NOW, groupId: group.b.id });
    expect(s.totals).toEqual({ views: 0, claims: 0, redemptions: 0 });
    expect(s.groups.map((g) => g.groupId)).not.toContain(group.b.id);
    const one = await getInfluencerStats(f.org.id, f.users.influencer.id, { timeZone: TZ, now: NOW, groupId: group.a2.id });
    expect(one.totals).toEqual({ views: 2, claims: 1, redemptions: 1 });
  });

  it("keeps organisations apart: the same user's profile elsewhere counts only there", async () => {
    const elsewhere = await getInfluencerStats(other.org.id, f.users.influencer.id, { timeZone: TZ, now: NOW });
    expect(elsewhere.groups.map((g) => g.groupId)).toEqual([group.otherOrg.id]);
    expect(elsewhere.totals).toEqual({ views: 9, claims: 1, redemptions: 0 });
    // A member of the organisation without an influencer profile sees nothing at all.
    const marketer = await getInfluencerStats(f.org.id, f.users.marketer.id, { timeZone: TZ, now: NOW });
    expect(marketer.groups).toEqual([]);
    expect(marketer.totals).toEqual({ views: 0, claims: 0, redemptions: 0 });
  });

  it("moves the day boundary with the time zone", async () => {
    const utc = await getInfluencerStats(f.org.id, f.users.influencer.id, { timeZone: "UTC", now: NOW });
    // In UTC both the 15:30 and the 16:30 view fall on 11-10, and 10-21 16:00 is outside the window.
    expect(day(utc, "2026-11-10")).toEqual({ day: "2026-11-10", views: 2, claims: 1, redemptions: 0 });
    expect(day(utc, "2026-11-11")).toEqual({ day: "2026-11-11", views: 0, claims: 0, redemptions: 0 });
    expect(utc.from).toBe("2026-10-22");
    expect(day(utc, "2026-10-22")?.views).toBe(0);
  });
});

describe("findPortalGroup", () => {
  it("finds the user's own group, and neither B's nor an unbound one", async () => {
    expect(await findPortalGroup(f.org.id, f.users.influencer.id, group.a1.id)).toMatchObject({ id: group.a1.id, slug: group.a1.slug });
    expect(await findPortalGroup(f.org.id, f.users.influencer.id, group.b.id)).toBeNull();
    expect(await findPortalGroup(f.org.id, f.users.influencer.id, group.channel.id)).toBeNull();
    expect(await findPortalGroup(f.org.id, f.users.influencer.id, group.otherOrg.id)).toBeNull();
    expect(await findPortalGroup(f.org.id, f.users.influencer.id, "not-a-uuid")).toBeNull();
  });

  it("with anyGroup, finds any group of the organisation but not another organisation's", async () => {
    expect(await findPortalGroup(f.org.id, f.users.owner.id, group.channel.id, { anyGroup: true })).toMatchObject({ id: group.channel.id });
    expect(await findPortalGroup(f.org.id, f.users.owner.id, group.otherOrg.id, { anyGroup: true })).toBeNull();
  });
});

describe("GET /links/<id>/qr", () => {
  const call = (id: string, query = "format=png&size=screen&download=1") =>
    portalQr(new Request(`http://localhost:3000/links/${id}/qr?${query}`), { params: Promise.resolve({ id }) });
  const signIn = (userId: string | null, orgId: string | null = f.org.id) => {
    session.userId = userId;
    session.orgId = orgId;
  };
  beforeEach(() => signIn(null));

  it("gives an influencer their own group's QR as a PNG download", async () => {
    signIn(f.users.influencer.id);
    const res = await call(group.a1.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toContain(`qr-${group.a1.slug}-screen.png`);
    expect([...new Uint8Array(await res.arrayBuffer()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const svg = await call(group.a1.id, "format=svg&size=print");
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    expect(await svg.text()).toContain("<svg");
  });

  it("answers 404 to an influencer asking for another influencer's group, an unbound group or a bad id", async () => {
    signIn(f.users.influencer.id);
    for (const id of [group.b.id, group.channel.id, group.otherOrg.id, "nope"]) {
      const res = await call(id);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    signIn(userB.id);
    expect((await call(group.a1.id)).status).toBe(404);
    expect((await call(group.b.id)).status).toBe(200);
  });

  it("lets the owner download any group of the organisation", async () => {
    signIn(f.users.owner.id);
    expect((await call(group.channel.id)).status).toBe(200);
    expect((await call(group.b.id)).status).toBe(200);
    expect((await call(group.otherOrg.id)).status).toBe(404);
  });

  it("refuses roles without portal access (403) and signed-out visitors (401)", async () => {
    signIn(f.users.marketer.id);
    expect((await call(group.a1.id)).status).toBe(403);
    signIn(f.users.clerk.id);
    expect((await call(group.a1.id)).status).toBe(403);
    signIn(null);
    expect((await call(group.a1.id)).status).toBe(401);
  });
});

import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, rows } from "@/db";
import {
  abuseEvents,
  analyticsRollupOrgs,
  groupJobs,
  landingEvents,
  notifications,
  outbox,
  phoneVerifications,
  rateLimits,
  smsQueue,
  webhookDeliveries,
  webhookEndpoints,
} from "@/db/schema";
import { seedCampaign, seedTestOrg } from "@/db/seed/builders";
import { seedConsumer, sharedGroup } from "@/test/fixtures/activity";
import { pruneOnce, type RetentionSettings } from "./retention";

// Retention on one organisation of the shared test database: what is past its setting goes, in
// batches; everything else stays, row for row.

const DAY = 86_400_000;
const NOW = new Date();
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const SETTINGS: RetentionSettings = { webhookDeliveriesDays: 30, notificationsDays: 90, landingEventsDays: 7, abuseCountersDays: 30, jobsDays: 30, outboxGraceSeconds: 3600 };

let orgId: string;
const kept: Record<string, (string | number)[]> = {};

async function ids(table: string): Promise<(string | number)[]> {
  const key = table === "abuse_events" ? sql`source` : table === "rate_limits" ? sql`key` : sql`id`;
  const where = table === "rate_limits" ? sql`key like ${`rl:test-${orgId}%`}` : sql`org_id = ${orgId}::uuid`;
  const found = await rows<{ id: string | number }>(db, sql`select ${key} as id from ${sql.identifier(table)} where ${where} order by 1`);
  return found.map((r) => (typeof r.id === "bigint" || (typeof r.id === "string" && /^\d+$/.test(r.id)) ? Number(r.id) : r.id));
}

beforeAll(async () => {
  const f = await seedTestOrg(db, `ret-${randomUUID().slice(0, 8)}`);
  orgId = f.org.id;
  const group = await sharedGroup(db, { orgId, campaignId: (await seedCampaign(db, { orgId })).id });
  const [endpoint, second] = await db
    .insert(webhookEndpoints)
    .values([1, 2].map((n) => ({ orgId, url: `https://example.com/hook${n}`, secret: "s", eventTypes: ["code.claimed"] })))
    .returning();

  // Outbox: old events with no delivery (go), an old one whose delivery is still retried (stays), one
  // whose only delivery is old and delivered (both go), a recent one (stays), one not fanned out (stays).
  const event = async (fannedOutAt: Date | null) =>
    (await db.insert(outbox).values({ orgId, type: "code.claimed", subject: `code:${randomUUID()}`, data: {}, fannedOutAt, createdAt: fannedOutAt ?? NOW }).returning())[0].id;
  const bare = [await event(ago(2)), await event(ago(2)), await event(ago(2))];
  const retried = await event(ago(2));
  const delivered = await event(ago(40));
  const recent = await event(new Date(NOW.getTime() - 60_000));
  const queued = await event(null);
  const delivery = async (outboxId: number, v: Partial<typeof webhookDeliveries.$inferInsert>) =>
    (await db.insert(webhookDeliveries).values({ orgId, outboxId, endpointId: endpoint.id, subject: "s", retryUntil: NOW, ...v }).returning())[0].id;
  // The retried event's second endpoint gave up long ago: that delivery goes, the event stays for the first.
  const oldDelivered = await delivery(delivered, { status: "delivered", deliveredAt: ago(40) });
  const stillRetried = await delivery(retried, { status: "failed" });
  const recentDelivered = await delivery(recent, { status: "delivered", deliveredAt: ago(1) });
  const oldDead = await delivery(retried, { status: "dead", deadAt: ago(31), endpointId: second.id });
  kept.outbox = [retried, recent, queued].sort((a, b) => a - b);
  kept.webhook_deliveries = [stillRetried, recentDelivered].sort((a, b) => a - b);
  expect([bare.length, oldDelivered, oldDead]).toBeTruthy();

  // Notifications: read and old go; unread old and read recent stay.
  const note = async (read: boolean, createdAt: Date) => (await db.insert(notifications).values({ orgId, kind: "test", read, createdAt }).returning())[0].id;
  await note(true, ago(100));
  kept.notifications = [await note(false, ago(100)), await note(true, ago(10))].sort();

  // Page views: older than 7 days and before the rollup watermark go; newer than the watermark stay.
  await db.insert(analyticsRollupOrgs).values({ orgId, timeZone: "Asia/Shanghai", rolledUntil: ago(8) });
  const view = async (createdAt: Date) =>
    (await db.insert(landingEvents).values({ orgId, groupId: group.id, visitorHash: randomUUID(), createdAt }).returning())[0].id;
  for (let i = 0; i < 5; i++) await view(ago(20 + i));
  kept.landing_events = [await view(ago(7.5)), await view(ago(3))].sort((a, b) => a - b);

  // Abuse counters, rate-limit windows, one-time codes, jobs and sent texts.
  await db.insert(abuseEvents).values([
    { orgId, source: "ip:old", kind: "rate_limited", lastAt: ago(31) },
    { orgId, source: "ip:new", kind: "rate_limited", lastAt: ago(1) },
  ]);
  kept.abuse_events = ["ip:new"];
  await db.insert(rateLimits).values([
    { key: `rl:test-${orgId}:old`, points: 3, expire: ago(1) },
    { key: `rl:test-${orgId}:live`, points: 3, expire: new Date(NOW.getTime() + 60_000) },
  ]);
  kept.rate_limits = [`rl:test-${orgId}:live`];
  const otp = async (expiresAt: Date) => (await db.insert(phoneVerifications).values({ orgId, phone: "+8613900000000", codeHash: "h", expiresAt }).returning())[0].id;
  await otp(ago(2));
  kept.phone_verifications = [await otp(new Date(NOW.getTime() + 300_000))];
  const job = async (status: "running" | "succeeded" | "failed", finishedAt: Date | null) =>
    (await db.insert(groupJobs).values({ orgId, campaignId: group.campaignId, name: "j", quantity: 1, status, finishedAt }).returning())[0].id;
  await job("succeeded", ago(40));
  await job("failed", ago(31));
  kept.group_jobs = [await job("running", null), await job("succeeded", ago(2))].sort();
  const consumer = await seedConsumer(db, orgId);
  const text = async (v: Partial<typeof smsQueue.$inferInsert>) =>
    (await db.insert(smsQueue).values({ orgId, consumerId: consumer.id, kind: "claimed", dedupeKey: randomUUID(), notBefore: ago(50), ...v }).returning())[0].id;
  await text({ sentAt: ago(40) });
  await text({ skippedReason: "opted_out", createdAt: ago(40) });
  kept.sms_queue = [await text({}), await text({ sentAt: ago(2) })].sort((a, b) => a - b);
});

describe("retention", () => {
  it("deletes what is past its setting, in batches, and keeps everything else", async () => {
    const run = await pruneOnce({ now: NOW, settings: SETTINGS, batch: 2, orgId });
    expect(run).toEqual({
      webhook_deliveries: 2,
      outbox: 4,
      notifications: 1,
      landing_events: 5,
      abuse_events: 1,
      phone_verifications: 1,
      group_jobs: 2,
      sms_queue: 2,
      // Rate-limit windows have no organisation: only this test's expired one is certain to go.
      ...(run.rate_limits ? { rate_limits: run.rate_limits } : {}),
    });
    for (const [table, expected] of Object.entries(kept)) expect(await ids(table), table).toEqual(expected);
    // A second run finds nothing more.
    const again = await pruneOnce({ now: NOW, settings: SETTINGS, batch: 2, orgId });
    expect(Object.keys(again).filter((k) => k !== "rate_limits")).toEqual([]);
  });

  it("keeps forever what is set to 0 days, and stops between batches when asked", async () => {
    await db.insert(notifications).values(Array.from({ length: 5 }, () => ({ orgId, kind: "test", read: true, createdAt: ago(400) })));
    const off = { ...SETTINGS, notificationsDays: 0 };
    expect((await pruneOnce({ now: NOW, settings: off, batch: 2, orgId })).notifications).toBeUndefined();
    let batches = 0;
    const stopped = await pruneOnce({ now: NOW, settings: SETTINGS, batch: 2, orgId, stop: () => ++batches > 1 });
    expect(stopped).toEqual({});
    expect((await ids("notifications")).length).toBe(kept.notifications.length + 5);
    expect((await pruneOnce({ now: NOW, settings: SETTINGS, batch: 2, orgId })).notifications).toBe(5);
  });
});

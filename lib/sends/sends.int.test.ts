import { randomUUID } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseKind, db, rows } from "@/db";
import { auditLogs, claims, consumers, sendMembers, sends, smsMessages, smsQueue } from "@/db/schema";
import { insertConsumer } from "@/test/fixtures/activity";
import { seedCampaign, seedGroup, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { createSegment } from "@/lib/segments/mutations";
import { segmentRulesSchema } from "@/lib/segments/rules";
import { cancelSend, createSend, resumeSend, reviewSend, workSends } from "./sends";
import { dispatchTexts } from "./texts";

// A send to a segment of 20,000 (invariants): exactly one code per member — after a worker dies half-way
// and another takes over — none for anyone outside it; no text to anyone who opted out; none in quiet hours.

const MEMBERS = 20_000;
const OPTED_OUT = 500;
let f: Awaited<ReturnType<typeof seedTestOrg>>;
const as = (role: "owner" | "marketer" | "reviewer"): Actor => ({ orgId: f.org.id, role, userId: f.users[role].id, apiKeyId: null });

beforeAll(async () => {
  f = await seedTestOrg(db, `send-${randomUUID().slice(0, 8)}`);
  // Members tagged vip (the first OPTED_OUT of them opted out of texts), and 1,000 others.
  await db.execute(sql`
    insert into consumers (org_id, phone, opted_out_at)
    select ${f.org.id}::uuid, '+8613' || lpad(n::text, 9, '0'), case when n <= ${OPTED_OUT} then now() end
    from generate_series(1, ${MEMBERS + 1000}) n`);
  await db.execute(sql`
    insert into consumer_tags (consumer_id, tag, org_id)
    select id, case when right(phone, 9)::int <= ${MEMBERS} then 'vip' else 'other' end, org_id
    from consumers where org_id = ${f.org.id}::uuid`);
}, 120_000);

async function codesPerMember(groupId: string) {
  return rows<{ members: number; holders: number; outsiders: number; twice: number }>(
    db,
    sql`select
          (select count(*)::int from consumer_tags where org_id = ${f.org.id}::uuid and tag = 'vip') as members,
          (select count(distinct consumer_id)::int from claims where group_id = ${groupId}::uuid) as holders,
          (select count(*)::int from claims cl where cl.group_id = ${groupId}::uuid
            and not exists (select 1 from consumer_tags t where t.consumer_id = cl.consumer_id and t.tag = 'vip')) as outsiders,
          (select count(*)::int from (select consumer_id from claims where group_id = ${groupId}::uuid group by consumer_id having count(*) > 1) t) as twice`,
  );
}

describe("a targeted send", () => {
  it("gives every member exactly one code, after a worker dies half-way; no text to the opted-out, none in quiet hours", async () => {
    const campaign = await seedCampaign(db, { orgId: f.org.id, name: "老客回馈" });
    const group = await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "定向", slug: `snd-${randomUUID().slice(0, 8)}`, mode: "unique", quantity: MEMBERS + 2000 });
    const segment = await createSegment(as("marketer"), { name: "VIP", rules: segmentRulesSchema.parse({ tagsAny: ["vip"] }) });

    // 20,000 is above the default threshold (5,000): a reviewer approves it, never its author.
    const send = await createSend(as("marketer"), segment.id, { groupId: group.id, sms: true });
    expect(send).toMatchObject({ status: "pending_approval", total: MEMBERS });
    expect((await workSends({ orgId: f.org.id })).sendId).toBeNull();
    await expect(reviewSend({ ...as("reviewer"), userId: f.users.marketer.id }, send.id, { approve: true })).rejects.toMatchObject({ code: "forbidden" });
    await reviewSend(as("reviewer"), send.id, { approve: true });

    if (databaseKind() === "postgres") {
      // A worker in another process, killed after a few batches with a batch possibly open.
      const { spawn } = await import("node:child_process");
      const child = spawn("npx", ["tsx", "--conditions=react-server", "--tsconfig", "tsconfig.json", "test/fixtures/send-child.ts", f.org.id, "1500"], {
        env: { ...process.env },
        stdio: ["ignore", "pipe", "inherit"],
        detached: true,
      });
      let out = "";
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (b: Buffer) => {
          out += b.toString();
          if ((out.match(/batches 1 running/g) ?? []).length >= 3) {
            process.kill(-child.pid!, "SIGKILL");
            resolve();
          }
        });
        child.on("exit", () => reject(new Error(`worker ended before it was killed: ${out}`)));
      });
      expect(out).not.toContain("finished");
    } else {
      // PGlite admits one process: a worker that stops after two batches, holding its lease.
      await workSends({ orgId: f.org.id, batch: 1500, budgetMs: 0, worker: "dead" });
      await workSends({ orgId: f.org.id, batch: 1500, budgetMs: 0, worker: "dead" });
    }
    const [half] = await db.select().from(sends).where(eq(sends.id, send.id));
    expect(half.done).toBeGreaterThan(0);
    expect(half.done).toBeLessThan(MEMBERS);
    // Another worker: it waits for the dead one's lease to run out (here: made to), then resumes at the cursor.
    expect((await workSends({ orgId: f.org.id, worker: "live" })).sendId).toBeNull();
    await db.update(sends).set({ leaseUntil: sql`now() - interval '1 second'` }).where(eq(sends.id, send.id));
    let result;
    do result = await workSends({ orgId: f.org.id, worker: "live", budgetMs: 60_000 });
    while (result.status === "running");
    expect(result.status).toBe("done");

    const [tally] = await codesPerMember(group.id);
    expect(tally).toEqual({ members: MEMBERS, holders: MEMBERS, outsiders: 0, twice: 0 });
    const [done] = await db.select().from(sends).where(eq(sends.id, send.id));
    expect(done).toMatchObject({ status: "done", issued: MEMBERS, texts: MEMBERS - OPTED_OUT, done: MEMBERS });
    const [{ claimAudits }] = await rows<{ claimAudits: number }>(db, sql`select count(*)::int as "claimAudits" from audit_logs where org_id = ${f.org.id}::uuid and action = 'code.claimed'`);
    expect(claimAudits).toBe(MEMBERS);

    // Nobody who opted out has a text waiting; someone who opts out now is skipped at sending time.
    const [queuedForOptedOut] = await db
      .select({ n: count() })
      .from(smsQueue)
      .innerJoin(consumers, eq(consumers.id, smsQueue.consumerId))
      .where(and(eq(smsQueue.orgId, f.org.id), sql`${consumers.optedOutAt} is not null`));
    expect(Number(queuedForOptedOut.n)).toBe(0);
    const [late] = await db.select({ id: smsQueue.consumerId }).from(smsQueue).where(eq(smsQueue.orgId, f.org.id)).limit(1);
    await db.update(consumers).set({ optedOutAt: new Date() }).where(eq(consumers.id, late.id));

    // 22:30 in Shanghai: quiet hours. Nothing is sent; every text waits until 08:00.
    const night = new Date("2026-12-07T14:30:00Z");
    await db.update(smsQueue).set({ notBefore: new Date(night.getTime() - 60_000) }).where(eq(smsQueue.orgId, f.org.id));
    const quiet = await dispatchTexts({ now: night, orgId: f.org.id, limit: 1000 });
    expect(quiet).toMatchObject({ sent: 0, postponed: 999, skipped: 1 });
    expect(await db.select().from(smsMessages).where(eq(smsMessages.orgId, f.org.id))).toHaveLength(0);
    const [waiting] = await rows<{ not_before: string }>(db, sql`select min(not_before)::text as not_before from sms_queue where org_id = ${f.org.id}::uuid and sent_at is null and skipped_reason is null and not_before > ${night.toISOString()}::timestamptz`);
    expect(new Date(waiting.not_before).toISOString()).toBe("2026-12-08T00:00:00.000Z");
    // 08:00 the next morning: the texts go out, each with the code page's link and the way to opt out.
    const morning = new Date("2026-12-08T00:00:00Z");
    const day = await dispatchTexts({ now: morning, orgId: f.org.id, limit: 300 });
    expect(day.sent).toBe(300);
    const sent = await db.select().from(smsMessages).where(eq(smsMessages.orgId, f.org.id)).limit(5);
    expect(sent[0].body).toMatch(/^【Org send-[\w-]+】送您一张「老客回馈」券/);
    expect(sent[0].body).toMatch(/\/c\/snd-[\w-]+\/code\/[0-9a-f-]{36}/);
    expect(sent[0].body).toContain("退订回T");
    const optedOutPhones = await db.select({ phone: consumers.phone }).from(consumers).where(and(eq(consumers.orgId, f.org.id), sql`${consumers.optedOutAt} is not null`));
    const texted = new Set((await db.select({ phone: smsMessages.phone }).from(smsMessages).where(eq(smsMessages.orgId, f.org.id))).map((r) => r.phone));
    expect(optedOutPhones.filter((p) => texted.has(p.phone))).toEqual([]);
  }, 300_000);

  it("run twice, it hands out nothing twice; a paused campaign stops it, and it resumes where it stopped", async () => {
    const campaign = await seedCampaign(db, { orgId: f.org.id, name: "再发一次" });
    const group = await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "二次", slug: `snd-${randomUUID().slice(0, 8)}`, mode: "unique", quantity: 600 });
    const segment = await createSegment(as("marketer"), { name: `small ${randomUUID().slice(0, 6)}`, rules: segmentRulesSchema.parse({ tagsAny: ["other"] }) });
    const first = await createSend(as("marketer"), segment.id, { groupId: group.id, sms: false });
    expect(first.status).toBe("queued");
    // Paused half-way: the send stops with the reason, and resumes from its cursor once live again.
    await workSends({ orgId: f.org.id, batch: 300, budgetMs: 0 });
    // Members were taken when the send started: someone who joins the segment now is not one of them.
    await insertConsumer(db, { orgId: f.org.id, phone: "+8613999999999", tags: ["other"] });
    await db.execute(sql`update campaigns set status = 'paused' where id = ${campaign.id}::uuid`);
    expect((await workSends({ orgId: f.org.id, batch: 300 })).status).toBe("failed");
    const [stopped] = await db.select().from(sends).where(eq(sends.id, first.id));
    expect(stopped).toMatchObject({ status: "failed", error: "paused", done: 300 });
    await db.execute(sql`update campaigns set status = 'approved' where id = ${campaign.id}::uuid`);
    await resumeSend(as("marketer"), first.id);
    expect((await workSends({ orgId: f.org.id, batch: 300 })).status).toBe("done");
    // The same segment and group again: everyone already holds a code.
    const second = await createSend(as("marketer"), segment.id, { groupId: group.id, sms: false });
    expect((await workSends({ orgId: f.org.id, batch: 400 })).status).toBe("done");
    const [again] = await db.select().from(sends).where(eq(sends.id, second.id));
    expect(again).toMatchObject({ issued: 0, skipped: { already_held: 600 } });
    // 1,000 "other" consumers against 600 codes: 600 issued, 400 sold out.
    const [firstDone] = await db.select().from(sends).where(eq(sends.id, first.id));
    expect(firstDone).toMatchObject({ issued: 600, skipped: { sold_out: 400 }, total: 1000, done: 1000 });
    // A finished send's member list is gone.
    expect(await db.select().from(sendMembers).where(eq(sendMembers.sendId, first.id))).toEqual([]);
    expect(await db.select({ n: count() }).from(claims).where(eq(claims.groupId, group.id))).toEqual([{ n: 600 }]);
    await expect(cancelSend(as("marketer"), second.id)).rejects.toMatchObject({ code: "invalid_state" });
    expect(await db.select().from(auditLogs).where(and(eq(auditLogs.entityId, first.id), eq(auditLogs.action, "send.resumed")))).toHaveLength(1);
  }, 120_000);

  it("a send cancelled half-way stops, keeps what it handed out and drops its member list", async () => {
    const campaign = await seedCampaign(db, { orgId: f.org.id, name: "取消" });
    const group = await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "取消", slug: `snd-${randomUUID().slice(0, 8)}`, mode: "unique", quantity: 1000 });
    const segment = await createSegment(as("marketer"), { name: `cancel ${randomUUID().slice(0, 6)}`, rules: segmentRulesSchema.parse({ tagsAny: ["other"] }) });
    const send = await createSend(as("marketer"), segment.id, { groupId: group.id, sms: false });
    await workSends({ orgId: f.org.id, batch: 250, budgetMs: 0 });
    const members = await db.select({ n: count() }).from(sendMembers).where(eq(sendMembers.sendId, send.id));
    expect(members[0].n).toBeGreaterThan(250);
    await cancelSend(as("marketer"), send.id);
    expect(await db.select().from(sendMembers).where(eq(sendMembers.sendId, send.id))).toEqual([]);
    expect(await workSends({ orgId: f.org.id, batch: 250 })).toMatchObject({ sendId: null });
    const [row] = await db.select().from(sends).where(eq(sends.id, send.id));
    expect(row).toMatchObject({ status: "cancelled", done: 250, issued: 250 });
    expect(await db.select({ n: count() }).from(claims).where(eq(claims.groupId, group.id))).toEqual([{ n: 250 }]);
  }, 60_000);

  it("a worker that is shutting down hands the send back after its batch, and another resumes at once", async () => {
    const campaign = await seedCampaign(db, { orgId: f.org.id, name: "重启" });
    const group = await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "重启", slug: `snd-${randomUUID().slice(0, 8)}`, mode: "unique", quantity: 1000 });
    const segment = await createSegment(as("marketer"), { name: `restart ${randomUUID().slice(0, 6)}`, rules: segmentRulesSchema.parse({ tagsAny: ["other"] }) });
    const send = await createSend(as("marketer"), segment.id, { groupId: group.id, sms: false });
    const first = await workSends({ orgId: f.org.id, batch: 300, budgetMs: 60_000, worker: "stopping", shouldStop: () => true });
    expect(first).toMatchObject({ sendId: send.id, batches: 1, status: "running" });
    const [handedBack] = await db.select().from(sends).where(eq(sends.id, send.id));
    expect(handedBack).toMatchObject({ status: "running", done: 300, leaseOwner: null, leaseUntil: null });
    // No lease to wait for: the next worker takes it now and finishes from the cursor.
    const next = await workSends({ orgId: f.org.id, batch: 300, budgetMs: 60_000, worker: "next" });
    expect(next).toMatchObject({ sendId: send.id, status: "done" });
    expect(await db.select({ n: count() }).from(claims).where(eq(claims.groupId, group.id))).toEqual([{ n: 1000 }]);
  }, 60_000);
});

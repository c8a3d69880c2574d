import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLogs, outbox, webhookDeliveries } from "@/db/schema";
import { seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { startReceiver, type Receiver } from "@/test/webhook-receiver";
import { createWebhookEndpoint, redeliverWebhook, sendTestEvent, updateWebhookEndpoint } from "./endpoints";
import { emitEvent, type EventType } from "./outbox";
import { RETRY_WINDOW_MS } from "./rules";
import { verifySignature } from "./signing";
import { claimDueDeliveries, drainWebhooks, fanOutEvents, recordResults, releaseClaims, WebhookWorker, type WorkerOptions } from "./worker";

// These tests post to receivers on 127.0.0.1: private targets are allowed here explicitly (off by default).
vi.stubEnv("WEBHOOK_ALLOW_PRIVATE", "1");

type Fixture = Awaited<ReturnType<typeof seedTestOrg>>;
let a: Fixture;
let b: Fixture;
const owner = (f: Fixture): Actor => ({ orgId: f.org.id, role: "owner", userId: f.users.owner.id, apiKeyId: null });
const HOUR = 3_600_000;
const receivers: Receiver[] = [];

async function receiver(respond?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

/** The worker for one organisation at a fixed time (other test files share the PostgreSQL database). */
function at(f: Fixture, time: number, extra: WorkerOptions = {}): WorkerOptions {
  return { orgId: f.org.id, now: () => new Date(time), timeoutMs: 5000, concurrency: 8, random: () => 0.5, ...extra };
}

async function emit(f: Fixture, type: EventType, subject: string, data: Record<string, unknown> = {}) {
  await emitEvent(db, { orgId: f.org.id, type, subject, data });
}

async function deliveriesOf(endpointId: string) {
  return db
    .select({
      id: webhookDeliveries.id,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      lastResponse: webhookDeliveries.lastResponse,
      deadAt: webhookDeliveries.deadAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      subject: webhookDeliveries.subject,
      type: outbox.type,
      data: outbox.data,
    })
    .from(webhookDeliveries)
    .innerJoin(outbox, eq(outbox.id, webhookDeliveries.outboxId))
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(webhookDeliveries.id);
}

beforeAll(async () => {
  a = await seedTestOrg(db, `hooks-a-${randomUUID().slice(0, 8)}`);
  b = await seedTestOrg(db, `hooks-b-${randomUUID().slice(0, 8)}`);
});

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

describe("webhook delivery", () => {
  it("retries a receiver that fails three times until it answers 200, signed, then never again", async () => {
    const r = await receiver((_req, i) => (i < 3 ? 500 : 200));
    const { endpoint, secret } = await createWebhookEndpoint(owner(a), { url: `${r.url}/hook`, eventTypes: ["code.claimed"] });
    const subject = `code:${randomUUID()}`;
    await emit(a, "code.claimed", subject, { code: "LM888", note: "满100减20" });

    const t0 = Date.now();
    let t = t0;
    const first = await drainWebhooks(at(a, t));
    expect(first).toMatchObject({ events: 1, deliveries: 1, attempted: 1, failed: 1, delivered: 0 });
    // Not due again before its backoff.
    expect((await drainWebhooks(at(a, t + 1000))).attempted).toBe(0);
    for (let i = 0; i < 3; i++) {
      t += 2 * HOUR; // longer than any backoff (capped at 1 h + 20 %)
      await drainWebhooks(at(a, t));
    }
    expect(r.requests.map((q) => q.status)).toEqual([500, 500, 500, 200]);
    // Delivered: later rounds send nothing.
    expect((await drainWebhooks(at(a, t + 3 * HOUR))).attempted).toBe(0);
    expect(r.requests).toHaveLength(4);

    const ids = new Set(r.requests.map((q) => q.json?.id));
    expect(ids.size).toBe(1);
    for (const q of r.requests) {
      expect(q.path).toBe("/hook");
      expect(q.headers["content-type"]).toMatch(/^application\/json/);
      const header = q.headers["x-signature"] as string;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const signedAt = Number(/t=(\d+)/.exec(header)![1]);
      expect(verifySignature(secret, header, q.body, 300, signedAt)).toBe(true);
      expect(verifySignature("whsec_wrong", header, q.body, 300, signedAt)).toBe(false);
      expect(q.json).toEqual({ id: expect.stringMatching(/^evt_\d+$/), type: "code.claimed", createdAt: expect.any(String), data: { code: "LM888", note: "满100减20" } });
      expect(q.headers["x-webhook-id"]).toBe(q.json?.id);
    }
    const [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ status: "delivered", attempts: 4, lastStatusCode: 200, lastResponse: "ok", deadAt: null });
    expect(row.deliveredAt).toBeInstanceOf(Date);
  });

  it("delivers in order per subject: a later event waits while an earlier one of the same subject is failing", async () => {
    let failFirst = true;
    const r = await receiver((req) => {
      if (failFirst && (req.json?.data as { n?: number })?.n === 1) {
        failFirst = false;
        return 503;
      }
      return 200;
    });
    const { endpoint } = await createWebhookEndpoint(owner(a), { url: r.url, eventTypes: ["code.claimed", "code.redeemed", "redemption.reversed"] });
    const s = `code:${randomUUID()}`;
    const other = `code:${randomUUID()}`;
    await emit(a, "code.claimed", s, { n: 1 });
    await emit(a, "code.redeemed", s, { n: 2 });
    await emit(a, "code.claimed", other, { n: 10 });
    await emit(a, "redemption.reversed", s, { n: 3 });

    const t0 = Date.now();
    await drainWebhooks(at(a, t0));
    // n=1 failed; n=2 and n=3 wait behind it; the other subject is not held up. The two subjects are
    // delivered concurrently, so they may arrive in either order.
    expect(r.requests.map((q) => [(q.json?.data as { n: number }).n, q.status]).sort((x, y) => x[0] - y[0])).toEqual([
      [1, 503],
      [10, 200],
    ]);
    await drainWebhooks(at(a, t0 + 2 * HOUR));
    const sequence = r.requests.filter((q) => q.status === 200).map((q) => (q.json?.data as { n: number }).n);
    expect(sequence.filter((n) => n !== 10)).toEqual([1, 2, 3]);
    expect((await deliveriesOf(endpoint.id)).map((d) => d.status)).toEqual(["delivered", "delivered", "delivered", "delivered"]);
  });

  it("does not send a delivery while an older event of its subject is not fanned out yet", async () => {
    const r = await receiver();
    const { endpoint } = await createWebhookEndpoint(owner(a), { url: r.url, eventTypes: ["code.claimed", "code.redeemed"] });
    const s = `code:${randomUUID()}`;
    await emit(a, "code.claimed", s, { n: 1 });
    await emit(a, "code.redeemed", s, { n: 2 });
    // As if another worker had fanned out the newer event first.
    const [, newer] = await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.subject, s)).orderBy(outbox.id);
    const now = Date.now();
    await db.update(outbox).set({ fannedOutAt: new Date(now) }).where(eq(outbox.id, newer.id));
    await db.insert(webhookDeliveries).values({
      orgId: a.org.id,
      outboxId: newer.id,
      endpointId: endpoint.id,
      subject: s,
      nextAttemptAt: new Date(now - 1000),
      retryUntil: new Date(now + RETRY_WINDOW_MS),
    });
    expect(await claimDueDeliveries(10, at(a, now))).toEqual([]);
    await drainWebhooks(at(a, now));
    expect(r.requests.map((q) => (q.json?.data as { n: number }).n)).toEqual([1, 2]);
  });

  it("is dead after 24 h of failures, and a dead delivery no longer holds later ones back", async () => {
    const r = await receiver((req) => ((req.json?.data as { n?: number })?.n === 1 ? 503 : 200));
    const { endpoint } = await createWebhookEndpoint(owner(a), { url: r.url, eventTypes: ["code.claimed", "code.redeemed"] });
    const s = `code:${randomUUID()}`;
    await emit(a, "code.claimed", s, { n: 1 });
    const t0 = Date.now();
    await drainWebhooks(at(a, t0));
    await drainWebhooks(at(a, t0 + 10 * HOUR));
    expect((await deliveriesOf(endpoint.id))[0]).toMatchObject({ status: "failed", attempts: 2, lastStatusCode: 503 });

    await emit(a, "code.redeemed", s, { n: 2 });
    await drainWebhooks(at(a, t0 + 12 * HOUR));
    expect(r.requests.filter((q) => (q.json?.data as { n: number }).n === 2)).toHaveLength(0);

    await drainWebhooks(at(a, t0 + 25 * HOUR));
    const [dead, second] = await deliveriesOf(endpoint.id);
    expect(dead).toMatchObject({ status: "dead", lastStatusCode: 503, lastResponse: "error 503" });
    expect(dead.deadAt!.getTime()).toBe(t0 + 25 * HOUR);
    expect(second.status).toBe("delivered");
    const triesOfFirst = r.requests.filter((q) => (q.json?.data as { n: number }).n === 1).length;
    expect(triesOfFirst).toBe(dead.attempts);
    expect((await drainWebhooks(at(a, t0 + 48 * HOUR))).attempted).toBe(0);
  });

  it("redelivers a dead delivery on request, audited, and refuses other states and organisations", async () => {
    let up = false;
    const r = await receiver(() => (up ? 200 : 500));
    const { endpoint } = await createWebhookEndpoint(owner(a), { url: r.url, eventTypes: ["group.frozen"] });
    await emit(a, "group.frozen", `group:${randomUUID()}`, { reason: "leak" });
    const t0 = Date.now();
    await drainWebhooks(at(a, t0));
    await drainWebhooks(at(a, t0 + 25 * HOUR));
    const [dead] = await deliveriesOf(endpoint.id);
    expect(dead.status).toBe("dead");

    await expect(redeliverWebhook(owner(b), dead.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(redeliverWebhook({ ...owner(a), role: "marketer" }, dead.id)).rejects.toMatchObject({ code: "forbidden" });
    const again = await redeliverWebhook(owner(a), dead.id);
    expect(again).toMatchObject({ status: "pending", attempts: 0, deadAt: null });
    const [audit] = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, a.org.id), eq(auditLogs.action, "webhook.redelivered"), eq(auditLogs.entityId, String(dead.id))));
    expect(audit.actorUserId).toBe(a.users.owner.id);

    up = true;
    const summary = await drainWebhooks({ ...at(a, Date.now()) });
    expect(summary.delivered).toBe(1);
    expect((await deliveriesOf(endpoint.id))[0]).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200 });
    await expect(redeliverWebhook(owner(a), dead.id)).rejects.toMatchObject({ code: "invalid_state" });
  });

  it("sends an event only to the organisation's active endpoints subscribed to its type", async () => {
    const r = await receiver();
    const claims = await createWebhookEndpoint(owner(a), { url: `${r.url}/a-claims`, eventTypes: ["code.claimed"] });
    const frozen = await createWebhookEndpoint(owner(a), { url: `${r.url}/a-frozen`, eventTypes: ["group.frozen"] });
    const off = await createWebhookEndpoint(owner(a), { url: `${r.url}/a-off`, eventTypes: ["code.claimed"] });
    await updateWebhookEndpoint(owner(a), off.endpoint.id, { active: false });
    const everything = await createWebhookEndpoint(owner(b), {
      url: `${r.url}/b-all`,
      eventTypes: ["code.claimed", "code.redeemed", "redemption.reversed", "group.frozen", "campaign.status_changed"],
    });
    const marker = randomUUID();
    await emit(a, "code.claimed", `code:${marker}`, { marker });
    await emit(a, "campaign.status_changed", `campaign:${marker}`, { marker });

    const now = Date.now();
    await drainWebhooks(at(a, now));
    await drainWebhooks(at(b, now));
    const mine = r.requests.filter((q) => (q.json?.data as { marker?: string })?.marker === marker);
    expect(mine.map((q) => `${q.path} ${q.json?.type}`)).toEqual(["/a-claims code.claimed"]);
    expect(await deliveriesOf(frozen.endpoint.id)).toEqual([]);
    expect(await deliveriesOf(off.endpoint.id)).toEqual([]);
    expect(await deliveriesOf(everything.endpoint.id)).toEqual([]);
    expect(await deliveriesOf(claims.endpoint.id)).toHaveLength(1);
  });

  it("sends a test event to that endpoint only", async () => {
    const r = await receiver();
    const one = await createWebhookEndpoint(owner(a), { url: `${r.url}/one`, eventTypes: ["code.claimed"] });
    await createWebhookEndpoint(owner(a), { url: `${r.url}/two`, eventTypes: ["code.claimed"] });
    const { eventId } = await sendTestEvent(owner(a), one.endpoint.id);
    await drainWebhooks(at(a, Date.now() + 1000));
    const test = r.requests.filter((q) => q.json?.id === eventId);
    expect(test.map((q) => [q.path, q.json?.type])).toEqual([["/one", "webhook.test"]]);
    expect(verifySignature(one.secret, test[0].headers["x-signature"] as string, test[0].body)).toBe(true);
    await expect(sendTestEvent(owner(b), one.endpoint.id)).rejects.toMatchObject({ code: "not_found" });
    await updateWebhookEndpoint(owner(a), one.endpoint.id, { active: false });
    await expect(sendTestEvent(owner(a), one.endpoint.id)).rejects.toMatchObject({ code: "invalid_state" });
  });

  it("leases what it claims: not claimed twice, due again when the lease ends or is handed back", async () => {
    const org = await seedTestOrg(db, `hooks-g-${randomUUID().slice(0, 8)}`);
    const r = await receiver();
    await createWebhookEndpoint(owner(org), { url: r.url, eventTypes: ["code.claimed"] });
    await emit(org, "code.claimed", `code:${randomUUID()}`);
    const t0 = Date.now();
    await fanOutEvents(at(org, t0));
    const [claim] = await claimDueDeliveries(10, at(org, t0));
    expect(claim).toMatchObject({ attempts: 1, type: "code.claimed" });
    expect(await claimDueDeliveries(10, at(org, t0 + 1000))).toEqual([]);
    // A worker that died mid-request: the lease (timeout + 30 s) runs out and another takes it.
    const [again] = await claimDueDeliveries(10, at(org, t0 + 5000 + 31_000));
    expect(again).toMatchObject({ id: claim.id, attempts: 2 });
    // The first claim's late result no longer applies; the second's does.
    await recordResults([{ id: claim.id, claimedAt: claim.claimedAt, status: "dead", at: new Date(t0), nextAttemptAt: new Date(t0), statusCode: 500, response: "late", error: null }]);
    const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, claim.id));
    expect(row).toMatchObject({ status: "pending", attempts: 2 });
    // A stopping worker hands back what it claimed but never sent.
    await releaseClaims([again]);
    const [released] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, claim.id));
    expect(released).toMatchObject({ status: "pending", attempts: 1 });
    expect(released.nextAttemptAt.getTime()).toBe(again.claimedAt.getTime());
    expect((await drainWebhooks(at(org, t0 + 40_000))).delivered).toBe(1);
    expect(r.requests).toHaveLength(1);
  });

  it("records a network failure (nothing listening) without a status code", async () => {
    const r = await receiver();
    const url = r.url;
    await r.close();
    const { endpoint } = await createWebhookEndpoint(owner(a), { url, eventTypes: ["code.claimed"] });
    await emit(a, "code.claimed", `code:${randomUUID()}`);
    await drainWebhooks(at(a, Date.now()));
    const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(row).toMatchObject({ status: "failed", attempts: 1, lastStatusCode: null });
    expect(row.lastError).toMatch(/ECONNREFUSED/);
    await updateWebhookEndpoint(owner(a), endpoint.id, { active: false });
  });

  it("fans out exactly one delivery per event and endpoint, and sends each once, with two workers at once", async () => {
    const org = await seedTestOrg(db, `hooks-c-${randomUUID().slice(0, 8)}`);
    const r = await receiver();
    const e1 = await createWebhookEndpoint(owner(org), { url: `${r.url}/1`, eventTypes: ["code.claimed"] });
    const e2 = await createWebhookEndpoint(owner(org), { url: `${r.url}/2`, eventTypes: ["code.claimed"] });
    const N = 300;
    await db.execute(sql`
      insert into outbox (org_id, type, subject, data)
      select ${org.org.id}::uuid, 'code.claimed', 'code:' || (n % 40), jsonb_build_object('n', n)
      from generate_series(1, ${N}) as n`);
    const now = Date.now();
    const opts = at(org, now, { fanOutBatch: 7, concurrency: 6 });
    const [x, y] = await Promise.all([drainWebhooks(opts), drainWebhooks(opts)]);
    // Whatever one worker fanned out or sent, the other did not.
    expect(x.events + y.events).toBe(N);
    expect(x.deliveries + y.deliveries).toBe(2 * N);
    await drainWebhooks(opts);

    const counts = await db
      .select({ n: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct (outbox_id, endpoint_id))::int` })
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.endpointId, [e1.endpoint.id, e2.endpoint.id]));
    expect(counts[0]).toEqual({ n: 2 * N, distinct: 2 * N });
    expect(r.requests).toHaveLength(2 * N);
    expect(new Set(r.requests.map((q) => `${q.path} ${q.json?.id}`)).size).toBe(2 * N);
    // In order per subject and endpoint.
    for (const path of ["/1", "/2"]) {
      const bySubject = new Map<number, number[]>();
      for (const q of r.requests.filter((q) => q.path === path)) {
        const n = (q.json?.data as { n: number }).n;
        bySubject.set(n % 40, [...(bySubject.get(n % 40) ?? []), n]);
      }
      for (const list of bySubject.values()) expect(list).toEqual([...list].sort((p, q) => p - q));
    }
  });

  it("runs as a long-lived worker: woken after a commit, stopped cleanly", async () => {
    const org = await seedTestOrg(db, `hooks-d-${randomUUID().slice(0, 8)}`);
    const r = await receiver();
    await createWebhookEndpoint(owner(org), { url: r.url, eventTypes: ["code.claimed"] });
    const errors: unknown[] = [];
    const worker = new WebhookWorker({ orgId: org.org.id, pollMs: 60_000, log: { error: (...x: unknown[]) => errors.push(x), info: () => {} } }).start();
    try {
      // First round (at start) finds nothing; the next poll is a minute away, so only wake() can deliver now.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await emit(org, "code.claimed", `code:${randomUUID()}`, { live: true });
      worker.wake();
      await r.waitFor((q) => q.length === 1, 10_000);
      expect(r.requests[0].json?.data).toEqual({ live: true });
    } finally {
      await worker.stop();
    }
    expect(worker.running).toBe(false);
    expect(errors).toEqual([]);
  });

  it("runs as a long-lived worker through a backlog: in order per subject, retrying on its clock", async () => {
    const org = await seedTestOrg(db, `hooks-f-${randomUUID().slice(0, 8)}`);
    let failedOnce = false;
    const r = await receiver((req) => {
      const { s, n } = req.json?.data as { s: number; n: number };
      if (s === 0 && n === 0 && !failedOnce) {
        failedOnce = true;
        return 500;
      }
      return 200;
    });
    await createWebhookEndpoint(owner(org), { url: r.url, eventTypes: ["code.claimed"] });
    const SUBJECTS = 6;
    const PER = 8;
    const tag = randomUUID();
    await db.execute(sql`
      insert into outbox (org_id, type, subject, data)
      select ${org.org.id}::uuid, 'code.claimed', ${tag} || ':' || (n % ${SUBJECTS}), jsonb_build_object('s', n % ${SUBJECTS}, 'n', n / ${SUBJECTS})
      from generate_series(0, ${SUBJECTS * PER - 1}) as n`);
    let clock = Date.now();
    const worker = new WebhookWorker({ orgId: org.org.id, now: () => new Date(clock), pollMs: 50, concurrency: 4, fanOutBatch: 10 }).start();
    try {
      // Every other subject goes through; subject 0 waits behind its failed first event.
      await r.waitFor((q) => q.filter((x) => x.status === 200).length === (SUBJECTS - 1) * PER);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(r.requests.filter((q) => (q.json?.data as { s: number }).s === 0).map((q) => q.status)).toEqual([500]);
      clock += 2 * HOUR;
      await r.waitFor((q) => q.filter((x) => x.status === 200).length === SUBJECTS * PER);
    } finally {
      await worker.stop();
    }
    for (let s = 0; s < SUBJECTS; s++) {
      const sequence = r.requests.filter((q) => q.status === 200 && (q.json?.data as { s: number }).s === s).map((q) => (q.json?.data as { n: number }).n);
      expect(sequence).toEqual([...Array(PER).keys()]);
    }
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.orgId, org.org.id), eq(webhookDeliveries.status, "delivered")));
    expect(n).toBe(SUBJECTS * PER);
  });
});

// Only PostgreSQL has several connections: PGlite runs one statement at a time, so nothing is ever locked by another.
if (process.env.DATABASE_URL) {
  describe("webhook fan-out on PostgreSQL", () => {
    it("skips events another transaction holds, instead of waiting for it", async () => {
      const org = await seedTestOrg(db, `hooks-e-${randomUUID().slice(0, 8)}`);
      await emit(org, "code.claimed", `code:${randomUUID()}`);
      await emit(org, "code.claimed", `code:${randomUUID()}`);
      const [first] = await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.orgId, org.org.id)).orderBy(outbox.id).limit(1);
      await db.transaction(async (tx) => {
        await tx.execute(sql`select id from outbox where id = ${first.id} for update`);
        // Another connection: takes the second event and skips the locked first.
        const other = await fanOutEvents({ orgId: org.org.id });
        expect(other.events).toBe(1);
      });
      expect((await fanOutEvents({ orgId: org.org.id })).events).toBe(1);
    });
  });
}

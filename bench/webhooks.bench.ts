import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { closeDb, db, rows } from "@/db";
import { applyMigrations } from "@/db/migrate-lib";
import { outbox } from "@/db/schema";
import { seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { wakeWebhookWorker } from "@/lib/webhooks/outbox";
import { eventBody } from "@/lib/webhooks/rules";
import { signatureHeader } from "@/lib/webhooks/signing";
import { startWebhookWorker, stopWebhookWorker } from "@/lib/webhooks/worker";
import { startReceiver } from "../test/webhook-receiver";
import { measure, type Measurement } from "./lib";

/**
 * Webhook delivery (issue 5) on PostgreSQL, in a fresh database (BENCH_DATABASE_URL or the local server):
 * - throughput: N events (BENCH_WEBHOOK_EVENTS, default 5,000; one subject each) committed to the outbox,
 *   then the worker (as the app runs it: WEBHOOK_CONCURRENCY requests in flight) fans them out and posts
 *   them, signed, to a local receiver; against a baseline of the same signed bodies POSTed to the same
 *   receiver by a plain loop of fetches with as many in flight;
 * - lag from an event's commit to its receipt, events committed one by one at a steady rate, with the
 *   wake-up call after each commit (what the app's code does) and with the poll alone.
 */
const N = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 5000);
const LAG_EVENTS = Number(process.env.BENCH_WEBHOOK_LAG_EVENTS ?? 1000);
const LAG_RATE = Number(process.env.BENCH_WEBHOOK_LAG_RATE ?? 200);

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function line(m: Measurement) {
  return `${m.label.padEnd(52)} ${m.perSecond.toFixed(0).padStart(8)} events/s  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms`;
}

async function waitUntil(check: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Commits `count` events one by one at `rate` per second; returns commit time (ms, performance clock) by event id. */
async function produce(orgId: string, count: number, rate: number, wake: boolean, tag: string) {
  const committed = new Map<string, number>();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const [row] = await db
      .insert(outbox)
      .values({ orgId, type: "code.redeemed", subject: `code:${tag}-${i}`, data: { i, tag } })
      .returning({ id: outbox.id });
    committed.set(`evt_${row.id}`, performance.now());
    if (wake) wakeWebhookWorker();
  }
  return committed;
}

function lagOf(committed: Map<string, number>, receivedAt: Map<string, number>) {
  const lags: number[] = [];
  for (const [id, at] of committed) {
    const got = receivedAt.get(id);
    if (got !== undefined) lags.push(got - at);
  }
  return lags.sort((a, b) => a - b);
}

export async function run() {
  const admin = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `coupon_bench_webhooks_${Date.now()}`;
  const a = postgres(admin, { max: 1, onnotice: () => {} });
  await a.unsafe(`create database "${name}"`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
  process.env.DATABASE_POOL_SIZE ??= "20";
  // Receipt times by event id, on the same clock as the producer's commit times.
  const receivedAt = new Map<string, number>();
  const receiver = await startReceiver(
    (req) => {
      if (req.json?.id) receivedAt.set(req.json.id, performance.now());
      return 200;
    },
    { record: false },
  );
  try {
    await applyMigrations();
    const f = await seedTestOrg(db, "bench-hooks");
    const actor: Actor = { orgId: f.org.id, role: "owner", userId: f.users.owner.id, apiKeyId: null };
    const { secret } = await createWebhookEndpoint(actor, { url: `${receiver.url}/hook`, eventTypes: ["code.redeemed"] }, { allowPrivate: true });
    const concurrency = Number(process.env.WEBHOOK_CONCURRENCY ?? 16);

    // Baseline: the same kind of signed body, POSTed straight to the receiver by a loop of fetches.
    const body = eventBody({ outboxId: 1, type: "code.redeemed", createdAt: new Date(), data: { i: 0, tag: "baseline" } });
    const baseline = await measure(`plain fetch POST to the receiver (${concurrency} in flight)`, N, concurrency, async () => {
      const res = await fetch(`${receiver.url}/hook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-signature": signatureHeader(secret, body, Math.floor(Date.now() / 1000)) },
        body,
      });
      await res.arrayBuffer();
    });
    receivedAt.clear();

    // Throughput: N events committed at once (one statement), then drained by the worker.
    await db.execute(sql`
      insert into outbox (org_id, type, subject, data)
      select ${f.org.id}::uuid, 'code.redeemed', 'code:bulk-' || n, jsonb_build_object('i', n, 'tag', 'bulk')
      from generate_series(1, ${N}) as n`);
    await db.execute(sql`vacuum analyze outbox`);
    const t0 = performance.now();
    startWebhookWorker();
    await waitUntil(() => receivedAt.size >= N, 300_000, `${N} deliveries`);
    const ms = performance.now() - t0;
    // Received is not yet recorded: results are written in batches just after.
    let counts = { delivered: 0, total: 0 };
    for (let i = 0; i < 100 && counts.delivered < N; i++) {
      if (i) await new Promise((r) => setTimeout(r, 50));
      [counts] = await rows<{ delivered: number; total: number }>(
        db,
        sql`select count(*) filter (where status = 'delivered')::int as delivered, count(*)::int as total from webhook_deliveries`,
      );
    }
    if (counts.delivered !== N || counts.total !== N) throw new Error(`expected ${N} delivered, found ${JSON.stringify(counts)}`);
    const worker: Measurement = { label: `worker: outbox → signed POST (${concurrency} in flight)`, ops: N, ms, perSecond: (N / ms) * 1000, p50: NaN, p99: NaN };
    console.log(`${N} events, one subject each, receiver on loopback; PostgreSQL ${process.env.BENCH_DATABASE_URL ? "(BENCH_DATABASE_URL)" : "(local)"}`);
    console.log(line(baseline));
    console.log(`${worker.label.padEnd(52)} ${worker.perSecond.toFixed(0).padStart(8)} events/s  (${(ms / 1000).toFixed(2)} s for ${N})`);
    console.log(`ratio (worker/baseline throughput): ${(worker.perSecond / baseline.perSecond).toFixed(2)}`);

    // Lag: events committed one at a time at LAG_RATE/s while the worker runs.
    for (const wake of [true, false]) {
      receivedAt.clear();
      const committed = await produce(f.org.id, LAG_EVENTS, LAG_RATE, wake, wake ? "wake" : "poll");
      await waitUntil(() => [...committed.keys()].every((id) => receivedAt.has(id)), 60_000, "lagging deliveries");
      const lags = lagOf(committed, receivedAt);
      console.log(
        `lag commit → receipt, ${LAG_EVENTS} events at ${LAG_RATE}/s, ${wake ? "wake-up after commit" : "poll only (500 ms)"}:`.padEnd(72) +
          ` p50 ${pct(lags, 0.5).toFixed(1)} ms  p99 ${pct(lags, 0.99).toFixed(1)} ms  max ${lags.at(-1)!.toFixed(1)} ms`,
      );
    }
    console.log(`baseline POST latency (no queue): p50 ${baseline.p50.toFixed(1)} ms  p99 ${baseline.p99.toFixed(1)} ms`);
  } finally {
    await stopWebhookWorker();
    await receiver.close();
    await closeDb();
    await a.unsafe(`drop database if exists "${name}" with (force)`);
    await a.end();
  }
}

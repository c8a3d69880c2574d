import "server-only";
import { sql } from "drizzle-orm";
import client from "prom-client";
import { databaseKind, db, rows } from "@/db";
import { metrics } from "./metrics";

// Gauges read from the database when /api/metrics is scraped: the outbox and the webhook queue (the
// same for every instance: one database), and the connections this app holds on PostgreSQL.

type QueueState = {
  outbox_rows: number;
  outbox_queued: number;
  outbox_oldest_queued_s: number | null;
  deliveries_waiting: number;
  deliveries_failing: number;
  deliveries_oldest_due_s: number | null;
  deliveries_dead_24h: number;
};

async function queueState(): Promise<QueueState> {
  const [r] = await rows<Record<keyof QueueState, number | string | null>>(
    db,
    sql`select
          (select count(*) from outbox)::float8 as outbox_rows,
          (select count(*) from outbox where fanned_out_at is null)::float8 as outbox_queued,
          (select extract(epoch from now() - min(created_at)) from outbox where fanned_out_at is null)::float8 as outbox_oldest_queued_s,
          (select count(*) from webhook_deliveries where status in ('pending', 'failed'))::float8 as deliveries_waiting,
          (select count(*) from webhook_deliveries where status = 'failed')::float8 as deliveries_failing,
          (select extract(epoch from now() - min(next_attempt_at)) from webhook_deliveries
            where status in ('pending', 'failed') and next_attempt_at <= now())::float8 as deliveries_oldest_due_s,
          (select count(*) from webhook_deliveries where status = 'dead' and dead_at > now() - interval '1 day')::float8 as deliveries_dead_24h`,
  );
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, num(v)])) as QueueState;
}

/** What PostgreSQL says of this application's connections (all instances: they share the name). */
async function connections(): Promise<{ state: string; n: number }[]> {
  if (databaseKind() !== "postgres") return [];
  return (
    await rows<{ state: string | null; n: number | string }>(
      db,
      sql`select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity
          where datname = current_database() and application_name = 'coupon-console' group by 1`,
    )
  ).map((r) => ({ state: r.state ?? "unknown", n: Number(r.n) }));
}

const KEY = Symbol.for("coupon.metrics.collectors");

/** Registers the database gauges once (each scrape runs their `collect`). */
export function registerDatabaseGauges(): void {
  const g = globalThis as Record<symbol, boolean | undefined>;
  if (g[KEY]) return;
  g[KEY] = true;
  const { registry } = metrics();
  let pending: Promise<QueueState> | null = null;
  // One query for all queue gauges per scrape, however many gauges ask.
  const state = () => (pending ??= queueState().finally(() => setTimeout(() => (pending = null), 0)));
  const gauge = (name: string, help: string, pick: (s: QueueState) => number | null) =>
    new client.Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const v = pick(await state());
        this.set(v ?? 0);
      },
    });
  gauge("coupon_outbox_rows", "Rows in the outbox (retention removes events delivered or never subscribed to).", (s) => s.outbox_rows);
  gauge("coupon_outbox_queued", "Events not fanned out to webhook deliveries yet.", (s) => s.outbox_queued);
  gauge("coupon_outbox_oldest_queued_seconds", "Age of the oldest event not fanned out yet (0 when none).", (s) => s.outbox_oldest_queued_s);
  gauge("coupon_webhook_deliveries_waiting", "Webhook deliveries pending or failed and to be retried.", (s) => s.deliveries_waiting);
  gauge("coupon_webhook_deliveries_failing", "Webhook deliveries whose last try failed (retried with a backoff).", (s) => s.deliveries_failing);
  gauge("coupon_webhook_oldest_due_seconds", "How long the oldest due webhook delivery has been waiting (0 when none).", (s) => s.deliveries_oldest_due_s);
  gauge("coupon_webhook_deliveries_dead_24h", "Webhook deliveries that gave up in the last 24 hours.", (s) => s.deliveries_dead_24h);
  new client.Gauge({
    name: "coupon_db_pool_size",
    help: "Connections this process may open to PostgreSQL (DATABASE_POOL_SIZE; 1 on PGlite).",
    registers: [registry],
    collect() {
      this.set(databaseKind() === "postgres" ? Number(process.env.DATABASE_POOL_SIZE ?? 10) : 1);
    },
  });
  new client.Gauge({
    name: "coupon_db_connections",
    help: "PostgreSQL connections of this application (every instance), by state (active, idle, …).",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await connections()) this.set({ state: c.state }, c.n);
    },
  });
}

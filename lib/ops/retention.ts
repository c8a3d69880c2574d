import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { databaseKind, db, rows, type Executor } from "@/db";
import { env, type Env } from "@/lib/env";
import { logFor } from "@/lib/log";
import { startPeriodic } from "@/lib/periodic";

// Retention: rows that only grow and that nothing reads after a while are deleted by a periodic job, a
// small batch per statement (each its own short transaction: no long locks, and autovacuum, or
// db/maintenance.ts on PGlite, reclaims the space). How long each kind is kept is the operator's
// setting (RETENTION_*_DAYS; 0 keeps forever). README "Operating" lists them.

/** Rows deleted per statement, and statements per rule and run (so one run stays short). */
export const RETENTION_BATCH = 1000;
const MAX_BATCHES_PER_RUN = 50;

export type RetentionSettings = {
  webhookDeliveriesDays: number;
  notificationsDays: number;
  landingEventsDays: number;
  abuseCountersDays: number;
  jobsDays: number;
  /** How long after fan-out an event with no delivery is kept (an hour: time to look at a fresh one). */
  outboxGraceSeconds: number;
};

export function retentionSettings(e: Env = env()): RetentionSettings {
  return {
    webhookDeliveriesDays: e.RETENTION_WEBHOOK_DELIVERIES_DAYS,
    notificationsDays: e.RETENTION_NOTIFICATIONS_DAYS,
    landingEventsDays: e.RETENTION_LANDING_EVENTS_DAYS,
    abuseCountersDays: e.RETENTION_ABUSE_COUNTERS_DAYS,
    jobsDays: e.RETENTION_JOBS_DAYS,
    outboxGraceSeconds: 3600,
  };
}

/** `scope(column)`: a condition narrowing a rule to one organisation (tests on a shared database), or true. */
type Scope = (orgColumn: SQL) => SQL;
type Rule = { name: string; batch: (cutoff: SQL, limit: number, scope: Scope) => SQL; days: number | null };

const daysAgo = (now: Date, days: number) => sql`${new Date(now.getTime() - days * 86_400_000).toISOString()}::timestamptz`;

/**
 * The rules, in the order they run. `days: null` always applies (the row's own expiry decides);
 * otherwise a rule with 0 days is skipped. Each `batch` deletes at most `limit` rows older than `cutoff`.
 */
export function retentionRules(s: RetentionSettings): Rule[] {
  return [
    {
      // Deliveries that are finished (delivered, or dead after 24 h of retries).
      name: "webhook_deliveries",
      days: s.webhookDeliveriesDays,
      batch: (cutoff, limit, scope) => sql`
        delete from webhook_deliveries where id in (
          select id from webhook_deliveries
          where status in ('delivered', 'dead') and coalesce(delivered_at, dead_at) < ${cutoff} and ${scope(sql`org_id`)}
          order by id limit ${limit})`,
    },
    {
      // Events fanned out over an hour ago that no delivery points at any more: those no endpoint
      // subscribed to (most claim events), and those whose deliveries the rule above removed.
      name: "outbox",
      days: null,
      batch: (_cutoff, limit, scope) => sql`
        delete from outbox where id in (
          select o.id from outbox o
          where o.fanned_out_at < now() - make_interval(secs => ${s.outboxGraceSeconds}) and ${scope(sql`o.org_id`)}
            and not exists (select 1 from webhook_deliveries d where d.outbox_id = o.id)
          order by o.id limit ${limit})`,
    },
    {
      name: "notifications",
      days: s.notificationsDays,
      batch: (cutoff, limit, scope) => sql`
        delete from notifications where id in (
          select id from notifications where read and created_at < ${cutoff} and ${scope(sql`org_id`)} limit ${limit})`,
    },
    {
      // Raw page views the analytics rollups already hold (before the organisation's watermark). Off by
      // default: a change of time zone rebuilds the rollups from the raw rows that are left.
      name: "landing_events",
      days: s.landingEventsDays,
      batch: (cutoff, limit, scope) => sql`
        delete from landing_events where id in (
          select l.id from landing_events l
          join analytics_rollup_orgs w on w.org_id = l.org_id
          where l.created_at < least(w.rolled_until, ${cutoff}) and ${scope(sql`l.org_id`)}
          order by l.id limit ${limit})`,
    },
    {
      name: "abuse_events",
      days: s.abuseCountersDays,
      batch: (cutoff, limit, scope) => sql`
        delete from abuse_events where (org_id, source, kind) in (
          select org_id, source, kind from abuse_events where last_at < ${cutoff} and ${scope(sql`org_id`)} limit ${limit})`,
    },
    {
      // Rate-limit counters whose window has ended (the limiter does not clear them itself).
      name: "rate_limits",
      days: null,
      batch: (_cutoff, limit) => sql`
        delete from rate_limits where key in (
          select key from rate_limits where expire < now() - interval '1 hour' limit ${limit})`,
    },
    {
      // One-time codes a day after they expired.
      name: "phone_verifications",
      days: null,
      batch: (_cutoff, limit, scope) => sql`
        delete from phone_verifications where id in (
          select id from phone_verifications where expires_at < now() - interval '1 day' and ${scope(sql`org_id`)} limit ${limit})`,
    },
    {
      // Finished code-generation jobs (the groups stay); below, texts the queue sent or skipped (they are
      // queued once, at claim time, so a deleted row is never queued again).
      name: "group_jobs",
      days: s.jobsDays,
      batch: (cutoff, limit, scope) => sql`
        delete from group_jobs where id in (
          select id from group_jobs where status <> 'running' and finished_at < ${cutoff} and ${scope(sql`org_id`)} limit ${limit})`,
    },
    {
      name: "sms_queue",
      days: s.jobsDays,
      batch: (cutoff, limit, scope) => sql`
        delete from sms_queue where id in (
          select id from sms_queue
          where (sent_at < ${cutoff} or (sent_at is null and skipped_reason is not null and created_at < ${cutoff})) and ${scope(sql`org_id`)}
          limit ${limit})`,
    },
  ];
}

/** Deleted rows per rule in one run. */
export type RetentionRun = Record<string, number>;

/** One run: every rule, a batch at a time, until a batch comes back short (or the per-run cap). */
export async function pruneOnce(
  opts: { now?: Date; settings?: RetentionSettings; batch?: number; executor?: Executor; stop?: () => boolean; orgId?: string } = {},
): Promise<RetentionRun> {
  const now = opts.now ?? new Date();
  const limit = opts.batch ?? RETENTION_BATCH;
  const x = opts.executor ?? db;
  const out: RetentionRun = {};
  const scope: Scope = (column) => (opts.orgId ? sql`${column} = ${opts.orgId}::uuid` : sql`true`);
  for (const rule of retentionRules(opts.settings ?? retentionSettings())) {
    if (rule.days === 0) continue;
    const cutoff = daysAgo(now, rule.days ?? 0);
    let deleted = 0;
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      if (opts.stop?.()) return out;
      const [r] = await rows<{ n: number }>(x, sql`with gone as (${rule.batch(cutoff, limit, scope)} returning 1) select count(*)::int as n from gone`);
      const n = Number(r?.n ?? 0);
      deleted += n;
      if (n < limit) break;
    }
    if (deleted) out[rule.name] = deleted;
    // The outbox is a queue: every event is written, updated once (fan-out) and now deleted. Vacuum it
    // right away after a large prune, so its pages are reused instead of waiting for autovacuum's next
    // turn (PGlite has no autovacuum: db/maintenance.ts vacuums there).
    if (rule.name === "outbox" && deleted >= VACUUM_AFTER && databaseKind() === "postgres" && x === db) await db.execute(sql`vacuum outbox`);
  }
  return out;
}

/** Rows a prune of the outbox deletes before it vacuums the table itself. */
const VACUUM_AFTER = 5000;

/** Starts the retention job in this server process unless RETENTION=off. */
export function startRetentionJob(): void {
  const e = env();
  if (e.RETENTION === "off") return;
  const log = logFor("retention");
  startPeriodic(
    "retention",
    e.RETENTION_INTERVAL_SECONDS,
    "retention",
    async () => {
      const { isShuttingDown } = await import("./shutdown");
      const run = await pruneOnce({ stop: isShuttingDown });
      if (Object.keys(run).length) log.info({ deleted: run }, "pruned");
    },
    { firstAfterMs: 30_000 },
  );
}

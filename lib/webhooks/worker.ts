import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { databaseKind, db, rows, type Executor } from "@/db";
import { env } from "@/lib/env";
import { consoleLike, logFor } from "@/lib/log";
import { metrics } from "@/lib/ops/metrics";
import { DeliveryNetworkError, postWebhook, type PostResult } from "./http";
import { WORKER_GLOBAL_KEY } from "./outbox";
import { afterFailure, eventBody, eventId, isAcknowledged, responseExcerpt, RETRY_WINDOW_MS, truncateResponse } from "./rules";
import { SIGNATURE_HEADER, signatureHeader } from "./signing";

// The webhook worker drains the outbox in two steps, both claimed with FOR UPDATE SKIP LOCKED so any
// number of app instances (or `npm run worker` processes) can run it on one PostgreSQL:
//   1. fan-out: each new outbox event becomes one delivery row per active endpoint of its organisation
//      subscribed to its type (a unique index keeps it to one per event and endpoint);
//   2. delivery: due deliveries are leased (next_attempt_at pushed past the request timeout, so a crashed
//      worker's sends come due again), POSTed signed, and recorded: delivered, failed with a backoff,
//      or dead once still failing 24 h after they were queued.
// Order per subject ("in order per code"): a delivery is not claimed while an older delivery of the same
// subject to the same endpoint is still pending/failed, nor while an older event of that subject is not
// fanned out yet. Dead deliveries no longer hold the line.

export type WorkerOptions = {
  /** The clock (tests drive time with it). */
  now?: () => Date;
  /** Per-request deadline. */
  timeoutMs?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Whether receivers may be loopback/private addresses. */
  allowPrivate?: boolean;
  /** Only this organisation's events (tests that share one database). */
  orgId?: string;
  /** Jitter source for the backoff. */
  random?: () => number;
  /** Events fanned out per statement. */
  fanOutBatch?: number;
};

type Resolved = Required<Omit<WorkerOptions, "orgId">> & { orgId?: string };

function resolve(opts: WorkerOptions = {}): Resolved {
  const e = env();
  return {
    now: opts.now ?? (() => new Date()),
    timeoutMs: opts.timeoutMs ?? e.WEBHOOK_TIMEOUT_MS,
    concurrency: opts.concurrency ?? e.WEBHOOK_CONCURRENCY,
    allowPrivate: opts.allowPrivate ?? e.WEBHOOK_ALLOW_PRIVATE,
    orgId: opts.orgId,
    random: opts.random ?? Math.random,
    fanOutBatch: opts.fanOutBatch ?? 500,
  };
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The shortest time between two rounds of the worker (see run()). */
const WAKE_GAP_MS = 20;

/**
 * Runs the worker's own bookkeeping in a transaction that does not wait for its WAL flush. Losing such a
 * write in a database crash only means a request is sent again (a lost lease or "delivered" mark), or an
 * event is fanned out again (its deliveries are lost with the mark): at least once holds, and the worker
 * no longer spends a disk flush per claim and per batch of results.
 */
function relaxed<T>(executor: Executor, query: SQL): Promise<T[]> {
  // PGlite: one connection in this process, where the extra statements cost more than they save.
  if (databaseKind() === "pglite") return rows<T>(executor, query);
  return executor.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = off`);
    return rows<T>(tx, query);
  });
}

/**
 * Turns up to `limit` new outbox events into deliveries and marks them fanned out, in one statement;
 * returns how many events it took. Events of other organisations, types an endpoint does not subscribe
 * to and disabled endpoints get no delivery.
 */
export async function fanOutEvents(opts: WorkerOptions = {}, executor: Executor = db): Promise<{ events: number; deliveries: number }> {
  const o = resolve(opts);
  const now = o.now();
  const retryUntil = new Date(now.getTime() + RETRY_WINDOW_MS);
  const [result] = await relaxed<{ events: number; deliveries: number }>(
    executor,
    sql`
      with batch as (
        select id from outbox
        where fanned_out_at is null ${o.orgId ? sql`and org_id = ${o.orgId}::uuid` : sql``}
        order by id
        limit ${o.fanOutBatch}
        for update skip locked
      ), marked as (
        update outbox set fanned_out_at = ${ts(now)}
        from batch where outbox.id = batch.id
        returning outbox.id, outbox.org_id, outbox.type, outbox.subject, outbox.request_id
      ), inserted as (
        insert into webhook_deliveries (org_id, outbox_id, endpoint_id, subject, status, next_attempt_at, retry_until, created_at, request_id)
        select m.org_id, m.id, e.id, m.subject, 'pending', ${ts(now)}, ${ts(retryUntil)}, ${ts(now)}, m.request_id
        from marked m
        join webhook_endpoints e on e.org_id = m.org_id and e.active and m.type = any(e.event_types)
        on conflict (outbox_id, endpoint_id) do nothing
        returning 1
      )
      select (select count(*) from marked)::int as events, (select count(*) from inserted)::int as deliveries`,
  );
  return { events: Number(result?.events ?? 0), deliveries: Number(result?.deliveries ?? 0) };
}

/** A leased delivery with what is needed to send it. */
export type ClaimedDelivery = {
  id: number;
  attempts: number;
  /** The claim's token: recording the result only applies while it is still this claim's. */
  claimedAt: Date;
  retryUntil: Date;
  url: string;
  secret: string;
  outboxId: number;
  type: string;
  createdAt: Date;
  data: unknown;
  /** The request that caused the event (sent as X-Request-Id), when known. */
  requestId: string | null;
};

type ClaimRow = {
  id: string | number;
  attempts: number;
  retry_until_ms: number | string;
  url: string;
  secret: string;
  outbox_id: string | number;
  type: string;
  created_at_ms: number | string;
  data: unknown;
  request_id: string | null;
};

/** Leases up to `limit` due deliveries (oldest due first, respecting the order per subject and endpoint). */
export async function claimDueDeliveries(limit: number, opts: WorkerOptions = {}, executor: Executor = db): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return [];
  const o = resolve(opts);
  const now = o.now();
  // The lease outlasts the request so that a live worker always records its result first.
  const leaseUntil = new Date(now.getTime() + o.timeoutMs + 30_000);
  const claimed = await relaxed<ClaimRow>(
    executor,
    sql`
      with due as (
        select d.id
        from webhook_deliveries d
        join webhook_endpoints e on e.id = d.endpoint_id and e.active
        where d.status in ('pending', 'failed')
          and d.next_attempt_at <= ${ts(now)}
          ${o.orgId ? sql`and d.org_id = ${o.orgId}::uuid` : sql``}
          and not exists (
            select 1 from webhook_deliveries p
            where p.endpoint_id = d.endpoint_id and p.subject = d.subject and p.outbox_id < d.outbox_id
              and p.status in ('pending', 'failed'))
          and not exists (
            select 1 from outbox q
            where q.org_id = d.org_id and q.subject = d.subject and q.id < d.outbox_id and q.fanned_out_at is null)
        order by d.next_attempt_at, d.id
        limit ${limit}
        for update of d skip locked
      )
      update webhook_deliveries d
      set next_attempt_at = ${ts(leaseUntil)}, attempts = d.attempts + 1, last_attempt_at = ${ts(now)}
      from due, webhook_endpoints e, outbox ev
      where d.id = due.id and e.id = d.endpoint_id and ev.id = d.outbox_id
      returning d.id::text as id, d.attempts, (extract(epoch from d.retry_until) * 1000)::float8 as retry_until_ms,
        e.url, e.secret, ev.id::text as outbox_id, ev.type, (extract(epoch from ev.created_at) * 1000)::float8 as created_at_ms, ev.data,
        d.request_id`,
  );
  return claimed
    .map((r) => ({
      id: Number(r.id),
      attempts: Number(r.attempts),
      claimedAt: now,
      retryUntil: new Date(Number(r.retry_until_ms)),
      url: r.url,
      secret: r.secret,
      outboxId: Number(r.outbox_id),
      type: r.type,
      createdAt: new Date(Math.round(Number(r.created_at_ms))),
      data: typeof r.data === "string" ? JSON.parse(r.data) : r.data,
      requestId: r.request_id ?? null,
    }))
    .sort((a, b) => a.id - b.id);
}

export type DeliveryOutcome = "delivered" | "failed" | "dead";

/** The request for a claimed delivery: its body and signed headers, at `at`. */
export function buildRequest(d: ClaimedDelivery, at: Date): { body: string; headers: Record<string, string> } {
  const body = eventBody({ outboxId: d.outboxId, type: d.type, createdAt: d.createdAt, data: d.data });
  const t = Math.floor(at.getTime() / 1000);
  return {
    body,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "CouponConsole-Webhooks/1.0",
      [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(d.secret, body, t),
      "x-webhook-id": eventId(d.outboxId),
      "x-webhook-event": d.type,
      "x-webhook-delivery": String(d.id),
      "x-webhook-attempt": String(d.attempts),
      ...(d.requestId ? { "x-request-id": d.requestId } : {}),
    },
  };
}

/** What one try of a delivery came to, ready to be recorded. */
export type AttemptResult = {
  id: number;
  claimedAt: Date;
  status: DeliveryOutcome;
  /** When it was delivered, failed or died. */
  at: Date;
  nextAttemptAt: Date;
  statusCode: number | null;
  response: string | null;
  error: string | null;
};

/** POSTs a claimed delivery and decides its outcome (delivered, failed with a backoff, dead); writes nothing. */
export async function attemptDelivery(d: ClaimedDelivery, opts: WorkerOptions = {}): Promise<AttemptResult> {
  const o = resolve(opts);
  const { body, headers } = buildRequest(d, o.now());
  let result: PostResult | null = null;
  let error: string | null = null;
  try {
    result = await postWebhook(d.url, headers, body, { timeoutMs: o.timeoutMs, allowPrivate: o.allowPrivate });
  } catch (e) {
    error = e instanceof DeliveryNetworkError ? e.message : e instanceof Error ? e.message : String(e);
  }
  const now = o.now();
  if (result && result.statusCode >= 300 && result.statusCode < 400) error = "redirects are not followed";
  const base = {
    id: d.id,
    claimedAt: d.claimedAt,
    at: now,
    statusCode: result?.statusCode ?? null,
    response: result ? responseExcerpt(result.body, result.contentType) : null,
    error: error ? truncateResponse(error, 500) : null,
  };
  if (result && isAcknowledged(result.statusCode)) return { ...base, status: "delivered", nextAttemptAt: now };
  const outcome = afterFailure({ attempts: d.attempts, now, retryUntil: d.retryUntil }, o.random);
  return { ...base, status: outcome.status, nextAttemptAt: outcome.status === "failed" ? outcome.nextAttemptAt : now };
}

/**
 * Writes the results of several tries in one statement. A result only applies while its claim still
 * owns the row (same last_attempt_at, still pending/failed): a lease that expired and was claimed again
 * by another worker records nothing here.
 */
export async function recordResults(results: AttemptResult[], executor: Executor = db): Promise<void> {
  if (results.length === 0) return;
  for (const r of results) metrics().webhookAttempts.inc({ outcome: r.status });
  const payload = JSON.stringify(
    results.map((r) => ({
      id: r.id,
      claimed_at: r.claimedAt.toISOString(),
      status: r.status,
      at: r.at.toISOString(),
      next_at: r.nextAttemptAt.toISOString(),
      code: r.statusCode,
      response: r.response,
      error: r.error,
    })),
  );
  await relaxed(
    executor,
    sql`
    update webhook_deliveries d
    set status = r.status::delivery_status,
      delivered_at = case when r.status = 'delivered' then r.at else d.delivered_at end,
      dead_at = case when r.status = 'dead' then r.at end,
      next_attempt_at = r.next_at,
      last_status_code = r.code, last_response = r.response, last_error = r.error
    from jsonb_to_recordset(${payload}::jsonb)
      as r(id bigint, claimed_at timestamptz, status text, at timestamptz, next_at timestamptz, code int, response text, error text)
    where d.id = r.id and d.last_attempt_at = r.claimed_at and d.status in ('pending', 'failed')`,
  );
}

/** Undoes claims that were never sent: due again now, the attempt not counted. */
export async function releaseClaims(claims: ClaimedDelivery[], executor: Executor = db): Promise<void> {
  if (claims.length === 0) return;
  const payload = JSON.stringify(claims.map((c) => ({ id: c.id, claimed_at: c.claimedAt.toISOString() })));
  await relaxed(
    executor,
    sql`
    update webhook_deliveries d
    set next_attempt_at = r.claimed_at, attempts = greatest(d.attempts - 1, 0)
    from jsonb_to_recordset(${payload}::jsonb) as r(id bigint, claimed_at timestamptz)
    where d.id = r.id and d.last_attempt_at = r.claimed_at and d.status in ('pending', 'failed')`,
  );
}

/** Sends one claimed delivery and records what happened; never throws for the receiver's failures. */
export async function sendDelivery(d: ClaimedDelivery, opts: WorkerOptions = {}, executor: Executor = db): Promise<DeliveryOutcome> {
  const result = await attemptDelivery(d, opts);
  await recordResults([result], executor);
  return result.status;
}

export type DrainSummary = { events: number; deliveries: number; attempted: number; delivered: number; failed: number; dead: number };

/**
 * Works until nothing is due at `now`: fans out every new event, then sends every due delivery (at most
 * `concurrency` at once), again and again while sends unblock later deliveries of the same subject.
 * For tests and one-off runs; the long-running worker is `WebhookWorker`.
 */
export async function drainWebhooks(opts: WorkerOptions = {}): Promise<DrainSummary> {
  const o = resolve(opts);
  const summary: DrainSummary = { events: 0, deliveries: 0, attempted: 0, delivered: 0, failed: 0, dead: 0 };
  for (;;) {
    for (;;) {
      const f = await fanOutEvents(o);
      summary.events += f.events;
      summary.deliveries += f.deliveries;
      if (f.events < o.fanOutBatch) break;
    }
    const batch = await claimDueDeliveries(o.concurrency, o);
    if (batch.length === 0) return summary;
    const results = await Promise.all(batch.map((d) => attemptDelivery(d, o)));
    await recordResults(results);
    summary.attempted += results.length;
    for (const r of results) summary[r.status] += 1;
  }
}

type Logger = Pick<Console, "error" | "info">;

/**
 * The long-running worker. Keeps up to `concurrency` requests in flight and as many claimed deliveries
 * queued behind them; fans out new events when woken (`wake()`, after a commit), at every poll
 * (`pollMs`) and while batches come back full; claims more as requests finish; writes results in
 * batches (one statement for all that finished meanwhile). Database errors are logged and retried with
 * a growing pause; the loop never throws.
 */
export class WebhookWorker {
  private readonly o: Resolved;
  private readonly pollMs: number;
  private readonly log: Logger;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly queue: ClaimedDelivery[] = [];
  private readonly results: AttemptResult[] = [];
  private flushing: Promise<void> | null = null;
  private stopping = false;
  private signalled = false;
  private fanOutNeeded = true;
  private backlog = false;
  /**
   * Whether deliveries may have come due since the last claim: at start, at each poll (retries fall
   * due with time), after an error, and when a send finishes or results are written (the next event of
   * that subject may go). A wake-up for new events alone claims only when the fan-out made deliveries,
   * so an organisation without endpoints costs one statement per round, not two.
   */
  private claimDue = true;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private errorDelayMs = 0;

  constructor(opts: WorkerOptions & { pollMs?: number; log?: Logger } = {}) {
    this.o = resolve(opts);
    this.pollMs = opts.pollMs ?? env().WEBHOOK_POLL_MS;
    this.log = opts.log ?? consoleLike(logFor("webhooks"));
  }

  get running(): boolean {
    return this.loop !== null && !this.stopping;
  }

  start(): this {
    if (!this.loop) this.loop = this.run();
    return this;
  }

  /** New events were committed: look for work now instead of at the next poll. */
  wake(): void {
    this.fanOutNeeded = true;
    this.nudge();
  }

  /**
   * Stops claiming, waits for the requests in flight and their results to be written, hands back the
   * claimed deliveries it had not started (due again at once, for any worker), then resolves.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.nudge();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    await this.flushing;
    const unsent = this.queue.splice(0);
    if (unsent.length > 0) {
      try {
        await releaseClaims(unsent);
      } catch (e) {
        this.log.error(`[webhooks] could not release ${unsent.length} claimed deliveries; they are retried when their leases end`, e);
      }
    }
    this.loop = null;
  }

  /** Run another round soon (a slot freed, a result written, new events). */
  private nudge(): void {
    this.signalled = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    let lastTick = 0;
    while (!this.stopping) {
      // Under load every commit wakes the worker: rounds at most every WAKE_GAP_MS gather what the
      // wake-ups of that gap brought into one fan-out and one claim (a few ms of lag, far fewer queries).
      const gap = WAKE_GAP_MS - (Date.now() - lastTick);
      if (gap > 0) await this.sleep(gap, false);
      if (this.stopping) break;
      lastTick = Date.now();
      this.signalled = false;
      let more = false;
      try {
        more = await this.tick();
        this.errorDelayMs = 0;
      } catch (e) {
        this.errorDelayMs = Math.min(30_000, Math.max(1_000, this.errorDelayMs * 2));
        this.log.error(`[webhooks] worker round failed; retrying in ${this.errorDelayMs / 1000} s`, e);
      }
      if (this.stopping) break;
      if (this.errorDelayMs) {
        await this.sleep(this.errorDelayMs, false);
        this.fanOutNeeded = true;
        this.claimDue = true;
      } else if (!more && (await this.sleep(this.pollMs, true)) === "timeout") {
        this.fanOutNeeded = true;
        this.claimDue = true;
      }
    }
  }

  /** One round; true when there may be more work right away. */
  private async tick(): Promise<boolean> {
    let fannedFull = false;
    if (this.fanOutNeeded) {
      this.fanOutNeeded = false;
      const fanned = await fanOutEvents(this.o);
      fannedFull = fanned.events >= this.o.fanOutBatch;
      if (fannedFull) this.fanOutNeeded = true;
      if (fanned.deliveries > 0) this.backlog = true;
    }
    const claimDue = this.claimDue || this.backlog;
    this.claimDue = false;
    if (!claimDue) return fannedFull;
    // Claimed deliveries wait in a local queue of up to `concurrency`, so a request that finishes is
    // followed by the next one at once, without waiting for a claim round trip; claims come in batches.
    const room = 2 * this.o.concurrency - this.inFlight.size - this.queue.length;
    const idle = this.inFlight.size === 0 && this.queue.length === 0;
    if (this.stopping || room < (idle ? 1 : Math.ceil(this.o.concurrency / 2))) return fannedFull;
    const claimed = await claimDueDeliveries(room, this.o);
    this.backlog = claimed.length === room;
    this.queue.push(...claimed);
    this.startSends();
    return fannedFull || this.backlog;
  }

  /** Starts queued deliveries while slots are free. */
  private startSends(): void {
    while (!this.stopping && this.inFlight.size < this.o.concurrency && this.queue.length > 0) {
      const d = this.queue.shift()!;
      const job: Promise<void> = attemptDelivery(d, this.o)
        .then((result) => this.record(result))
        .catch((e) => this.log.error(`[webhooks] delivery ${d.id} failed unexpectedly; it is retried when its lease ends`, e))
        .finally(() => {
          this.inFlight.delete(job);
          this.claimDue = true;
          this.startSends();
          if (this.backlog || this.inFlight.size === 0) this.nudge();
        });
      this.inFlight.add(job);
    }
  }

  /** Queues a result; one writer at a time takes everything queued meanwhile in one statement. */
  private record(result: AttemptResult): void {
    this.results.push(result);
    this.flushing ??= this.flush();
  }

  private async flush(): Promise<void> {
    while (this.results.length > 0) {
      const batch = this.results.splice(0, 500);
      try {
        await recordResults(batch);
      } catch (e) {
        this.log.error(`[webhooks] could not record ${batch.length} delivery results; they are retried when their leases end`, e);
      }
      // Recorded deliveries may unblock the next event of their subject.
      this.claimDue = true;
      this.nudge();
    }
    this.flushing = null;
  }

  /** Waits `ms` or, when `wakeable`, until nudged; says which. */
  private sleep(ms: number, wakeable: boolean): Promise<"timeout" | "signal"> {
    if (wakeable && this.signalled) return Promise.resolve("signal");
    return new Promise<"timeout" | "signal">((done) => {
      const timer = setTimeout(() => finish("timeout"), ms);
      const finish = (why: "timeout" | "signal") => {
        clearTimeout(timer);
        this.wakeUp = null;
        done(why);
      };
      // An error back-off is not cut short by new work, only by stop().
      this.wakeUp = () => {
        if (wakeable || this.stopping) finish("signal");
      };
    });
  }
}

type WorkerGlobal = { [WORKER_GLOBAL_KEY]?: WebhookWorker };

/** Starts the process's worker once (kept across dev hot reloads); returns it. */
export function startWebhookWorker(opts: WorkerOptions & { pollMs?: number } = {}): WebhookWorker {
  const g = globalThis as WorkerGlobal;
  const existing = g[WORKER_GLOBAL_KEY];
  if (existing?.running) return existing;
  const worker = new WebhookWorker(opts).start();
  g[WORKER_GLOBAL_KEY] = worker;
  return worker;
}

/** Stops the process's worker, if any, after its requests in flight. */
export async function stopWebhookWorker(): Promise<void> {
  const g = globalThis as WorkerGlobal;
  const worker = g[WORKER_GLOBAL_KEY];
  g[WORKER_GLOBAL_KEY] = undefined;
  await worker?.stop();
}

import { isShuttingDown } from "@/lib/ops/shutdown";
import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { db, rows } from "@/db";
import { campaigns, codeGroups, organizations, sendMembers, sends, type SendStatus } from "@/db/schema";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { segmentDayOf } from "@/lib/consumers/queries";
import { AppError, raisedCode } from "@/lib/errors";
import { getSegment, segmentSize } from "@/lib/segments/queries";
import type { SegmentRules } from "@/lib/segments/rules";
import { segmentWhere } from "@/lib/segments/sql";
import { zoneDay } from "@/lib/time";
import { audienceSettings, needsApproval } from "./rules";

// Targeted sends (定向发放): asking for one, approving it, and the worker that carries it out in
// batches. The SQL function send_codes (drizzle/0013) hands out a batch's codes and advances the send's
// cursor in one transaction; this module takes the members once (send_members, when the worker first
// starts the send: members are those of the segment then), picks the batches and keeps the lease.

export type Send = typeof sends.$inferSelect;

const notFound = () => new AppError("not_found", "No such send.");

/**
 * Asks for a send of `groupId`'s codes to every member of a segment, optionally texted. It takes a
 * copy of the segment's rules (the send means who was asked for, even if the segment changes later).
 * At or above the owner's threshold it waits for a reviewer's approval; otherwise it is queued at once.
 */
export async function createSend(actor: Actor, segmentId: string, input: { groupId: string; sms: boolean }): Promise<Send> {
  assertCan(actor, "send:create");
  const segment = await getSegment(actor.orgId, segmentId);
  if (!segment) throw new AppError("not_found", "No such segment.");
  const [g] = await db
    .select({ id: codeGroups.id, mode: codeGroups.mode, status: codeGroups.status, campaignId: codeGroups.campaignId, campaignStatus: campaigns.status })
    .from(codeGroups)
    .innerJoin(campaigns, eq(campaigns.id, codeGroups.campaignId))
    .where(and(eq(codeGroups.id, input.groupId), eq(codeGroups.orgId, actor.orgId)));
  if (!g) throw new AppError("invalid_input", "No such code group.", { errors: [{ path: "groupId", message: "sends.errors.group" }] });
  if (g.mode !== "unique") throw new AppError("invalid_input", "A send hands out one code per member: choose a unique-code group.", { errors: [{ path: "groupId", message: "sends.errors.groupShared" }] });
  if (g.campaignStatus !== "approved" || g.status !== "active") {
    throw new AppError("invalid_state", "The group's campaign must be approved and the group active.", { errors: [{ path: "groupId", message: "sends.errors.groupNotLive" }] });
  }
  const { size } = await segmentSize(actor.orgId, segment.rules);
  const [org] = await db.select({ settings: organizations.settings }).from(organizations).where(eq(organizations.id, actor.orgId));
  const approval = needsApproval(size, audienceSettings(org?.settings).sendApprovalThreshold);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(sends)
      .values({
        orgId: actor.orgId,
        segmentId: segment.id,
        segmentName: segment.name,
        rules: segment.rules,
        groupId: g.id,
        campaignId: g.campaignId,
        sms: input.sms,
        status: approval ? "pending_approval" : "queued",
        total: size,
        createdBy: actor.userId,
      })
      .returning();
    await writeAudit(tx, { ...auditActor(actor), action: "send.created", entityType: "send", entityId: row.id, after: { segment: segment.name, groupId: g.id, sms: input.sms, members: size, status: row.status } });
    return row;
  });
}

/** A reviewer approves (queued) or rejects a send that needs approval; never the person who asked for it. */
export async function reviewSend(actor: Actor, id: string, decision: { approve: boolean; comment?: string }): Promise<Send> {
  assertCan(actor, "send:approve");
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(sends).where(and(eq(sends.id, id), eq(sends.orgId, actor.orgId))).for("update");
    if (!s) throw notFound();
    if (s.status !== "pending_approval") throw new AppError("invalid_state", "This send is not waiting for approval.");
    if (s.createdBy && s.createdBy === actor.userId) throw new AppError("forbidden", "Someone other than the person who asked for this send must approve it.");
    const status: SendStatus = decision.approve ? "queued" : "rejected";
    const [row] = await tx
      .update(sends)
      .set({ status, reviewedBy: actor.userId, reviewedAt: sql`now()`, reviewComment: decision.comment ?? null, finishedAt: decision.approve ? null : sql`now()` })
      .where(eq(sends.id, id))
      .returning();
    await writeAudit(tx, { ...auditActor(actor), action: decision.approve ? "send.approved" : "send.rejected", entityType: "send", entityId: id, after: { comment: decision.comment ?? null } });
    return row;
  });
}

/** Stops a send that has not finished; what it already handed out stays. */
export async function cancelSend(actor: Actor, id: string): Promise<Send> {
  assertCan(actor, "send:create");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(sends)
      .set({ status: "cancelled", finishedAt: sql`now()`, leaseOwner: null, leaseUntil: null })
      .where(and(eq(sends.id, id), eq(sends.orgId, actor.orgId), inArray(sends.status, ["pending_approval", "queued", "running", "failed"])))
      .returning();
    if (!row) throw new AppError("invalid_state", "This send has already ended.");
    // A cancelled send never runs again: its member list serves nothing.
    await tx.delete(sendMembers).where(eq(sendMembers.sendId, id));
    await writeAudit(tx, { ...auditActor(actor), action: "send.cancelled", entityType: "send", entityId: id, after: { done: row.done, issued: row.issued } });
    return row;
  });
}

/** Starts a stopped send again where it stopped (its campaign was paused, say, and is live again). */
export async function resumeSend(actor: Actor, id: string): Promise<Send> {
  assertCan(actor, "send:create");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(sends)
      .set({ status: "queued", error: null, finishedAt: null })
      .where(and(eq(sends.id, id), eq(sends.orgId, actor.orgId), eq(sends.status, "failed")))
      .returning();
    if (!row) throw new AppError("invalid_state", "Only a send that stopped can be resumed.");
    await writeAudit(tx, { ...auditActor(actor), action: "send.resumed", entityType: "send", entityId: id, after: { cursor: row.cursor, done: row.done } });
    return row;
  });
}

export async function getSend(orgId: string, id: string): Promise<Send | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.select().from(sends).where(and(eq(sends.id, id), eq(sends.orgId, orgId)));
  return row ?? null;
}

/** The organisation's sends, newest first (optionally those of one segment, or those waiting for approval). */
export async function listSends(orgId: string, opts: { segmentId?: string; status?: SendStatus; limit?: number } = {}) {
  const where = [eq(sends.orgId, orgId)];
  if (opts.segmentId) where.push(eq(sends.segmentId, opts.segmentId));
  if (opts.status) where.push(eq(sends.status, opts.status));
  return db
    .select({ send: sends, groupName: codeGroups.name, campaignName: campaigns.name })
    .from(sends)
    .innerJoin(codeGroups, eq(codeGroups.id, sends.groupId))
    .innerJoin(campaigns, eq(campaigns.id, sends.campaignId))
    .where(and(...where))
    .orderBy(desc(sends.createdAt))
    .limit(opts.limit ?? 50);
}

/** `GET /api/v1/jobs/{id}` for a send. */
export function toJobDto(s: Send) {
  return { id: s.id, kind: "send" as const, status: s.status, done: s.done, total: s.total, issued: s.issued, texts: s.texts, errors: s.skipped };
}

// ── The worker ──────────────────────────────────────────────────────────────────────────────────────

const WORKER_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;
/** A worker holds a send this long without renewing it; after that another one takes over. */
const LEASE_SECONDS = 30;
export const SEND_BATCH = 1000;

export type WorkResult = { sendId: string | null; batches: number; status?: SendStatus };

/** Leases one send that is due (queued, or running with an expired lease), or null. */
async function leaseSend(worker: string, orgId?: string): Promise<Send | null> {
  const [row] = await rows<{ id: string }>(
    db,
    sql`update sends set lease_owner = ${worker}, lease_until = now() + make_interval(secs => ${LEASE_SECONDS}),
          status = 'running', started_at = coalesce(started_at, now())
        where id = (select id from sends
                    where status in ('queued', 'running') and (lease_until is null or lease_until < now() or lease_owner = ${worker})
                      and (${orgId ?? null}::uuid is null or org_id = ${orgId ?? null}::uuid)
                    order by created_at limit 1 for update skip locked)
        returning id`,
  );
  if (!row) return null;
  const [s] = await db.select().from(sends).where(eq(sends.id, row.id));
  return s;
}

/**
 * Takes the send's members (by its copy of the rules; past its cursor, for a send resumed from before
 * members were taken) in one statement, with the send row locked: no other worker can lease it
 * meanwhile, and a crash leaves no half list. The progress bar's end becomes what was taken.
 */
async function takeMembers(s: Send, worker: string): Promise<Send | null> {
  const day = await segmentDayOf(s.orgId);
  return db.transaction(async (tx) => {
    const [mine] = await rows<{ ok: boolean; members_at: Date | null }>(
      tx,
      sql`select (status = 'running' and lease_owner = ${worker}) as ok, members_at from sends where id = ${s.id}::uuid for update`,
    );
    if (!mine?.ok) return null;
    if (mine.members_at) return (await tx.select().from(sends).where(eq(sends.id, s.id)))[0];
    const [{ n }] = await rows<{ n: number }>(
      tx,
      sql`with taken as (
            insert into send_members (send_id, consumer_id)
            select ${s.id}::uuid, k.id from consumers k
            where k.org_id = ${s.orgId}::uuid and ${segmentWhere(s.orgId, s.rules as SegmentRules, day)}
              and (${s.cursor}::uuid is null or k.id > ${s.cursor}::uuid)
            on conflict do nothing
            returning 1)
          select count(*)::int as n from taken`,
    );
    const [updated] = await tx
      .update(sends)
      .set({ membersAt: sql`now()`, total: sql`${sends.done} + ${Number(n)}` })
      .where(eq(sends.id, s.id))
      .returning();
    return updated;
  });
}

/** The next batch of the send's members after its cursor, in id order. */
async function nextBatch(s: Send, size: number): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`select consumer_id as id from send_members
        where send_id = ${s.id}::uuid and (${s.cursor}::uuid is null or consumer_id > ${s.cursor}::uuid)
        order by consumer_id limit ${size}`,
  );
  return found.map((r) => r.id);
}

/**
 * Works on due sends for up to `budgetMs`: leases one, hands out its batches (renewing the lease after
 * each), marks it done when no member is left, or failed when the campaign stopped (paused, ended,
 * frozen…): a person resumes it later, from its cursor. Safe with any number of workers.
 */
export async function workSends(
  opts: { budgetMs?: number; batch?: number; orgId?: string; now?: () => Date; worker?: string; shouldStop?: () => boolean } = {},
): Promise<WorkResult> {
  const started = Date.now();
  const worker = opts.worker ?? WORKER_ID;
  const now = opts.now ?? (() => new Date());
  const leased = await leaseSend(worker, opts.orgId);
  if (!leased) return { sendId: null, batches: 0 };
  let s = leased.membersAt ? leased : await takeMembers(leased, worker);
  if (!s) return { sendId: leased.id, batches: 0 };
  let batches = 0;
  for (;;) {
    const ids = await nextBatch(s, opts.batch ?? SEND_BATCH);
    if (ids.length === 0) {
      const id = s.id;
      const finished = await db.transaction(async (tx) => {
        const ended = await tx
          .update(sends)
          .set({ status: "done", finishedAt: sql`now()`, leaseOwner: null, leaseUntil: null })
          .where(and(eq(sends.id, id), eq(sends.leaseOwner, worker), eq(sends.status, "running")))
          .returning({ id: sends.id });
        if (ended.length) await tx.delete(sendMembers).where(eq(sendMembers.sendId, id));
        return ended.length > 0;
      });
      // Not finished by us: cancelled meanwhile (its members are gone) or the lease lost.
      return finished ? { sendId: id, batches, status: "done" } : { sendId: id, batches };
    }
    const at = now();
    const [org] = await db.select({ tz: organizations.timeZone }).from(organizations).where(eq(organizations.id, s.orgId));
    const day = zoneDay(at, org.tz);
    try {
      await db.transaction(async (tx) => {
        await tx.execute(
          sql`select * from send_codes(${s!.id}::uuid, ${`{${ids.join(",")}}`}::uuid[], ${at.toISOString()}::timestamptz, ${day.day}::date, ${day.start.toISOString()}::timestamptz)`,
        );
        // Still ours? (cancelled meanwhile, or the lease lost to another worker): then undo this batch.
        const [mine] = await rows<{ ok: boolean }>(tx, sql`select (status = 'running' and lease_owner = ${worker}) as ok from sends where id = ${s!.id}::uuid`);
        if (!mine?.ok) throw new LeaseLost();
        await tx.execute(sql`update sends set lease_until = now() + make_interval(secs => ${LEASE_SECONDS}) where id = ${s!.id}::uuid`);
      });
    } catch (e) {
      if (e instanceof LeaseLost) return { sendId: s.id, batches };
      const reason = raisedCode(e);
      if (!reason) throw e;
      await db
        .update(sends)
        .set({ status: "failed", error: reason, leaseOwner: null, leaseUntil: null })
        .where(and(eq(sends.id, s.id), eq(sends.leaseOwner, worker)));
      return { sendId: s.id, batches, status: "failed" };
    }
    batches++;
    [s] = await db.select().from(sends).where(eq(sends.id, s.id));
    // The process is stopping: hand the send back between two batches, for any worker to resume at once.
    if ((opts.shouldStop ?? isShuttingDown)()) {
      await releaseSend(s.id, worker);
      return { sendId: s.id, batches, status: "running" };
    }
    if (Date.now() - started > (opts.budgetMs ?? 20_000)) return { sendId: s.id, batches, status: "running" };
  }
}

/** Gives up this worker's lease of a running send (its cursor stays: the next worker resumes there). */
async function releaseSend(id: string, worker: string): Promise<void> {
  await db
    .update(sends)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(sends.id, id), eq(sends.leaseOwner, worker), eq(sends.status, "running")));
}

class LeaseLost extends Error {}

/** Groups a send can hand out: unique-code groups, active, of approved campaigns that have not ended. */
export async function listSendableGroups(orgId: string) {
  return db
    .select({ id: codeGroups.id, name: codeGroups.name, campaignName: campaigns.name, quantity: codeGroups.quantity })
    .from(codeGroups)
    .innerJoin(campaigns, eq(campaigns.id, codeGroups.campaignId))
    .where(and(eq(codeGroups.orgId, orgId), eq(codeGroups.mode, "unique"), eq(codeGroups.status, "active"), eq(campaigns.status, "approved"), sql`${campaigns.validUntil} > now()`))
    .orderBy(desc(codeGroups.createdAt))
    .limit(200);
}

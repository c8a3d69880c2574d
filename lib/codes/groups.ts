import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { databaseKind, db, type Executor } from "@/db";
import { campaigns, codeGroups, codes, groupJobs, influencers } from "@/db/schema";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { emitEvent } from "@/lib/webhooks/outbox";
import { writeGivenCodes, writeRandomCodes } from "./generate";
import { defaultCodeLength, guessOdds, isWellFormedCode, MAX_GUESS_ODDS, normalizeCode } from "./rules";
import type { CreateGroupInput } from "./schemas";
import { logError } from "@/lib/log";

export type CodeGroup = typeof codeGroups.$inferSelect;

const SLUG_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A short public slug for /c/<slug>: 8 characters, about 40 bits. */
export function randomSlug(): string {
  return Array.from(randomBytes(8), (b) => SLUG_ALPHABET[b % SLUG_ALPHABET.length]).join("");
}

// Running jobs, kept in this process. On PostgreSQL progress is also written to group_jobs through
// another pooled connection. PGlite has one connection, held by the generating transaction, so a
// progress read must not touch the database while a job runs: it is answered from this map (PGlite
// is only ever opened by one process, so the map is complete).
type LiveJob = { job: GroupJob; done: number };
const running = ((globalThis as { __groupJobsRunning?: Map<string, LiveJob> }).__groupJobsRunning ??= new Map());

async function reportProgress(jobId: string, done: number) {
  const live = running.get(jobId);
  if (live) live.done = done;
  if (databaseKind() === "postgres") await db.update(groupJobs).set({ done, heartbeatAt: sql`now()` }).where(eq(groupJobs.id, jobId));
}

/** How often the process writing a group stamps its job (PostgreSQL; see lib/codes/jobs.ts jobState). */
export const JOB_HEARTBEAT_MS = 5_000;

/**
 * Stamps the job's heartbeat until stopped, through another pooled connection than the generating
 * transaction's. On PGlite there is no other connection and no other process, so none is needed.
 */
function startHeartbeat(jobId: string): () => void {
  if (databaseKind() !== "postgres") return () => {};
  const timer = setInterval(() => {
    db.update(groupJobs)
      .set({ heartbeatAt: sql`now()` })
      .where(and(eq(groupJobs.id, jobId), eq(groupJobs.status, "running")))
      .catch((e) => logError("[groups] could not stamp the job's heartbeat", jobId, e));
  }, JOB_HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export type GroupJob = typeof groupJobs.$inferSelect;

/** A job with its live progress. */
export async function getGroupJob(orgId: string, jobId: string): Promise<GroupJob | null> {
  const live = running.get(jobId);
  if (live) return live.job.orgId === orgId ? { ...live.job, done: live.done } : null;
  const [job] = await db.select().from(groupJobs).where(and(eq(groupJobs.id, jobId), eq(groupJobs.orgId, orgId)));
  return job ?? null;
}

/** The organisation's jobs still running in this process (PGlite-safe: no query). */
export function runningGroupJobs(orgId: string): GroupJob[] {
  return [...running.values()].filter((l) => l.job.orgId === orgId).map((l) => ({ ...l.job, done: l.done }));
}

async function checkCampaignAndInfluencer(x: Executor, orgId: string, campaignId: string, influencerId?: string | null, perConsumerLimit?: number | null) {
  const [campaign] = await x
    .select({ id: campaigns.id, status: campaigns.status, perConsumerLimit: campaigns.perConsumerLimit })
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.orgId, orgId)));
  if (!campaign) throw new AppError("not_found", "No such campaign.");
  if (campaign.status === "ended") throw new AppError("invalid_state", "The campaign has ended; it takes no new groups.");
  if (perConsumerLimitAboveCampaign(perConsumerLimit, campaign.perConsumerLimit)) {
    throw fieldError("perConsumerLimit", "group.errors.perConsumerAboveCampaign", `The campaign allows ${campaign.perConsumerLimit} per person; a group cannot allow more.`);
  }
  if (influencerId) {
    const [inf] = await x
      .select({ id: influencers.id })
      .from(influencers)
      .where(and(eq(influencers.id, influencerId), eq(influencers.orgId, orgId), isNull(influencers.archivedAt)));
    if (!inf) {
      throw new AppError("invalid_input", "No such influencer.", { errors: [{ path: "influencerId", message: "group.errors.unknownInfluencer" }] });
    }
  }
}

/**
 * A group's per-person limit cannot promise more than its campaign's: claim_code counts a person's
 * codes across the whole campaign, so the campaign's limit is the one that applies.
 */
export function perConsumerLimitAboveCampaign(groupLimit: number | null | undefined, campaignLimit: number): boolean {
  return groupLimit != null && groupLimit > campaignLimit;
}

function fieldError(path: string, message: string, detail: string) {
  return new AppError("invalid_input", detail, { errors: [{ path, message }] });
}

/** Checks the settings of a unique group: the code length must keep guessing odds below 1 in 10⁹. */
export function resolveCodeLength(input: Pick<CreateGroupInput, "quantity" | "codeLength">): number {
  const length = input.codeLength ?? defaultCodeLength(input.quantity);
  if (guessOdds(input.quantity, length) >= MAX_GUESS_ODDS) {
    throw fieldError("codeLength", "group.errors.codeTooShort", "Codes this short could be guessed: choose a longer code length.");
  }
  return length;
}

/**
 * Creates a code group with all its codes in ONE transaction (invariant 6): claims and
 * redemptions can only see it once every code exists, and a failure leaves nothing behind.
 * Progress and failures are recorded on a group_jobs row outside that transaction.
 */
export async function createGroup(
  actor: Actor,
  campaignId: string,
  input: CreateGroupInput,
  opts: { jobId?: string; onProgress?: (done: number) => Promise<void> | void } = {},
): Promise<CodeGroup> {
  assertCan(actor, "group:write");
  const length = input.mode === "unique" ? resolveCodeLength(input) : null;
  await checkCampaignAndInfluencer(db, actor.orgId, campaignId, input.influencerId, input.perConsumerLimit);
  const job = opts.jobId ? await getGroupJob(actor.orgId, opts.jobId) : await startGroupJob(actor, campaignId, input);
  if (!job) throw new AppError("not_found", "No such job.");
  const jobId = job.id;
  running.set(jobId, { job, done: 0 });
  const stopHeartbeat = startHeartbeat(jobId);
  try {
    const group = await db.transaction(async (tx) => {
      const [group] = await tx
        .insert(codeGroups)
        .values({
          orgId: actor.orgId,
          campaignId,
          name: input.name,
          slug: input.slug ?? randomSlug(),
          influencerId: input.influencerId ?? null,
          channel: input.channel ?? null,
          mode: input.mode,
          quantity: input.quantity,
          sharedCode: input.mode === "shared" ? normalizeCode(input.sharedCode!) : null,
          perConsumerLimit: input.perConsumerLimit ?? null,
          prefix: input.mode === "unique" ? input.prefix : "",
          codeLength: length,
          status: "active",
          createdBy: actor.userId,
        })
        .returning();
      if (input.mode === "shared") {
        await tx.insert(codes).values({ orgId: actor.orgId, groupId: group.id, code: group.sharedCode!, seq: 1 });
      } else {
        await writeRandomCodes(
          tx,
          { orgId: actor.orgId, groupId: group.id, quantity: input.quantity, length: length!, prefix: input.prefix },
          async (done) => {
            await reportProgress(jobId, done);
            await opts.onProgress?.(done);
          },
        );
      }
      await writeAudit(tx, {
        ...auditActor(actor),
        action: "group.created",
        entityType: "code_group",
        entityId: group.id,
        after: { ...group, codeCount: input.mode === "shared" ? 1 : input.quantity },
      });
      return group;
    });
    await db
      .update(groupJobs)
      .set({ status: "succeeded", done: input.quantity, groupId: group.id, finishedAt: new Date() })
      .where(eq(groupJobs.id, jobId));
    return group;
  } catch (e) {
    const err = translateGroupError(e);
    await db
      .update(groupJobs)
      .set({ status: "failed", error: err.message, finishedAt: new Date() })
      .where(eq(groupJobs.id, jobId))
      .catch(() => {});
    throw err;
  } finally {
    stopHeartbeat();
    running.delete(jobId);
  }
}

function translateGroupError(e: unknown): Error {
  if (isUniqueViolation(e, "code_groups_slug_unique")) return fieldError("slug", "group.errors.slugTaken", "This link name is taken.");
  if (isUniqueViolation(e, "codes_org_code_key")) {
    return fieldError("sharedCode", "group.errors.sharedCodeTaken", "This code is already used in your organisation.");
  }
  if (e instanceof AppError) return e;
  logError("[groups] generation failed", e);
  return new AppError("invalid_state", "Generating the codes failed and nothing was kept. Try again.");
}

/** Records a generation request (with what was asked for, for a retry) so the console can follow it. */
export async function startGroupJob(actor: Actor, campaignId: string, input: Pick<CreateGroupInput, "name" | "quantity"> & Partial<CreateGroupInput>) {
  const [job] = await db
    .insert(groupJobs)
    .values({ orgId: actor.orgId, campaignId, name: input.name, quantity: input.quantity, input: input.mode ? { ...input } : null, createdBy: actor.userId })
    .returning();
  return job;
}

/** Creates a group from codes a partner issued: every row valid and new, or nothing is imported. */
export async function importGroup(
  actor: Actor,
  campaignId: string,
  input: { name: string; influencerId?: string | null; channel?: string | null; slug?: string | null },
  rawCodes: { line: number; value: string }[],
): Promise<CodeGroup> {
  assertCan(actor, "group:write");
  await checkCampaignAndInfluencer(db, actor.orgId, campaignId, input.influencerId);
  const errors: { path: string; message: string }[] = [];
  const seen = new Map<string, number>();
  const clean: string[] = [];
  for (const { line, value } of rawCodes) {
    const code = normalizeCode(value);
    if (!isWellFormedCode(code)) errors.push({ path: `rows.${line}`, message: "group.import.malformed" });
    else if (seen.has(code)) errors.push({ path: `rows.${line}`, message: "group.import.duplicateInFile" });
    else {
      seen.set(code, line);
      clean.push(code);
    }
  }
  if (clean.length + errors.length === 0) throw fieldError("file", "group.import.empty", "The file has no codes.");
  if (errors.length) throw new AppError("invalid_input", `${errors.length} rows are invalid; nothing was imported.`, { errors });
  try {
    return await db.transaction(async (tx) => {
      const [group] = await tx
        .insert(codeGroups)
        .values({
          orgId: actor.orgId,
          campaignId,
          name: input.name,
          slug: input.slug ?? randomSlug(),
          influencerId: input.influencerId ?? null,
          channel: input.channel ?? null,
          mode: "unique",
          quantity: clean.length,
          status: "active",
          createdBy: actor.userId,
        })
        .returning();
      const taken = await writeGivenCodes(tx, { orgId: actor.orgId, groupId: group.id }, clean);
      if (taken.length) {
        throw new AppError("invalid_input", `${taken.length} codes already exist; nothing was imported.`, {
          errors: taken.map((c) => ({ path: `rows.${seen.get(c)}`, message: "group.import.exists" })),
        });
      }
      await writeAudit(tx, {
        ...auditActor(actor),
        action: "group.imported",
        entityType: "code_group",
        entityId: group.id,
        after: { ...group, codeCount: clean.length },
      });
      return group;
    });
  } catch (e) {
    throw translateGroupError(e);
  }
}

/** Freezes a group: nothing in it can be claimed or redeemed until an owner or marketer unfreezes it. */
export async function freezeGroup(actor: Actor, groupId: string, reason: string, executor: Executor = db) {
  assertCan(actor, "group:freeze");
  const run = async (tx: Executor) => {
    const [row] = await tx
      .update(codeGroups)
      .set({ status: "frozen", frozenReason: reason })
      .where(and(eq(codeGroups.id, groupId), eq(codeGroups.orgId, actor.orgId), eq(codeGroups.status, "active")))
      .returning();
    if (!row) throw await stateError(tx, actor.orgId, groupId, "Only an active group can be frozen.");
    await writeAudit(tx, { ...auditActor(actor), action: "group.frozen", entityType: "code_group", entityId: groupId, before: { status: "active" }, after: { status: "frozen", reason } });
    await emitEvent(tx, { orgId: actor.orgId, type: "group.frozen", subject: `group:${groupId}`, data: { groupId, reason } });
    return row;
  };
  return executor === db ? db.transaction(run) : run(executor);
}

export async function unfreezeGroup(actor: Actor, groupId: string) {
  assertCan(actor, "group:freeze");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(codeGroups)
      .set({ status: "active", frozenReason: null })
      .where(and(eq(codeGroups.id, groupId), eq(codeGroups.orgId, actor.orgId), eq(codeGroups.status, "frozen")))
      .returning();
    if (!row) throw await stateError(tx, actor.orgId, groupId, "Only a frozen group can be unfrozen.");
    await writeAudit(tx, { ...auditActor(actor), action: "group.unfrozen", entityType: "code_group", entityId: groupId, before: { status: "frozen" }, after: { status: "active" } });
    return row;
  });
}

async function stateError(x: Executor, orgId: string, groupId: string, message: string) {
  const [exists] = await x
    .select({ id: codeGroups.id })
    .from(codeGroups)
    .where(and(eq(codeGroups.id, groupId), eq(codeGroups.orgId, orgId)));
  return exists ? new AppError("invalid_state", message) : new AppError("not_found", "No such code group.");
}

/** Voids single codes that are not yet redeemed; returns how many changed. */
export async function voidCodes(actor: Actor, groupId: string, codeStrings: string[], reason: string) {
  assertCan(actor, "group:freeze");
  const wanted = [...new Set(codeStrings.map(normalizeCode))];
  if (wanted.length === 0) return 0;
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(codes)
      .set({ status: "void" })
      .where(
        and(
          eq(codes.orgId, actor.orgId),
          eq(codes.groupId, groupId),
          inArray(codes.code, wanted),
          inArray(codes.status, ["available", "claimed"]),
        ),
      )
      .returning({ id: codes.id, code: codes.code });
    for (const c of changed) {
      await writeAudit(tx, { ...auditActor(actor), action: "code.voided", entityType: "code", entityId: String(c.id), after: { code: c.code, status: "void", reason } });
    }
    return changed.length;
  });
}

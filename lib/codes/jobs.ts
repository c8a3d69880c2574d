import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { databaseKind, db } from "@/db";
import { campaigns, codeGroups, codes, groupJobs, influencers } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { createGroup, JOB_HEARTBEAT_MS, perConsumerLimitAboveCampaign, resolveCodeLength, runningGroupJobs, startGroupJob, type GroupJob } from "./groups";
import { normalizeCode } from "./rules";
import { createGroupSchema, type CreateGroupInput } from "./schemas";
import { logError } from "@/lib/log";

/** Groups up to this many codes are written while the form waits; larger ones run as a background job. */
export const INLINE_GROUP_LIMIT = 20_000;

/**
 * The checks a person can act on, done before a job starts so they come back to the form as field
 * errors instead of as a failed job: the campaign takes groups, the influencer exists, the link name
 * and the shared code are free. createGroup checks all of it again (and the unique indexes decide races).
 */
export async function checkGroupRequest(
  orgId: string,
  campaignId: string,
  input: Pick<CreateGroupInput, "mode" | "quantity" | "codeLength" | "influencerId" | "slug" | "sharedCode"> & { perConsumerLimit?: number | null },
) {
  if (input.mode === "unique") resolveCodeLength(input);
  const [campaign] = await db
    .select({ status: campaigns.status, perConsumerLimit: campaigns.perConsumerLimit })
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.orgId, orgId)));
  if (!campaign) throw new AppError("not_found", "No such campaign.");
  if (campaign.status === "ended") throw new AppError("invalid_state", "The campaign has ended; it takes no new groups.");
  const errors: { path: string; message: string }[] = [];
  if (perConsumerLimitAboveCampaign(input.perConsumerLimit, campaign.perConsumerLimit)) errors.push({ path: "perConsumerLimit", message: "group.errors.perConsumerAboveCampaign" });
  if (input.influencerId) {
    const [inf] = await db
      .select({ id: influencers.id })
      .from(influencers)
      .where(and(eq(influencers.id, input.influencerId), eq(influencers.orgId, orgId), isNull(influencers.archivedAt)));
    if (!inf) errors.push({ path: "influencerId", message: "group.errors.unknownInfluencer" });
  }
  if (input.slug) {
    // Slugs are public and unique across organisations: the lookup is deliberately not org-scoped.
    const [taken] = await db.select({ id: codeGroups.id }).from(codeGroups).where(eq(codeGroups.slug, input.slug));
    if (taken) errors.push({ path: "slug", message: "group.errors.slugTaken" });
  }
  if (input.mode === "shared" && input.sharedCode) {
    const [taken] = await db
      .select({ id: codes.id })
      .from(codes)
      .where(and(eq(codes.orgId, orgId), eq(codes.code, normalizeCode(input.sharedCode))));
    if (taken) errors.push({ path: "sharedCode", message: "group.errors.sharedCodeTaken" });
  }
  if (errors.length) throw new AppError("invalid_input", "The group settings are not valid.", { errors });
}

/**
 * Runs a generation job to its end, for a caller that does not wait (after() or a detached promise).
 * createGroup records success and failure on the job itself; a refusal before its transaction starts
 * (say, the campaign ended meanwhile) is recorded here, so no job is left "running" for ever.
 */
export async function runGroupJob(actor: Actor, campaignId: string, input: CreateGroupInput, jobId: string): Promise<void> {
  try {
    await createGroup(actor, campaignId, input, { jobId, onProgress: databaseKind() === "pglite" ? letServerBreathe : undefined });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await db
      .update(groupJobs)
      .set({ status: "failed", error: message, finishedAt: new Date() })
      .where(and(eq(groupJobs.id, jobId), eq(groupJobs.orgId, actor.orgId), eq(groupJobs.status, "running")))
      .catch((err) => logError("[groups] could not record the failed job", jobId, err));
  }
}

/**
 * PGlite runs each batch's INSERT synchronously on this thread, and the batches follow each other as
 * promise continuations, so without a pause no HTTP request (a progress poll) would be served until
 * the whole group is written. A short timer after each batch lets the server answer in between.
 */
const BREATHE_MS = 200;
function letServerBreathe(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, BREATHE_MS));
}

/**
 * A running job of this process, by id, if `userId` started it: answered from memory, without a query,
 * because on PGlite the generating transaction holds the only connection. The starter was checked as a
 * member with group:write when the job began, so this is enough to show them their own progress.
 */
export function liveJobOf(orgId: string, userId: string, jobId: string): GroupJob | null {
  return runningGroupJobs(orgId).find((j) => j.id === jobId && j.createdBy === userId) ?? null;
}

export type JobState = "running" | "succeeded" | "failed" | "interrupted";

/**
 * How long a job's heartbeat may be silent on PostgreSQL before the process writing it counts as gone
 * (it stamps every JOB_HEARTBEAT_MS; a few missed stamps allow for a busy server).
 */
export const STALE_AFTER_MS = 4 * JOB_HEARTBEAT_MS;

/**
 * What to show for a job. A `running` row that no process is running (the server stopped mid-way,
 * which rolled its transaction back) is `interrupted`: on PGlite only this process can run jobs, so
 * that is certain; on PostgreSQL another instance may, so once its heartbeat has gone silent.
 */
export function jobState(job: GroupJob, liveIds: ReadonlySet<string>, now = Date.now()): JobState {
  if (job.status !== "running") return job.status;
  if (liveIds.has(job.id)) return "running";
  if (databaseKind() === "pglite") return "interrupted";
  const lastSign = (job.heartbeatAt ?? job.createdAt).getTime();
  return now - lastSign > STALE_AFTER_MS ? "interrupted" : "running";
}

const INTERRUPTED = "Interrupted: the server stopped during generation, which rolled it back; nothing was kept.";

/**
 * Records jobs found `interrupted` as failed, so they read as such everywhere (the API, other
 * instances) and leave the console's panel after a day like any other failure.
 */
export async function recordInterruptedJobs(orgId: string, jobIds: string[]) {
  if (jobIds.length === 0) return;
  await db
    .update(groupJobs)
    .set({ status: "failed", error: INTERRUPTED, finishedAt: new Date() })
    .where(and(eq(groupJobs.orgId, orgId), inArray(groupJobs.id, jobIds), eq(groupJobs.status, "running")));
}

/**
 * Starts a failed job again with what it was asked for (checked again, as a new request is), as a new
 * job; returns it. Jobs recorded before requests were kept cannot be retried.
 */
export async function retryGroupJob(actor: Actor, jobId: string): Promise<GroupJob> {
  const [job] = await db.select().from(groupJobs).where(and(eq(groupJobs.id, jobId), eq(groupJobs.orgId, actor.orgId)));
  if (!job) throw new AppError("not_found", "No such job.");
  if (job.status !== "failed" && jobState(job, new Set(runningGroupJobs(actor.orgId).map((j) => j.id))) !== "interrupted") {
    throw new AppError("invalid_state", "Only a failed job can be retried.");
  }
  const parsed = createGroupSchema.safeParse(job.input);
  if (!parsed.success) throw new AppError("invalid_state", "This job's request was not kept; create the group again.");
  await recordInterruptedJobs(actor.orgId, [job.id]);
  await checkGroupRequest(actor.orgId, job.campaignId, parsed.data);
  return startGroupJob(actor, job.campaignId, parsed.data);
}

// createGroup records English details; the console shows the matching message key.
const JOB_ERRORS: [RegExp, string][] = [
  [/^interrupted/i, "groups.jobs.errors.interrupted"],
  [/nothing was kept/i, "groups.jobs.errors.failed"],
  [/link name is taken/i, "group.errors.slugTaken"],
  [/already used in your organisation/i, "group.errors.sharedCodeTaken"],
  [/could be guessed/i, "group.errors.codeTooShort"],
  [/campaign has ended/i, "groups.errors.campaignEnded"],
  [/no such influencer/i, "group.errors.unknownInfluencer"],
  [/no such campaign/i, "groups.errors.campaignMissing"],
];

/** The message key that explains a failed job's recorded error. */
export function jobErrorKey(error: string | null): string {
  if (!error) return "groups.jobs.errors.failed";
  return JOB_ERRORS.find(([re]) => re.test(error))?.[1] ?? "groups.jobs.errors.failed";
}

/** The JSON the progress endpoint answers and the progress bar reads. */
export type JobProgress = {
  id: string;
  name: string;
  quantity: number;
  done: number;
  state: JobState;
  groupId: string | null;
  errorKey: string | null;
  /** A failed job whose request was kept can be started again. */
  retryable: boolean;
};

export function jobProgress(job: GroupJob, state: JobState): JobProgress {
  return {
    id: job.id,
    name: job.name,
    quantity: job.quantity,
    done: state === "succeeded" ? job.quantity : job.done,
    state,
    groupId: job.groupId,
    errorKey: state === "failed" ? jobErrorKey(job.error) : state === "interrupted" ? "groups.jobs.errors.interrupted" : null,
    retryable: (state === "failed" || state === "interrupted") && job.input != null,
  };
}

import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { auth } from "@/auth";
import { json } from "@/lib/api/handler";
import { problem, toProblem } from "@/lib/api/problem";
import { requireContext } from "@/lib/auth/session";
import { getGroupJob, runningGroupJobs } from "@/lib/codes/groups";
import { jobProgress, jobState, liveJobOf, recordInterruptedJobs } from "@/lib/codes/jobs";

const uuid = z.uuid();

/**
 * A generation job's progress, for the console's progress bar. While the job runs in this process and
 * the caller started it, the answer comes from memory with no query at all (on PGlite the generating
 * transaction holds the only connection); otherwise the database answers after the usual membership check.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string; jobId: string }> }) {
  try {
    const { id: campaignId, jobId } = await params;
    if (!uuid.safeParse(campaignId).success || !uuid.safeParse(jobId).success) return problem(404, "not_found", "No such job.");
    const session = await auth();
    const userId = session?.user?.id;
    if (!userId) return problem(401, "unauthorized", "Sign in to continue.");

    const org = new URL(req.url).searchParams.get("org");
    if (org && uuid.safeParse(org).success) {
      const live = liveJobOf(org, userId, jobId);
      if (live && live.campaignId === campaignId) return json(jobProgress(live, "running"));
    }

    const ctx = await requireContext("group:read");
    const job = await getGroupJob(ctx.orgId, jobId);
    if (!job || job.campaignId !== campaignId) return problem(404, "not_found", "No such job.");
    const live = new Set(runningGroupJobs(ctx.orgId).map((j) => j.id));
    const state = jobState(job, live);
    // Its process is gone: recorded as failed, so every view (and a retry) agrees.
    if (state === "interrupted") await recordInterruptedJobs(ctx.orgId, [job.id]);
    return json(jobProgress(job, state));
  } catch (e) {
    unstable_rethrow(e);
    return toProblem(e);
  }
}

import { logFor } from "@/lib/log";
import { metrics } from "@/lib/ops/metrics";

type Job = { timer: ReturnType<typeof setInterval>; running: Promise<void> | null };
type Jobs = Map<string, Job>;
const jobs: Jobs = ((globalThis as { __periodicJobs?: Jobs }).__periodicJobs ??= new Map());
const log = logFor("jobs");

/**
 * Runs `task` every `seconds` in this server process: once per `name` (kept across dev hot reloads),
 * never overlapping its previous run, failures logged under `label` and retried at the next turn.
 * `firstAfterMs` adds one early run after start; a task that returns "stop" is not run again.
 * The timers never keep the process alive. Each run is counted (coupon_job_runs_total) and its last
 * success stamped (coupon_job_last_success_timestamp_seconds), under `name`.
 */
export function startPeriodic(
  name: string,
  seconds: number,
  label: string,
  task: () => Promise<void | "stop">,
  opts: { firstAfterMs?: number } = {},
): void {
  if (jobs.has(name)) return;
  const m = metrics();
  const tick = async () => {
    const job = jobs.get(name);
    if (!job || job.running) return;
    let finish!: () => void;
    job.running = new Promise<void>((done) => (finish = done));
    m.jobRunning.set({ job: name }, 1);
    try {
      if ((await task()) === "stop") clearInterval(job.timer);
      m.jobRuns.inc({ job: name, outcome: "ok" });
      m.jobLastSuccess.set({ job: name }, Date.now() / 1000);
    } catch (e) {
      m.jobRuns.inc({ job: name, outcome: "error" });
      log.error({ err: e, job: name }, `${label} failed`);
    } finally {
      m.jobRunning.set({ job: name }, 0);
      job.running = null;
      finish();
    }
  };
  const timer = setInterval(tick, seconds * 1000);
  timer.unref?.();
  jobs.set(name, { timer, running: null });
  if (opts.firstAfterMs !== undefined) setTimeout(tick, opts.firstAfterMs).unref?.();
}

/**
 * Stops every periodic job of this process (on shutdown): no new runs start, and the runs in progress
 * are waited for.
 */
export async function stopPeriodic(): Promise<void> {
  const running: Promise<void>[] = [];
  for (const [name, job] of jobs) {
    clearInterval(job.timer);
    if (job.running) running.push(job.running);
    jobs.delete(name);
  }
  await Promise.allSettled(running);
}

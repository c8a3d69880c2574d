"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import { retryGroupJobAction, type GroupActionState } from "@/lib/codes/actions";
import { Button } from "@/components/ui/button";
import { useTranslations } from "next-intl";
import type { JobProgress } from "@/lib/codes/jobs";
import { formatCount } from "@/lib/format";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";

const FIRST_POLL_MS = 500;
const POLL_MS = 1000;
const MAX_BACKOFF_MS = 10_000;

/** Where a job's progress is read: answered from memory while it runs (see the route). */
export function jobUrl(campaignId: string, jobId: string, orgId: string) {
  return `/campaigns/${campaignId}/groups/jobs/${jobId}?org=${encodeURIComponent(orgId)}`;
}

/** Polls a generation job while it runs and calls `onFinished` once when it ends. */
export function useJobProgress(initial: JobProgress, url: string, onFinished?: (job: JobProgress) => void) {
  const [job, setJob] = useState(initial);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const running = job.state === "running";

  useEffect(() => {
    if (!running) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    let delay = POLL_MS;
    const tick = async () => {
      try {
        const res = await fetch(url, { cache: "no-store", headers: { accept: "application/json" } });
        if (!res.ok) throw new Error(String(res.status));
        const next = (await res.json()) as JobProgress;
        if (stopped) return;
        setJob(next);
        if (next.state !== "running") {
          finished.current?.(next);
          return;
        }
        delay = POLL_MS;
      } catch {
        // A restart or a network blip: keep asking, less often.
        delay = Math.min(delay * 2, MAX_BACKOFF_MS);
      }
      if (!stopped) timer = setTimeout(tick, delay);
    };
    timer = setTimeout(tick, FIRST_POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [running, url]);

  return job;
}

/** One job: its name, a progress bar with counts, and on failure the reason. */
export function JobProgressView({ job, className }: { job: JobProgress; className?: string }) {
  const t = useTranslations("groups.jobs");
  const tAll = useTranslations();
  const percent = job.quantity > 0 ? Math.min(100, Math.floor((job.done / job.quantity) * 100)) : 0;
  const failed = job.state === "failed" || job.state === "interrupted";
  return (
    <div className={cn("space-y-2", className)} data-testid="group-job" data-state={job.state}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <span className="font-medium text-zinc-900">{job.name}</span>
        <span className={cn("inline-flex items-center gap-1.5", failed ? "text-red-700" : job.state === "succeeded" ? "text-emerald-700" : "text-zinc-600")}>
          {job.state === "running" ? <Spinner className="size-3.5" /> : null}
          {t(`state.${job.state}`)}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={t("progressLabel", { name: job.name })}
        aria-valuemin={0}
        aria-valuemax={job.quantity}
        aria-valuenow={job.done}
        aria-valuetext={t("progress", { done: formatCount(job.done), quantity: formatCount(job.quantity), percent })}
        className="h-2 overflow-hidden rounded-full bg-zinc-100"
      >
        <div
          className={cn("h-full rounded-full transition-[width] duration-500", failed ? "bg-red-400" : job.state === "succeeded" ? "bg-emerald-500" : "bg-rose-500")}
          style={{ width: `${failed ? Math.max(percent, 2) : percent}%` }}
        />
      </div>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-xs text-zinc-500 tabular-nums">
        <span data-testid="group-job-count">{t("progress", { done: formatCount(job.done), quantity: formatCount(job.quantity), percent })}</span>
        {job.state === "succeeded" && job.groupId ? (
          <Link href={`/groups/${job.groupId}`} className="font-medium text-rose-700 hover:underline">
            {t("open")}
          </Link>
        ) : null}
      </div>
      {failed && job.errorKey ? (
        <p className="text-sm text-red-700" role="alert" data-testid="group-job-error">
          {tAll.has(job.errorKey) ? tAll(job.errorKey) : t("errors.failed")}
        </p>
      ) : null}
      {failed && job.retryable ? <RetryJob jobId={job.id} /> : null}
    </div>
  );
}

/** Starts a failed job again with what it asked for; the page then lists the new job. */
function RetryJob({ jobId }: { jobId: string }) {
  const t = useTranslations("groups.jobs");
  const tAll = useTranslations();
  const router = useRouter();
  const [state, action, pending] = useActionState<GroupActionState, FormData>(retryGroupJobAction, {});
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="jobId" value={jobId} />
      <Button type="submit" variant="secondary" size="sm" disabled={pending || state.ok} data-testid="group-job-retry">
        {t("retry")}
      </Button>
      {state.message && !state.ok ? (
        <span className="text-sm text-red-700" role="alert">
          {tAll.has(state.message) ? tAll(state.message) : t("errors.failed")}
        </span>
      ) : null}
    </form>
  );
}

/** A job that follows itself: polls while running. */
export function LiveJob({ initial, url, onFinished }: { initial: JobProgress; url: string; onFinished?: (job: JobProgress) => void }) {
  const job = useJobProgress(initial, url, onFinished);
  return <JobProgressView job={job} />;
}

import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";
import { formatDateTime } from "@/lib/format";
import { timelineComment, timelineStep, type TimelineStep } from "./timeline-step";

export type TimelineRow = { id: string | number; action: string; at: Date; actorName: string | null; after: unknown };

const DOT: Record<TimelineStep, string> = {
  created: "bg-zinc-400",
  updated: "bg-zinc-300",
  submit: "bg-amber-500",
  approve: "bg-emerald-500",
  reject: "bg-red-500",
  pause: "bg-sky-500",
  resume: "bg-emerald-500",
  end: "bg-zinc-700",
  claimsClosed: "bg-amber-500",
  claimsReopened: "bg-emerald-500",
  claimsStopped: "bg-amber-500",
  other: "bg-zinc-300",
};

/** The campaign's history from the audit log: who did what and when (in the organisation's zone), with review comments. */
export async function CampaignTimeline({ rows, timeZone }: { rows: TimelineRow[]; timeZone: string }) {
  const t = await getTranslations("campaign.timeline");
  if (rows.length === 0) return <p className="text-sm text-zinc-500">{t("empty")}</p>;
  return (
    <ol className="relative space-y-5" data-testid="campaign-timeline">
      {rows.map((row, i) => {
        const step = timelineStep(row.action);
        const comment = timelineComment(row.after);
        return (
          <li key={row.id} className="relative flex gap-3" data-testid={`timeline-${step}`}>
            {i < rows.length - 1 ? <span className="absolute top-4 bottom-[-1.25rem] left-[5px] w-px bg-zinc-200" aria-hidden="true" /> : null}
            <span className={cn("relative mt-1.5 size-[11px] shrink-0 rounded-full ring-4 ring-white", DOT[step])} aria-hidden="true" />
            <div className="min-w-0 text-sm">
              <p className="text-zinc-900">
                {t(`steps.${step}`, { actor: row.actorName ?? t("system"), action: row.action })}
              </p>
              <p className="text-xs text-zinc-500 tabular-nums">
                <time dateTime={row.at.toISOString()}>{formatDateTime(row.at, timeZone)}</time>
              </p>
              {comment ? (
                <blockquote className="mt-1.5 rounded-md border-l-2 border-zinc-300 bg-zinc-50 px-3 py-1.5 break-words whitespace-pre-line">
                  {comment}
                </blockquote>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

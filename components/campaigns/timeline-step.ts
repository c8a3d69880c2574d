const STEPS = ["created", "updated", "submit", "approve", "reject", "pause", "resume", "end", "claimsClosed", "claimsReopened", "claimsStopped"] as const;
export type TimelineStep = (typeof STEPS)[number] | "other";

// The domain writes "campaign.submit"; older rows (the demo seed, earlier versions) say "campaign.submitted".
const PAST: Record<string, TimelineStep> = {
  submitted: "submit",
  approved: "approve",
  rejected: "reject",
  paused: "pause",
  resumed: "resume",
  ended: "end",
};

/** Which step of a campaign's life an audit row's action records. */
export function timelineStep(action: string): TimelineStep {
  const verb = action.startsWith("campaign.") ? action.slice("campaign.".length) : action;
  if ((STEPS as readonly string[]).includes(verb)) return verb as TimelineStep;
  return PAST[verb] ?? "other";
}

/** The comment a review left on its audit row, if any. */
export function timelineComment(after: unknown): string | null {
  if (after && typeof after === "object" && "comment" in after) {
    const c = (after as { comment?: unknown }).comment;
    return typeof c === "string" && c.trim() ? c : null;
  }
  return null;
}

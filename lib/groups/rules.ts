/**
 * A code group's state as the console shows it: its own status (codes being generated, frozen) and,
 * once its codes exist, whether its campaign lets consumers claim from its link right now. A group of
 * a campaign still in review is not 可领取: its link says the offer is not open yet.
 */
export type GroupLiveState = "generating" | "frozen" | "draft" | "awaiting_approval" | "scheduled" | "paused" | "ended" | "active";

export type GroupLiveStateInput = {
  group: { status: string };
  campaign: { status: string; validFrom: Date; validUntil: Date; releaseAt: Date | null; claimEndsAt: Date | null };
};

export function groupLiveState({ group: g, campaign: c }: GroupLiveStateInput, now: Date): GroupLiveState {
  if (g.status === "generating") return "generating";
  if (c.status === "draft") return "draft";
  if (c.status === "in_review") return "awaiting_approval";
  if (c.status === "ended" || now >= c.validUntil || (c.claimEndsAt && now >= c.claimEndsAt)) return "ended";
  if (g.status === "frozen") return "frozen";
  if (c.status === "paused") return "paused";
  if (now < (c.releaseAt ?? c.validFrom)) return "scheduled";
  return "active";
}

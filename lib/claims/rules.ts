/**
 * What the landing page shows for a group, from its campaign's dates and states. The database
 * function `claim_code` applies the same rules atomically when a claim is made; this is for display.
 */
export type ClaimState = "unpublished" | "scheduled" | "available" | "sold_out" | "ended" | "paused" | "frozen" | "claims_closed";

export type ClaimStateInput = {
  campaign: {
    status: string;
    validFrom: Date;
    validUntil: Date;
    releaseAt: Date | null;
    claimEndsAt: Date | null;
    totalQuantity: number | null;
    claimedCount: number;
    /** closed_keep_issued: no new claims, issued codes still redeemable (absent: open). */
    claimMode?: string;
  };
  group: { status: string; mode: string; quantity: number; claimedCount: number };
  /** Unique codes still in the pool (for unique groups). */
  available: number;
};

export function claimState({ campaign: c, group: g, available }: ClaimStateInput, now: Date): ClaimState {
  if (c.status === "draft" || c.status === "in_review") return "unpublished";
  if (c.status === "ended" || now >= c.validUntil || (c.claimEndsAt && now >= c.claimEndsAt)) return "ended";
  if (c.status === "paused") return "paused";
  if (c.claimMode === "closed_keep_issued") return "claims_closed";
  if (g.status !== "active") return "frozen";
  if (now < (c.releaseAt ?? c.validFrom)) return "scheduled";
  if (remaining({ campaign: c, group: g, available }) === 0) return "sold_out";
  return "available";
}

/** Codes a consumer could still get: the smallest of the group's pool and the campaign's total left. */
export function remaining({ campaign: c, group: g, available }: ClaimStateInput): number {
  const inGroup = g.mode === "unique" ? available : g.quantity - g.claimedCount;
  const inCampaign = c.totalQuantity == null ? Infinity : c.totalQuantity - c.claimedCount;
  return Math.max(0, Math.min(inGroup, inCampaign));
}

/** The moment the landing page counts down to: the release, or the start of validity. */
export function releaseTime(c: ClaimStateInput["campaign"]): Date {
  return c.releaseAt ?? c.validFrom;
}

import { can, type Permission, type Role } from "@/lib/auth/permissions";

/** Campaign lifecycle (DESIGN.md): draft → in_review → approved ⇄ paused → ended; in_review → draft on rejection. */
export const CAMPAIGN_STATUSES = ["draft", "in_review", "approved", "paused", "ended"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CAMPAIGN_ACTIONS = ["submit", "approve", "reject", "pause", "resume", "end"] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

const TRANSITIONS: Record<CampaignAction, { from: readonly CampaignStatus[]; to: CampaignStatus }> = {
  submit: { from: ["draft"], to: "in_review" },
  approve: { from: ["in_review"], to: "approved" },
  reject: { from: ["in_review"], to: "draft" },
  pause: { from: ["approved"], to: "paused" },
  resume: { from: ["paused"], to: "approved" },
  end: { from: ["approved", "paused"], to: "ended" },
};

/** The permission each action needs: marketers move their campaigns along, reviewers and owners decide. */
export const ACTION_PERMISSION: Record<CampaignAction, Permission> = {
  submit: "campaign:write",
  approve: "campaign:review",
  reject: "campaign:review",
  pause: "campaign:write",
  resume: "campaign:write",
  end: "campaign:write",
};

/** The status an action leads to from `status`, or null when the action is not allowed there. */
export function nextStatus(status: CampaignStatus, action: CampaignAction): CampaignStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

/** The statuses from which `action` may be taken (used in the conditional UPDATE's WHERE). */
export function allowedFrom(action: CampaignAction): readonly CampaignStatus[] {
  return TRANSITIONS[action].from;
}

export type Schedule = "scheduled" | "active" | "expired";

/** Where an approved campaign stands in time: before its claim window, inside it, or past it. */
export function scheduleOf(
  c: { validFrom: Date; validUntil: Date; releaseAt: Date | null; claimEndsAt: Date | null },
  now: Date,
): Schedule {
  const start = c.releaseAt ?? c.validFrom;
  const end = c.claimEndsAt && c.claimEndsAt < c.validUntil ? c.claimEndsAt : c.validUntil;
  if (now < start) return "scheduled";
  if (now >= end) return "expired";
  return "active";
}

/** What a campaign shows as its status: an approved one is scheduled, active or expired by its dates. */
export type DisplayStatus = Exclude<CampaignStatus, "approved"> | Schedule;

export function displayStatus(
  c: { status: CampaignStatus; validFrom: Date; validUntil: Date; releaseAt: Date | null; claimEndsAt: Date | null },
  now: Date,
): DisplayStatus {
  return c.status === "approved" ? scheduleOf(c, now) : c.status;
}

export type ViewerAction = { action: CampaignAction; blocked?: "ownSubmission" };

/**
 * The lifecycle buttons a viewer gets for a campaign: the actions its status allows and the viewer's
 * role may take. A review of one's own submission is listed as blocked, so the page can say why (four eyes).
 */
export function lifecycleActionsFor(
  c: { status: CampaignStatus; submittedBy: string | null },
  viewer: { role: Role; userId: string },
): ViewerAction[] {
  return CAMPAIGN_ACTIONS.filter((action) => nextStatus(c.status, action) && can(viewer.role, ACTION_PERMISSION[action])).map(
    (action) =>
      (action === "approve" || action === "reject") && c.submittedBy === viewer.userId ? { action, blocked: "ownSubmission" } : { action },
  );
}

import { describe, expect, it } from "vitest";
import {
  CAMPAIGN_ACTIONS,
  CAMPAIGN_STATUSES,
  displayStatus,
  lifecycleActionsFor,
  nextStatus,
  scheduleOf,
  type CampaignAction,
  type CampaignStatus,
} from "./lifecycle";

const EXPECTED: Record<CampaignAction, Partial<Record<CampaignStatus, CampaignStatus>>> = {
  submit: { draft: "in_review" },
  approve: { in_review: "approved" },
  reject: { in_review: "draft" },
  pause: { approved: "paused" },
  resume: { paused: "approved" },
  end: { approved: "ended", paused: "ended" },
};

describe("campaign lifecycle", () => {
  for (const action of CAMPAIGN_ACTIONS) {
    for (const status of CAMPAIGN_STATUSES) {
      const to = EXPECTED[action][status] ?? null;
      it(`${action} from ${status} → ${to ?? "refused"}`, () => {
        expect(nextStatus(status, action)).toBe(to);
      });
    }
  }
});

describe("scheduleOf", () => {
  const c = {
    validFrom: new Date("2026-11-01T00:00:00Z"),
    validUntil: new Date("2026-11-30T16:00:00Z"),
    releaseAt: new Date("2026-11-10T02:00:00Z"),
    claimEndsAt: new Date("2026-11-20T16:00:00Z"),
  };
  it("is scheduled before the release, active inside the claim window, expired after", () => {
    expect(scheduleOf(c, new Date("2026-11-05T00:00:00Z"))).toBe("scheduled");
    expect(scheduleOf(c, new Date("2026-11-10T02:00:00Z"))).toBe("active");
    expect(scheduleOf(c, new Date("2026-11-20T16:00:00Z"))).toBe("expired");
    expect(scheduleOf({ ...c, releaseAt: null, claimEndsAt: null }, new Date("2026-11-29T00:00:00Z"))).toBe("active");
  });
});

describe("displayStatus", () => {
  const dates = {
    validFrom: new Date("2026-11-01T00:00:00Z"),
    validUntil: new Date("2026-11-30T16:00:00Z"),
    releaseAt: null,
    claimEndsAt: null,
  };
  it("shows an approved campaign as scheduled, active or expired by its dates, other statuses as they are", () => {
    expect(displayStatus({ ...dates, status: "approved" }, new Date("2026-10-01T00:00:00Z"))).toBe("scheduled");
    expect(displayStatus({ ...dates, status: "approved" }, new Date("2026-11-15T00:00:00Z"))).toBe("active");
    expect(displayStatus({ ...dates, status: "approved" }, new Date("2026-12-15T00:00:00Z"))).toBe("expired");
    expect(displayStatus({ ...dates, status: "paused" }, new Date("2026-11-15T00:00:00Z"))).toBe("paused");
    expect(displayStatus({ ...dates, status: "draft" }, new Date("2026-11-15T00:00:00Z"))).toBe("draft");
  });
});

describe("lifecycleActionsFor", () => {
  const me = "11111111-1111-1111-1111-111111111111";
  const other = "22222222-2222-2222-2222-222222222222";
  const names = (xs: { action: string; blocked?: string }[]) => xs.map((x) => (x.blocked ? `${x.action}!${x.blocked}` : x.action));

  it("gives marketers submit on drafts and pause/resume/end on live campaigns, never a review", () => {
    const viewer = { role: "marketer" as const, userId: me };
    expect(names(lifecycleActionsFor({ status: "draft", submittedBy: null }, viewer))).toEqual(["submit"]);
    expect(names(lifecycleActionsFor({ status: "in_review", submittedBy: me }, viewer))).toEqual([]);
    expect(names(lifecycleActionsFor({ status: "approved", submittedBy: me }, viewer))).toEqual(["pause", "end"]);
    expect(names(lifecycleActionsFor({ status: "paused", submittedBy: me }, viewer))).toEqual(["resume", "end"]);
    expect(names(lifecycleActionsFor({ status: "ended", submittedBy: me }, viewer))).toEqual([]);
  });

  it("gives reviewers approve and reject on someone else's submission only", () => {
    const viewer = { role: "reviewer" as const, userId: me };
    expect(names(lifecycleActionsFor({ status: "in_review", submittedBy: other }, viewer))).toEqual(["approve", "reject"]);
    expect(names(lifecycleActionsFor({ status: "approved", submittedBy: other }, viewer))).toEqual([]);
    expect(names(lifecycleActionsFor({ status: "draft", submittedBy: null }, viewer))).toEqual([]);
  });

  it("blocks an owner from reviewing their own submission and says why", () => {
    const viewer = { role: "owner" as const, userId: me };
    expect(names(lifecycleActionsFor({ status: "in_review", submittedBy: me }, viewer))).toEqual([
      "approve!ownSubmission",
      "reject!ownSubmission",
    ]);
    expect(names(lifecycleActionsFor({ status: "in_review", submittedBy: other }, viewer))).toEqual(["approve", "reject"]);
  });

  it("gives clerks and influencers nothing", () => {
    for (const role of ["clerk", "influencer"] as const) {
      for (const status of CAMPAIGN_STATUSES) {
        expect(lifecycleActionsFor({ status, submittedBy: other }, { role, userId: me })).toEqual([]);
      }
    }
  });
});

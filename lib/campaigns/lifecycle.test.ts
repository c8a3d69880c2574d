import { describe, expect, it } from "vitest";
import { CAMPAIGN_ACTIONS, CAMPAIGN_STATUSES, nextStatus, scheduleOf, type CampaignAction, type CampaignStatus } from "./lifecycle";

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

import { describe, expect, it } from "vitest";
import { claimState, remaining, type ClaimStateInput } from "./rules";

const now = new Date("2026-11-23T06:00:00Z");
const base = (over: { campaign?: Partial<ClaimStateInput["campaign"]>; group?: Partial<ClaimStateInput["group"]>; available?: number } = {}): ClaimStateInput => ({
  campaign: {
    status: "approved",
    validFrom: new Date("2026-11-01T00:00:00Z"),
    validUntil: new Date("2026-12-01T00:00:00Z"),
    releaseAt: null,
    claimEndsAt: null,
    totalQuantity: null,
    claimedCount: 0,
    ...over.campaign,
  },
  group: { status: "active", mode: "unique", quantity: 100, claimedCount: 0, ...over.group },
  available: over.available ?? 40,
});

describe("claimState", () => {
  it("is available inside the window with codes left", () => {
    expect(claimState(base(), now)).toBe("available");
  });
  it("hides drafts and campaigns under review", () => {
    expect(claimState(base({ campaign: { status: "draft" } }), now)).toBe("unpublished");
    expect(claimState(base({ campaign: { status: "in_review" } }), now)).toBe("unpublished");
  });
  it("counts down to a scheduled release, or to the start of validity", () => {
    expect(claimState(base({ campaign: { releaseAt: new Date("2026-11-23T06:00:01Z") } }), now)).toBe("scheduled");
    expect(claimState(base({ campaign: { releaseAt: new Date("2026-11-23T06:00:00Z") } }), now)).toBe("available");
    expect(claimState(base({ campaign: { validFrom: new Date("2026-11-24T00:00:00Z") } }), now)).toBe("scheduled");
  });
  it("ends at the claim end, the end of validity, or when ended", () => {
    expect(claimState(base({ campaign: { claimEndsAt: now } }), now)).toBe("ended");
    expect(claimState(base({ campaign: { validUntil: now } }), now)).toBe("ended");
    expect(claimState(base({ campaign: { status: "ended" } }), now)).toBe("ended");
  });
  it("says paused and frozen apart", () => {
    expect(claimState(base({ campaign: { status: "paused" } }), now)).toBe("paused");
    expect(claimState(base({ group: { status: "frozen" } }), now)).toBe("frozen");
    expect(claimState(base({ group: { status: "generating" } }), now)).toBe("frozen");
  });
  it("says claims are closed (issued codes still good) when the campaign stopped new claims", () => {
    expect(claimState(base({ campaign: { claimMode: "closed_keep_issued" } }), now)).toBe("claims_closed");
    expect(claimState(base({ campaign: { claimMode: "open" } }), now)).toBe("available");
    // Ended still says ended: nothing is redeemable any more.
    expect(claimState(base({ campaign: { claimMode: "closed_keep_issued", status: "ended" } }), now)).toBe("ended");
  });
  it("is sold out when the pool, the shared total or the campaign total is used up", () => {
    expect(claimState(base({ available: 0 }), now)).toBe("sold_out");
    expect(claimState(base({ group: { mode: "shared", quantity: 10, claimedCount: 10 } }), now)).toBe("sold_out");
    expect(claimState(base({ campaign: { totalQuantity: 5, claimedCount: 5 } }), now)).toBe("sold_out");
  });
  it("shows the smaller of what the group and the campaign have left", () => {
    expect(remaining(base({ available: 40, campaign: { totalQuantity: 50, claimedCount: 20 } }))).toBe(30);
    expect(remaining(base({ group: { mode: "shared", quantity: 500, claimedCount: 120 } }))).toBe(380);
  });
});

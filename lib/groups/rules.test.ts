import { describe, expect, it } from "vitest";
import { groupLiveState } from "./rules";

const now = new Date("2026-12-07T04:00:00Z");
const day = 86_400_000;
const campaign = (over: Partial<Parameters<typeof groupLiveState>[0]["campaign"]> = {}) => ({
  status: "approved",
  validFrom: new Date(now.getTime() - day),
  validUntil: new Date(now.getTime() + 10 * day),
  releaseAt: null,
  claimEndsAt: null,
  ...over,
});

describe("groupLiveState", () => {
  it("is 可领取 only when the campaign is live and the group active", () => {
    expect(groupLiveState({ group: { status: "active" }, campaign: campaign() }, now)).toBe("active");
  });
  it("says a group of a campaign in review or in draft is not live yet", () => {
    expect(groupLiveState({ group: { status: "active" }, campaign: campaign({ status: "in_review" }) }, now)).toBe("awaiting_approval");
    expect(groupLiveState({ group: { status: "active" }, campaign: campaign({ status: "draft" }) }, now)).toBe("draft");
  });
  it("follows the campaign's pause, its dates and the group's own state", () => {
    expect(groupLiveState({ group: { status: "active" }, campaign: campaign({ status: "paused" }) }, now)).toBe("paused");
    expect(groupLiveState({ group: { status: "active" }, campaign: campaign({ releaseAt: new Date(now.getTime() + 3_600_000) }) }, now)).toBe("scheduled");
    expect(groupLiveState({ group: { status: "active" }, campaign: campaign({ validUntil: now }) }, now)).toBe("ended");
    expect(groupLiveState({ group: { status: "active" }, campaign: campaign({ claimEndsAt: new Date(now.getTime() - 1) }) }, now)).toBe("ended");
    expect(groupLiveState({ group: { status: "frozen" }, campaign: campaign() }, now)).toBe("frozen");
    expect(groupLiveState({ group: { status: "generating" }, campaign: campaign({ status: "in_review" }) }, now)).toBe("generating");
  });
});

import { describe, expect, it } from "vitest";
import { timelineComment, timelineStep } from "./timeline-step";

describe("timelineStep", () => {
  it("reads the domain's actions and the past-tense ones of older rows", () => {
    expect(timelineStep("campaign.created")).toBe("created");
    expect(timelineStep("campaign.submit")).toBe("submit");
    expect(timelineStep("campaign.submitted")).toBe("submit");
    expect(timelineStep("campaign.approved")).toBe("approve");
    expect(timelineStep("campaign.end")).toBe("end");
    expect(timelineStep("campaign.renamed")).toBe("other");
  });

  it("finds a review comment", () => {
    expect(timelineComment({ status: "draft", comment: "门槛太低" })).toBe("门槛太低");
    expect(timelineComment({ status: "approved" })).toBeNull();
    expect(timelineComment(null)).toBeNull();
  });
});

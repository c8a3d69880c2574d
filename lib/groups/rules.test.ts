import { describe, expect, it } from "vitest";
import { groupLiveState, offerWithVariant, variantFieldsFor, variantLabel, variantsAllowed } from "./rules";

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

describe("offerWithVariant", () => {
  const amountOff = { type: "amount_off", value: 2000, minSpend: 10000, percentOff: null, maxDiscount: null, giftName: null, tiers: null, name: "x" };
  it("keeps the campaign's offer without a variant or with an empty one", () => {
    expect(offerWithVariant(amountOff, null)).toBe(amountOff);
    expect(offerWithVariant(amountOff, { value: null, minSpend: null, percentOff: null, maxDiscount: null, tiers: null })).toEqual(amountOff);
  });
  it("lays the variant's set fields over the campaign's", () => {
    expect(offerWithVariant(amountOff, { value: 3000, minSpend: null })).toEqual({ ...amountOff, value: 3000 });
    expect(offerWithVariant(amountOff, { value: null, minSpend: 0 })).toEqual({ ...amountOff, minSpend: 0 });
    const percent = { ...amountOff, type: "percent_off", value: null, percentOff: 10, maxDiscount: 3000 };
    expect(offerWithVariant(percent, { percentOff: 15, maxDiscount: null })).toEqual({ ...percent, percentOff: 15 });
  });
  it("takes a variant's tiers in ascending order, with the offer's minimum spend from the lowest", () => {
    const tiered = { ...amountOff, type: "tiered_off", value: null, minSpend: 10000, tiers: [{ minSpend: 10000, value: 1000 }] };
    const got = offerWithVariant(tiered, { tiers: [{ minSpend: 30000, value: 5000 }, { minSpend: 8000, value: 800 }] });
    expect(got.tiers).toEqual([{ minSpend: 8000, value: 800 }, { minSpend: 30000, value: 5000 }]);
    expect(got.minSpend).toBe(8000);
  });
});

describe("variant rules", () => {
  it("lets each campaign type override only its own fields", () => {
    expect(variantFieldsFor("amount_off")).toEqual(["value", "minSpend"]);
    expect(variantFieldsFor("percent_off")).toEqual(["percentOff", "maxDiscount", "minSpend"]);
    expect(variantFieldsFor("tiered_off")).toEqual(["tiers"]);
    expect(variantsAllowed("gift")).toBe(false);
    expect(variantsAllowed("stored_value")).toBe(false);
  });
  it("labels a variant by position when it has no label", () => {
    expect(variantLabel({ label: "", position: 1 })).toBe("B");
    expect(variantLabel({ label: " 大额券 ", position: 0 })).toBe("大额券");
  });
});

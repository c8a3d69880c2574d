import { describe, expect, it } from "vitest";
import { createCampaignSchema } from "./schemas";

const ok = {
  name: "满 100 减 20",
  type: "amount_off",
  value: 2000,
  minSpend: 10000,
  validFrom: "2026-11-01T00:00:00+08:00",
  validUntil: "2026-11-30T23:59:59.999+08:00",
  perConsumerLimit: 1,
};

function errorsOf(input: object) {
  const r = createCampaignSchema.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("campaign input", () => {
  it("accepts a plain 满减 offer and fills defaults", () => {
    const r = createCampaignSchema.parse(ok);
    expect(r.audience).toBe("all");
    expect(r.stackable).toBe(false);
  });

  it("refuses an end before the start", () => {
    expect(errorsOf({ ...ok, validUntil: "2026-10-31T00:00:00+08:00" })).toEqual({ validUntil: "campaign.errors.endBeforeStart" });
  });

  it("refuses percentages over 100 and requires one for percent_off", () => {
    expect(errorsOf({ ...ok, type: "percent_off", value: null, minSpend: 0, percentOff: 120 })).toHaveProperty("percentOff", "campaign.errors.percentOver100");
    expect(errorsOf({ ...ok, type: "percent_off", value: null, minSpend: 0 })).toEqual({ percentOff: "campaign.errors.percentRequired" });
  });

  it("refuses a minimum spend below the discount, but allows no threshold", () => {
    expect(errorsOf({ ...ok, minSpend: 1000 })).toEqual({ minSpend: "campaign.errors.minSpendBelowValue" });
    expect(errorsOf({ ...ok, minSpend: 0 })).toEqual({});
  });

  it("requires the field each type needs", () => {
    expect(errorsOf({ ...ok, type: "gift", value: null })).toEqual({ giftName: "campaign.errors.giftRequired" });
    expect(errorsOf({ ...ok, type: "stored_value", value: null })).toEqual({ initialBalance: "campaign.errors.balanceRequired" });
    expect(errorsOf({ ...ok, audience: "tagged" })).toEqual({ audienceTag: "campaign.errors.tagRequired" });
  });

  it("keeps the claim window inside the validity", () => {
    expect(errorsOf({ ...ok, claimEndsAt: "2026-12-05T00:00:00+08:00" })).toEqual({ claimEndsAt: "campaign.errors.claimEndAfterValidity" });
    expect(
      errorsOf({ ...ok, releaseAt: "2026-11-10T10:00:00+08:00", claimEndsAt: "2026-11-10T09:00:00+08:00" }),
    ).toEqual({ claimEndsAt: "campaign.errors.claimEndBeforeRelease" });
  });

  it("checks usable hours", () => {
    expect(errorsOf({ ...ok, usableHours: { weekdays: [1, 2, 3, 4, 5], slots: [{ from: "14:00", to: "17:00" }] } })).toEqual({});
    expect(errorsOf({ ...ok, usableHours: { weekdays: [1], slots: [{ from: "17:00", to: "14:00" }] } })).toEqual({
      "usableHours.slots.0.to": "campaign.errors.slotOrder",
    });
  });

  it("refuses negative and fractional money", () => {
    expect(Object.keys(errorsOf({ ...ok, value: -5 }))).toEqual(["value"]);
    expect(Object.keys(errorsOf({ ...ok, value: 19.5 }))).toEqual(["value"]);
  });
});

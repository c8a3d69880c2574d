import { describe, expect, it } from "vitest";
import {
  campaignFormValuesFromCampaign,
  campaignFormValuesFromFormData,
  defaultCampaignFormValues,
  fenToYuanInput,
  parseCampaignForm,
  readInstant,
  type CampaignFormValues,
} from "./form";

const SH = "Asia/Shanghai";
const NY = "America/New_York";

function form(over: Partial<CampaignFormValues> = {}): CampaignFormValues {
  return {
    ...defaultCampaignFormValues("2026-11-01"),
    name: "满 100 减 20",
    value: "20",
    minSpend: "100",
    validUntilDate: "2026-11-30",
    ...over,
  };
}

function parse(over: Partial<CampaignFormValues> = {}, tz = SH) {
  return parseCampaignForm(form(over), tz);
}

function errorsOf(over: Partial<CampaignFormValues> = {}, tz = SH) {
  const r = parse(over, tz);
  return r.ok ? {} : r.fieldErrors;
}

function inputOf(over: Partial<CampaignFormValues> = {}, tz = SH) {
  const r = parse(over, tz);
  if (!r.ok) throw new Error(`expected a valid form, got ${JSON.stringify(r.fieldErrors)}`);
  return r.input;
}

describe("dates in the organisation's zone", () => {
  it("reads a bare 'valid until 30 Nov' as the end of that day there, never a UTC midnight", () => {
    expect(inputOf().validUntil).toBe("2026-11-30T15:59:59.999Z");
    expect(inputOf({}, NY).validUntil).toBe("2026-12-01T04:59:59.999Z");
    expect(inputOf().validFrom).toBe("2026-10-31T16:00:00.000Z");
    expect(inputOf({}, NY).validFrom).toBe("2026-11-01T04:00:00.000Z");
  });

  it("takes a typed time as the wall-clock time there", () => {
    expect(inputOf({ validFromTime: "10:00", validUntilTime: "17:30" }).validFrom).toBe("2026-11-01T02:00:00.000Z");
    expect(inputOf({ validUntilTime: "17:30" }).validUntil).toBe("2026-11-30T09:30:00.000Z");
    // New York leaves daylight saving on 1 Nov 2026: 10:00 that day is EST (UTC−5).
    expect(inputOf({ validFromTime: "10:00" }, NY).validFrom).toBe("2026-11-01T15:00:00.000Z");
    expect(inputOf({ releaseAtDate: "2026-11-10", releaseAtTime: "10:00", claimEndsAtDate: "2026-11-20" }).releaseAt).toBe(
      "2026-11-10T02:00:00.000Z",
    );
    expect(inputOf({ claimEndsAtDate: "2026-11-20" }).claimEndsAt).toBe("2026-11-20T15:59:59.999Z");
  });

  it("refuses malformed and impossible dates on the field, and a time without a date", () => {
    expect(errorsOf({ validUntilDate: "2026-02-30" })).toEqual({ validUntil: "campaign.errors.date" });
    expect(errorsOf({ validUntilDate: "30/11/2026" })).toEqual({ validUntil: "campaign.errors.date" });
    expect(errorsOf({ validUntilTime: "25:00" })).toEqual({ validUntil: "campaign.errors.date" });
    expect(errorsOf({ releaseAtTime: "10:00" })).toEqual({ releaseAt: "campaign.errors.dateRequired" });
    expect(errorsOf({ validUntilDate: "" })).toEqual({ validUntil: "validation.required" });
  });

  it("refuses an end before the start with the schema's message", () => {
    expect(errorsOf({ validUntilDate: "2026-10-15" })).toEqual({ validUntil: "campaign.errors.endBeforeStart" });
    // Same day: from 00:00 until 23:59:59.999 is a valid one-day window.
    expect(errorsOf({ validUntilDate: "2026-11-01" })).toEqual({});
  });

  it("readInstant: null when blank", () => {
    expect(readInstant("", "", SH, "end")).toBeNull();
    expect((readInstant("2026-11-30", "", SH, "end") as Date).toISOString()).toBe("2026-11-30T15:59:59.999Z");
  });
});

describe("money in yuan", () => {
  it("turns yuan into fen", () => {
    const input = inputOf({ value: "19.9", minSpend: "¥1,000" });
    expect(input.value).toBe(1990);
    expect(input.minSpend).toBe(100000);
  });

  it("takes full-width digits (Chinese input methods) in amounts and counts", () => {
    const input = inputOf({ value: "２０", minSpend: "￥１００", totalQuantity: "１，０００" });
    expect(input.value).toBe(2000);
    expect(input.minSpend).toBe(10000);
    expect(input.totalQuantity).toBe(1000);
  });

  it("refuses amounts that are not money, on their field, saying what is wrong", () => {
    expect(errorsOf({ value: "20.005" })).toEqual({ value: "campaign.errors.money" });
    expect(errorsOf({ value: "-5" })).toEqual({ value: "campaign.errors.moneyNegative" });
    expect(errorsOf({ value: "99999999999999999" })).toEqual({ value: "campaign.errors.moneyTooLarge" });
    expect(errorsOf({ minSpend: "abc" })).toEqual({ minSpend: "campaign.errors.money" });
  });

  it("refuses a minimum spend below the discount", () => {
    expect(errorsOf({ value: "20", minSpend: "10" })).toEqual({ minSpend: "campaign.errors.minSpendBelowValue" });
  });

  it("needs the amount of the chosen type, and ignores the fields of the others", () => {
    expect(errorsOf({ value: "" })).toEqual({ value: "campaign.errors.valueRequired" });
    const gift = inputOf({ type: "gift", giftName: " 美式咖啡 ", value: "abc", percentOff: "x" });
    expect(gift.giftName).toBe("美式咖啡");
    expect(gift.value).toBeUndefined();
    const stored = inputOf({ type: "stored_value", initialBalance: "500", minSpend: "oops" });
    expect(stored.initialBalance).toBe(50000);
    expect(stored.minSpend).toBe(0);
  });
});

describe("percent off", () => {
  const pct = { type: "percent_off", value: "", minSpend: "" };

  it("reads the percentage and the cap", () => {
    const input = inputOf({ ...pct, percentOff: "15%", maxDiscount: "30" });
    expect(input.percentOff).toBe(15);
    expect(input.maxDiscount).toBe(3000);
  });

  it("refuses over 100, fractions and a missing percentage", () => {
    expect(errorsOf({ ...pct, percentOff: "120" })).toEqual({ percentOff: "campaign.errors.percentOver100" });
    expect(errorsOf({ ...pct, percentOff: "12.5" })).toEqual({ percentOff: "campaign.errors.wholeNumber" });
    expect(errorsOf({ ...pct, percentOff: "" })).toEqual({ percentOff: "campaign.errors.percentRequired" });
    expect(errorsOf({ ...pct, percentOff: "0" })).toEqual({ percentOff: "campaign.errors.tooSmall" });
  });

  it("reports a bad field and an impossible window together", () => {
    expect(errorsOf({ ...pct, percentOff: "120", validUntilDate: "2026-10-01" })).toEqual({
      percentOff: "campaign.errors.percentOver100",
      validUntil: "campaign.errors.endBeforeStart",
    });
  });
});

describe("limits, audience, stores and hours", () => {
  it("reads counts, with thousands separators, and defaults the per-consumer limit to 1", () => {
    const input = inputOf({ totalQuantity: "6,000", perConsumerLimit: "", dailyClaimLimit: "500", validDaysAfterClaim: "14" });
    expect(input).toMatchObject({ totalQuantity: 6000, perConsumerLimit: 1, dailyClaimLimit: 500, validDaysAfterClaim: 14 });
    expect(errorsOf({ totalQuantity: "1.5" })).toEqual({ totalQuantity: "campaign.errors.wholeNumber" });
    expect(errorsOf({ perConsumerLimit: "0" })).toEqual({ perConsumerLimit: "campaign.errors.tooSmall" });
    expect(errorsOf({ totalQuantity: "100", dailyClaimLimit: "200" })).toEqual({ dailyClaimLimit: "campaign.errors.dailyAboveTotal" });
  });

  it("needs a tag for a tagged audience and stores when 'some stores' is chosen", () => {
    expect(errorsOf({ audience: "tagged" })).toEqual({ audienceTag: "campaign.errors.tagRequired" });
    expect(inputOf({ audience: "new", audienceTag: "vip" }).audienceTag).toBeUndefined();
    expect(errorsOf({ storesMode: "some", storeIds: "" })).toEqual({ storeIds: "campaign.errors.storesRequired" });
    const id = "0b6f6c52-7d0e-4d8e-9a53-6a3f1c1d2e3f";
    expect(inputOf({ storesMode: "some", storeIds: id }).storeIds).toEqual([id]);
    expect(inputOf({ storesMode: "all", storeIds: id }).storeIds).toBeNull();
  });

  it("reads weekdays and time slots, and puts a slot's error on its row", () => {
    const input = inputOf({ hoursMode: "limited", weekdays: "1,2,3,4,5", slots: "14:00-17:00" });
    expect(input.usableHours).toEqual({ weekdays: [1, 2, 3, 4, 5], slots: [{ from: "14:00", to: "17:00" }] });
    expect(inputOf({ hoursMode: "always", slots: "garbage" }).usableHours).toBeNull();
    expect(errorsOf({ hoursMode: "limited", weekdays: "" })).toEqual({ weekdays: "campaign.errors.weekdays" });
    // The empty middle row is skipped, yet the error names the third row.
    expect(errorsOf({ hoursMode: "limited", slots: "09:00-11:00;-;17:00-14:00" })).toEqual({ "slots.2": "campaign.errors.slotOrder" });
  });

  it("names a missing name with a message key", () => {
    expect(errorsOf({ name: "  " })).toEqual({ name: "validation.required" });
  });
});

describe("FormData and round trips", () => {
  it("joins repeated fields and reads checkboxes", () => {
    const fd = new FormData();
    fd.set("name", "x");
    fd.append("storeIds", "a");
    fd.append("storeIds", "b");
    fd.append("weekdays", "6");
    fd.append("weekdays", "7");
    fd.append("slotFrom", "10:00");
    fd.append("slotTo", "12:00");
    fd.append("slotFrom", "");
    fd.append("slotTo", "");
    fd.set("stackable", "on");
    const v = campaignFormValuesFromFormData(fd);
    expect(v).toMatchObject({ name: "x", storeIds: "a,b", weekdays: "6,7", slots: "10:00-12:00;-", stackable: "on", showRemaining: "", type: "" });
  });

  it("shows a saved campaign as it was typed, and parses back to the same campaign", () => {
    for (const tz of [SH, NY]) {
      const input = inputOf(
        {
          validFromTime: "09:30",
          releaseAtDate: "2026-11-05",
          claimEndsAtDate: "2026-11-20",
          claimEndsAtTime: "20:00",
          value: "19.9",
          minSpend: "99",
          hoursMode: "limited",
          weekdays: "1,2,3,4,5",
          slots: "14:00-17:00",
          stackable: "on",
        },
        tz,
      );
      const row = {
        ...input,
        value: input.value ?? null,
        percentOff: null,
        maxDiscount: null,
        giftName: null,
        initialBalance: null,
        tiers: null,
        budgetTotal: null,
        budgetDaily: null,
        productScope: null,
        validFrom: new Date(input.validFrom),
        validUntil: new Date(input.validUntil),
        validDaysAfterClaim: null,
        totalQuantity: null,
        dailyClaimLimit: null,
        dailyPerConsumerLimit: null,
        usableHours: input.usableHours ?? null,
        releaseAt: input.releaseAt ? new Date(input.releaseAt) : null,
        claimEndsAt: input.claimEndsAt ? new Date(input.claimEndsAt) : null,
        audienceTag: null,
        segmentId: null,
        followUpGroupId: null,
        reminders: null,
        storeIds: [],
      };
      const values = campaignFormValuesFromCampaign(row, tz);
      expect(values).toMatchObject({
        value: "19.9",
        minSpend: "99",
        validFromDate: "2026-11-01",
        validFromTime: "09:30",
        validUntilDate: "2026-11-30",
        validUntilTime: "",
        releaseAtTime: "",
        claimEndsAtTime: "20:00",
        slots: "14:00-17:00",
      });
      const again = parseCampaignForm(values, tz);
      expect(again.ok && again.input).toEqual(input);
    }
  });

  it("writes fen as typed yuan", () => {
    expect(fenToYuanInput(2000)).toBe("20");
    expect(fenToYuanInput(1990)).toBe("19.9");
    expect(fenToYuanInput(1999)).toBe("19.99");
    expect(fenToYuanInput(5)).toBe("0.05");
  });
});

describe("richer offers on the form", () => {
  const base = { ...defaultCampaignFormValues("2026-11-01"), name: "满减", validUntilDate: "2026-11-15" };

  it("reads tier rows in yuan, skipping blank rows, and the budget and product limits", () => {
    const r = parseCampaignForm(
      {
        ...base,
        type: "tiered_off",
        tiers: "100|10;|;200|30",
        budgetTotal: "1,000",
        budgetDaily: "200",
        scopeCategories: "饮品，甜品",
        scopeSkus: "A1\nB2",
        scopeExcludeCategories: "酒类",
      },
      "Asia/Shanghai",
    );
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
    expect(r.input).toMatchObject({
      tiers: [
        { minSpend: 10000, value: 1000 },
        { minSpend: 20000, value: 3000 },
      ],
      budget: { total: 100000, daily: 20000 },
      productScope: { categories: ["饮品", "甜品"], skus: ["A1", "B2"], excludeCategories: ["酒类"], excludeSkus: [] },
      claimMode: "open",
    });
  });

  it("puts a tier's error on the row it was typed in, and budget errors on their fields", () => {
    const r = parseCampaignForm({ ...base, type: "tiered_off", tiers: "100|10;|;50|30", budgetTotal: "100", budgetDaily: "200" }, "Asia/Shanghai");
    expect(!r.ok && r.fieldErrors).toEqual({
      "tiers.2.minSpend": "campaign.errors.tierMinSpendOrder",
      budgetDaily: "campaign.errors.budgetDailyAboveTotal",
    });
    const unreadable = parseCampaignForm({ ...base, type: "tiered_off", tiers: "100|10;300|abc" }, "Asia/Shanghai");
    expect(!unreadable.ok && unreadable.fieldErrors["tiers.1.value"]).toBe("campaign.errors.money");
    const none = parseCampaignForm({ ...base, type: "tiered_off", tiers: "|" }, "Asia/Shanghai");
    expect(!none.ok && none.fieldErrors.tiers).toBe("campaign.errors.tiersRequired");
  });

  it("ignores a budget typed on a gift, and has no product limits when none is typed", () => {
    const r = parseCampaignForm({ ...base, type: "gift", giftName: "美式", budgetTotal: "100" }, "Asia/Shanghai");
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
    expect(r.input.budget).toBeNull();
    expect(r.input.productScope).toBeNull();
  });

  it("shows a saved tiered campaign as rows that parse back to the same offer", () => {
    const typed = { ...base, type: "tiered_off", tiers: "100|10;200|30", budgetTotal: "500", scopeSkus: "A1, B2" };
    const parsed = parseCampaignForm(typed, "Asia/Shanghai");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
    const i = parsed.input;
    const row = {
      ...i,
      value: null,
      minSpend: 10000,
      percentOff: null,
      maxDiscount: null,
      giftName: null,
      initialBalance: null,
      tiers: i.tiers ?? null,
      budgetTotal: 50000,
      budgetDaily: null,
      productScope: { skus: ["A1", "B2"] },
      validFrom: new Date(i.validFrom),
      validUntil: new Date(i.validUntil),
      validDaysAfterClaim: null,
      totalQuantity: null,
      dailyClaimLimit: null,
      dailyPerConsumerLimit: null,
      usableHours: null,
      releaseAt: null,
      claimEndsAt: null,
      audienceTag: null,
      segmentId: null,
      followUpGroupId: null,
      reminders: null,
      storeIds: [],
    };
    const values = campaignFormValuesFromCampaign(row, "Asia/Shanghai");
    expect(values).toMatchObject({ tiers: "100|10;200|30", minSpend: "", budgetTotal: "500", scopeSkus: "A1, B2" });
    const again = parseCampaignForm(values, "Asia/Shanghai");
    expect(again.ok && again.input).toMatchObject({ tiers: i.tiers, budget: { total: 50000 }, productScope: { skus: ["A1", "B2"] } });
  });
});

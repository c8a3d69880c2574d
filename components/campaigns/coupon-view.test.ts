import { describe, expect, it } from "vitest";
import { defaultCampaignFormValues } from "@/lib/campaigns/form";
import { endOfDayInZone, zonedToUtc } from "@/lib/time";
import { couponViewFromForm, formatBoundary, usableHoursText, weekdaysText } from "./coupon-view";

const DAYS = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const t = (key: string, values?: Record<string, string | number>) => {
  if (key.startsWith("day.")) return DAYS[Number(key.slice(4))];
  if (key === "dayRange") return `${values?.from}至${values?.to}`;
  if (key === "separator") return "、";
  return `<${key}>`;
};

describe("weekdaysText", () => {
  it("joins runs of days", () => {
    expect(weekdaysText(t, [1, 2, 3, 4, 5])).toBe("周一至周五");
    expect(weekdaysText(t, [6, 7])).toBe("周六、周日");
    expect(weekdaysText(t, [5, 1, 3, 4])).toBe("周一、周三至周五");
    expect(weekdaysText(t, [1, 2, 3, 4, 5, 6, 7])).toBe("<everyday>");
  });
});

describe("usableHoursText", () => {
  it("says when a coupon can be used", () => {
    expect(usableHoursText(t, null)).toBe("<anytime>");
    expect(usableHoursText(t, { weekdays: [1, 2, 3, 4, 5], slots: [{ from: "14:00", to: "17:00" }] })).toBe("周一至周五 14:00–17:00");
    expect(usableHoursText(t, { weekdays: [6, 7], slots: [] })).toBe("周六、周日 <allDay>");
  });
});

describe("formatBoundary", () => {
  it("shows whole days as dates and other instants with their time, in the zone", () => {
    expect(formatBoundary(endOfDayInZone("2026-11-30", "Asia/Shanghai"), "Asia/Shanghai", "end")).toBe("2026-11-30");
    expect(formatBoundary(zonedToUtc("2026-11-01", "00:00", "Asia/Shanghai"), "Asia/Shanghai", "start")).toBe("2026-11-01");
    expect(formatBoundary(zonedToUtc("2026-11-10", "10:00", "Asia/Shanghai"), "Asia/Shanghai", "start")).toBe("2026-11-10 10:00");
    expect(formatBoundary(endOfDayInZone("2026-11-30", "America/New_York"), "America/New_York", "end")).toBe("2026-11-30");
  });
});

describe("couponViewFromForm", () => {
  const stores = [
    { id: "a", name: "南京路店" },
    { id: "b", name: "徐家汇店" },
  ];

  it("previews a half-typed form without refusing anything", () => {
    const v = couponViewFromForm(
      { ...defaultCampaignFormValues("2026-11-01"), type: "percent_off", percentOff: "15%", maxDiscount: "3x", validUntilDate: "2026-1" },
      "Asia/Shanghai",
      stores,
    );
    expect(v.offer).toMatchObject({ type: "percent_off", percentOff: 15, maxDiscount: null });
    expect(v.validFrom?.toISOString()).toBe("2026-10-31T16:00:00.000Z");
    expect(v.validUntil).toBeNull();
    expect(v.storeNames).toBeNull();
    expect(v.perConsumerLimit).toBe(1);
  });

  it("names the chosen stores and keeps only well-formed slots", () => {
    const v = couponViewFromForm(
      {
        ...defaultCampaignFormValues("2026-11-01"),
        storesMode: "some",
        storeIds: "b",
        hoursMode: "limited",
        weekdays: "5,1",
        slots: "14:00-17:00;18:00-;20:00-19:00",
      },
      "Asia/Shanghai",
      stores,
    );
    expect(v.storeNames).toEqual(["徐家汇店"]);
    expect(v.usableHours).toEqual({ weekdays: [1, 5], slots: [{ from: "14:00", to: "17:00" }] });
  });
});

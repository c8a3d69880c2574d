import { describe, expect, it } from "vitest";
import { offerComplete, offerFigure, offerText } from "./offer";

// A stand-in translator that shows which message and values were chosen.
const t = (key: string, values?: Record<string, string | number>) =>
  `${key}(${Object.entries(values ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(",")})`;

const base = { value: null, minSpend: 0, percentOff: null, maxDiscount: null, giftName: null, initialBalance: null };

describe("offerText", () => {
  it("describes 满减 with and without a threshold, in yuan", () => {
    expect(offerText(t, { ...base, type: "amount_off", value: 2000, minSpend: 10000 })).toBe("amountOff(min=¥100.00,value=¥20.00)");
    expect(offerText(t, { ...base, type: "amount_off", value: 500 })).toBe("amountOffNoMin(value=¥5.00)");
  });

  it("gives percent off also as 折 (share paid, in tenths)", () => {
    expect(offerText(t, { ...base, type: "percent_off", percentOff: 15 })).toBe("percentOff(percent=15,zhe=8.5)");
    expect(offerText(t, { ...base, type: "percent_off", percentOff: 20, maxDiscount: 3000 })).toBe(
      "percentOffCap(percent=20,zhe=8,cap=¥30.00)",
    );
  });

  it("names the gift and the stored value", () => {
    expect(offerText(t, { ...base, type: "gift", giftName: "美式咖啡" })).toBe("gift(gift=美式咖啡)");
    expect(offerText(t, { ...base, type: "stored_value", initialBalance: 50000 })).toBe("storedValue(balance=¥500.00)");
  });
});

describe("offerFigure and offerComplete", () => {
  it("gives the coupon's big figure in compact yuan or 折", () => {
    expect(offerFigure(t, { ...base, type: "amount_off", value: 1990, minSpend: 10000 })).toBe("amountOff(value=19.9)");
    expect(offerFigure(t, { ...base, type: "percent_off", percentOff: 15 })).toBe("percentOff(percent=15,zhe=8.5)");
    expect(offerFigure(t, { ...base, type: "gift", giftName: "美式" })).toBe("gift()");
    expect(offerFigure(t, { ...base, type: "stored_value", initialBalance: 50000 })).toBe("storedValue(balance=500)");
  });

  it("knows when the offer is not filled in yet", () => {
    expect(offerComplete({ ...base, type: "amount_off" })).toBe(false);
    expect(offerComplete({ ...base, type: "amount_off", value: 2000 })).toBe(true);
    expect(offerComplete({ ...base, type: "percent_off", percentOff: 120 })).toBe(false);
    expect(offerComplete({ ...base, type: "gift", giftName: " " })).toBe(false);
    expect(offerComplete({ ...base, type: "stored_value", initialBalance: 100 })).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { offerComplete, offerFigure, offerText, scopeText } from "./offer";

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

describe("tiered 满减", () => {
  const tiers = [
    { minSpend: 20000, value: 3000 },
    { minSpend: 10000, value: 1000 },
  ];

  it("states every tier, lowest first, in compact yuan", () => {
    expect(offerText(t, { ...base, type: "tiered_off", minSpend: 10000, tiers })).toBe("tier(min=100,value=10)tierSeparator()tier(min=200,value=30)");
  });

  it("reads as the real sentences in both languages", () => {
    const zh = (key: string, v?: Record<string, string | number>) =>
      key === "tier" ? `满${v?.min}减${v?.value}` : key === "tierSeparator" ? "，" : key === "tieredOff" ? `最高减¥${v?.value}` : key;
    const en = (key: string, v?: Record<string, string | number>) => (key === "tier" ? `¥${v?.value} off ¥${v?.min}` : key === "tierSeparator" ? ", " : key);
    expect(offerText(zh, { ...base, type: "tiered_off", tiers })).toBe("满100减10，满200减30");
    expect(offerText(en, { ...base, type: "tiered_off", tiers })).toBe("¥10 off ¥100, ¥30 off ¥200");
    expect(offerFigure(zh, { ...base, type: "tiered_off", tiers })).toBe("最高减¥30");
  });

  it("shows the top tier as the figure and is complete only with valid tiers", () => {
    expect(offerFigure(t, { ...base, type: "tiered_off", tiers })).toBe("tieredOff(value=30)");
    expect(offerComplete({ ...base, type: "tiered_off", tiers })).toBe(true);
    expect(offerComplete({ ...base, type: "tiered_off", tiers: [] })).toBe(false);
    expect(offerComplete({ ...base, type: "tiered_off" })).toBe(false);
    expect(offerComplete({ ...base, type: "tiered_off", tiers: [{ minSpend: 1000, value: 1000 }] })).toBe(false);
  });
});

describe("scopeText", () => {
  const zh = (key: string, v?: Record<string, string | number>) =>
    ({ only: `仅限: ${v?.items}`, except: `不含: ${v?.items}`, sku: `SKU ${v?.sku}`, itemSeparator: ", ", separator: "；" })[key] ?? key;

  it("says what is included and what is excluded, categories before SKUs", () => {
    expect(scopeText(zh, { categories: ["饮品"], skus: ["A1"], excludeCategories: ["酒类"] })).toBe("仅限: 饮品, SKU A1；不含: 酒类");
    expect(scopeText(zh, { excludeSkus: ["B2"] })).toBe("不含: SKU B2");
  });

  it("is null when every product counts", () => {
    expect(scopeText(zh, null)).toBeNull();
    expect(scopeText(zh, { categories: [], skus: [] })).toBeNull();
  });
});

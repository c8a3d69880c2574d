import { describe, expect, it } from "vitest";
import { formPathOf, parseVariantsForm } from "./form";

const form = (fields: Record<string, string>) => (key: string) => fields[key] ?? "";

describe("parseVariantsForm", () => {
  it("reads an amount-off test in yuan, blank fields keeping the campaign's", () => {
    const r = parseVariantsForm(form({ count: "2", "label.0": "", "value.0": "", "label.1": "大额", "value.1": "30", "minSpend.1": "150.5", "percentOff.1": "20" }), "amount_off");
    expect(r).toEqual({
      ok: true,
      data: {
        variants: [
          { label: "", value: null, minSpend: null, percentOff: null, maxDiscount: null, tiers: null },
          // percentOff is not an amount-off field: it is not read.
          { label: "大额", value: 3000, minSpend: 15050, percentOff: null, maxDiscount: null, tiers: null },
        ],
      },
    });
  });
  it("reads tier rows of a tiered offer, skipping empty rows", () => {
    const r = parseVariantsForm(
      form({ count: "2", "tierMin.0.0": "100", "tierValue.0.0": "10", "tierMin.0.2": "300", "tierValue.0.2": "50", "tierMin.1.0": "80", "tierValue.1.0": "8" }),
      "tiered_off",
    );
    expect(r.ok && r.data.variants.map((v) => v.tiers)).toEqual([
      [
        { minSpend: 10000, value: 1000 },
        { minSpend: 30000, value: 5000 },
      ],
      [{ minSpend: 8000, value: 800 }],
    ]);
  });
  it("names the field of each mistake", () => {
    expect(parseVariantsForm(form({ count: "2", "value.1": "abc" }), "amount_off")).toEqual({ ok: false, fieldErrors: { "value.1": "groups.ab.errors.money" } });
    expect(parseVariantsForm(form({ count: "2", "percentOff.0": "120" }), "percent_off")).toEqual({ ok: false, fieldErrors: { "percentOff.0": "groups.ab.errors.percent" } });
    expect(parseVariantsForm(form({ count: "2", "tierMin.1.0": "50", "tierValue.1.0": "60" }), "tiered_off")).toEqual({ ok: false, fieldErrors: { "tierValue.1.0": "groups.ab.errors.tierValueBelowMin" } });
    expect(parseVariantsForm(form({ count: "2", "tierMin.0.0": "50" }), "tiered_off")).toEqual({ ok: false, fieldErrors: { "tierValue.0.0": "groups.ab.errors.tierValue" } });
    expect(parseVariantsForm(form({ count: "2", "label.0": "X", "label.1": "x" }), "amount_off")).toEqual({ ok: false, fieldErrors: { "label.1": "groups.ab.errors.labelTaken" } });
    expect(parseVariantsForm(form({ count: "2", "label.0": "一二三四五六七八九十一二三四五六七八九十一" }), "amount_off")).toEqual({ ok: false, fieldErrors: { "label.0": "groups.ab.errors.labelTooLong" } });
  });
  it("takes 2–4 variants, or none to remove the test", () => {
    expect(parseVariantsForm(form({ count: "1" }), "amount_off")).toEqual({ ok: false, fieldErrors: { count: "groups.ab.errors.count" } });
    expect(parseVariantsForm(form({ count: "5" }), "amount_off")).toEqual({ ok: false, fieldErrors: { count: "groups.ab.errors.count" } });
    expect(parseVariantsForm(form({ count: "0" }), "amount_off")).toEqual({ ok: true, data: { variants: [] } });
  });
});

describe("formPathOf", () => {
  it("maps schema paths to form fields", () => {
    expect(formPathOf(["variants", 1, "tiers", 0, "value"])).toBe("tierValue.1.0");
    expect(formPathOf(["variants", 2, "tiers"])).toBe("tiers.2");
    expect(formPathOf(["variants", 0, "maxDiscount"])).toBe("maxDiscount.0");
    expect(formPathOf(["variants"])).toBe("count");
  });
});

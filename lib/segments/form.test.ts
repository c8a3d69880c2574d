import { describe, expect, it } from "vitest";
import { parseSegmentForm, segmentFormValues } from "./form";

const blank = { name: "老客", tagsAny: "", tagsAll: "", who: "any", dormantDays: "", minOrderTotal: "", minRedemptions: "", withinDays: "" };

describe("the segment form", () => {
  it("reads tags, who, yuan and full-width digits into rules", () => {
    const r = parseSegmentForm({ ...blank, tagsAny: "VIP、学生, 会员", who: "returning", minOrderTotal: "¥１００.５", withinDays: "３０" });
    expect(r).toEqual({ ok: true, input: { name: "老客", rules: { tagsAny: ["vip", "学生", "会员"], newConsumer: false, minOrderTotal: 10050, withinDays: 30 } } });
  });
  it("says which field is wrong", () => {
    expect(parseSegmentForm({ ...blank, name: "", dormantDays: "-3", withinDays: "7" })).toEqual({
      ok: false,
      fieldErrors: { dormantDays: "segments.errors.days", name: "segments.errors.name", withinDays: "segments.errors.withinAlone" },
    });
    expect(parseSegmentForm({ ...blank, minOrderTotal: "abc" })).toMatchObject({ ok: false, fieldErrors: { minOrderTotal: "segments.errors.money" } });
  });
  it("shows saved rules as they were typed", () => {
    const values = segmentFormValues({ name: "x", rules: { tagsAny: ["vip"], newConsumer: true, minOrderTotal: 2500 } });
    expect(parseSegmentForm(values)).toEqual({ ok: true, input: { name: "x", rules: { tagsAny: ["vip"], newConsumer: true, minOrderTotal: 2500 } } });
  });
});

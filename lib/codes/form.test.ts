import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/action-state";
import { GROUP_FORM_FIELDS, parseGroupForm, parseImportForm, type GroupFormFields } from "./form";

const INF = "7b0d1c5e-2f6a-4c1b-9a77-0d3c2b1a9e88";
const form = (v: Partial<GroupFormFields>): GroupFormFields => ({
  ...(Object.fromEntries(GROUP_FORM_FIELDS.map((k) => [k, ""])) as GroupFormFields),
  name: "小鹿直播间",
  bind: "influencer",
  influencerId: INF,
  mode: "unique",
  quantity: "1,000",
  ...v,
});

describe("parseGroupForm", () => {
  it("turns a unique group's fields into the domain input", () => {
    const r = parseGroupForm(form({ prefix: "lm", codeLength: "", channel: "ignored" }));
    expect(r.success && r.data).toMatchObject({ name: "小鹿直播间", influencerId: INF, channel: null, mode: "unique", quantity: 1000, prefix: "LM", codeLength: null, sharedCode: null });
  });

  it("turns a shared group's fields into the domain input, dropping unique settings", () => {
    const r = parseGroupForm(form({ bind: "channel", channel: " 门店海报 ", mode: "shared", quantity: "5000", sharedCode: "lm888", perConsumerLimit: "2", prefix: "XX", codeLength: "12" }));
    expect(r.success && r.data).toMatchObject({ influencerId: null, channel: "门店海报", mode: "shared", quantity: 5000, sharedCode: "lm888", perConsumerLimit: 2, prefix: "", codeLength: null });
  });

  it("answers with message keys for every field", () => {
    const r = parseGroupForm(form({ name: "", influencerId: "", quantity: "many", prefix: "TOO-LONG-PREFIX", codeLength: "30" }));
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(fieldErrorsOf(r.error)).toEqual({
      name: "validation.required",
      influencerId: "groups.form.errors.influencerRequired",
      quantity: "groups.form.errors.quantity",
      prefix: "group.errors.prefix",
      codeLength: "groups.form.errors.codeLength",
    });
    const shared = parseGroupForm(form({ mode: "shared", sharedCode: "!", bind: "channel", channel: "" }));
    expect(!shared.success && fieldErrorsOf(shared.error)).toEqual({ channel: "groups.form.errors.channelRequired", sharedCode: "group.errors.sharedCode" });
    const big = parseGroupForm(form({ quantity: "1000001" }));
    expect(!big.success && fieldErrorsOf(big.error)).toEqual({ quantity: "group.errors.quantityTooLarge" });
  });
});

describe("parseImportForm", () => {
  it("takes a name, a binding and an optional link name", () => {
    expect(parseImportForm({ name: "合作方", bind: "channel", channel: "美团", influencerId: "", slug: "" })).toEqual({
      success: true,
      data: { name: "合作方", slug: null, influencerId: null, channel: "美团" },
    });
    const bad = parseImportForm({ name: "", bind: "", channel: "", influencerId: "", slug: "No Spaces" });
    expect(!bad.success && fieldErrorsOf(bad.error)).toEqual({ bind: "groups.form.errors.bind", name: "validation.required", slug: "group.errors.slug" });
  });
});

import { describe, expect, it } from "vitest";
import { parseCampaignForm } from "./form";
import { createCampaignSchema } from "./schemas";
import { CAMPAIGN_TEMPLATES, isTemplateKey, TEMPLATE_KEYS, templateFormValues } from "./templates";

const today = "2026-11-01";
const tz = "Asia/Shanghai";

describe("campaign templates", () => {
  it.each(TEMPLATE_KEYS)("%s prefills a form whose values pass createCampaignSchema", (key) => {
    const parsed = parseCampaignForm(templateFormValues(key, today), tz);
    if (!parsed.ok) throw new Error(`${key}: ${JSON.stringify(parsed.fieldErrors)}`);
    expect(createCampaignSchema.safeParse(parsed.input).success).toBe(true);
    expect(parsed.input.type).toBe(CAMPAIGN_TEMPLATES[key].type);
  });

  it("keeps validity within 7–15 days and thresholds at most half of a typical ¥100 order", () => {
    for (const key of TEMPLATE_KEYS) {
      const parsed = parseCampaignForm(templateFormValues(key, today), tz);
      if (!parsed.ok) throw new Error(key);
      const days = (Date.parse(parsed.input.validUntil) - Date.parse(parsed.input.validFrom)) / 86_400_000;
      expect(days).toBeGreaterThanOrEqual(7);
      expect(days).toBeLessThanOrEqual(15);
      if (parsed.input.type !== "tiered_off") expect(parsed.input.minSpend).toBeLessThanOrEqual(5000);
    }
  });

  it("fills in each template's recommended offer", () => {
    const parse = (key: (typeof TEMPLATE_KEYS)[number]) => {
      const r = parseCampaignForm(templateFormValues(key, today), tz);
      if (!r.ok) throw new Error(key);
      return r.input;
    };
    expect(parse("new_customer")).toMatchObject({ type: "amount_off", value: 1000, minSpend: 0, audience: "new" });
    expect(parse("tiered").tiers).toEqual([
      { minSpend: 10000, value: 1000 },
      { minSpend: 20000, value: 3000 },
    ]);
    expect(parse("percent")).toMatchObject({ percentOff: 15, maxDiscount: 3000, minSpend: 5000 });
    expect(parse("stored_value")).toMatchObject({ initialBalance: 60000, name: "充500送100" });
    expect(parse("gift")).toMatchObject({ giftName: "饮品一杯" });
  });

  it("takes the viewer's words for the name and the gift, and knows its keys", () => {
    expect(templateFormValues("gift", today, { name: "Gift voucher", giftName: "One drink" })).toMatchObject({ name: "Gift voucher", giftName: "One drink" });
    expect(isTemplateKey("tiered")).toBe(true);
    expect(isTemplateKey("nope")).toBe(false);
  });
});

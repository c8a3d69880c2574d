import { addDays } from "@/lib/time";
import { defaultCampaignFormValues, fenToYuanInput, joinTiers, type CampaignFormValues } from "./form";
import type { CampaignType, Tier } from "./rules";

// Starting points for /campaigns/new, from the seed articles' advice: a validity of 7–15 days (long
// enough to come back, short enough to act now) and a threshold at most half of a typical order
// (so the offer is reachable). Pure: the page prefills the form with them; nothing is saved until the
// marketer does.

export const TEMPLATE_KEYS = ["new_customer", "tiered", "percent", "stored_value", "gift"] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export type CampaignTemplate = {
  key: TemplateKey;
  /** The prefilled campaign name, Chinese first (the page passes the viewer's language's). */
  name: string;
  type: CampaignType;
  value?: number; // fen
  minSpend?: number; // fen
  percentOff?: number;
  maxDiscount?: number; // fen
  giftName?: string;
  initialBalance?: number; // fen
  tiers?: Tier[];
  audience?: "all" | "new";
  /** Days from today to the last valid day. */
  validDays: number;
};

export const CAMPAIGN_TEMPLATES: Record<TemplateKey, CampaignTemplate> = {
  // 新客首单立减: ¥10 off, no threshold, new consumers only.
  new_customer: { key: "new_customer", name: "新客首单立减", type: "amount_off", value: 1000, minSpend: 0, audience: "new", validDays: 14 },
  // 满减: 满100减10 / 满200减30.
  tiered: {
    key: "tiered",
    name: "满减优惠",
    type: "tiered_off",
    tiers: [
      { minSpend: 10000, value: 1000 },
      { minSpend: 20000, value: 3000 },
    ],
    validDays: 14,
  },
  // 折扣: 15 % off (8.5 折), at most ¥30, from ¥50.
  percent: { key: "percent", name: "85折优惠", type: "percent_off", percentOff: 15, maxDiscount: 3000, minSpend: 5000, validDays: 14 },
  // 储值卡 充500送100: a ¥600 balance.
  stored_value: { key: "stored_value", name: "充500送100", type: "stored_value", initialBalance: 60000, validDays: 14 },
  // 兑换券: one drink.
  gift: { key: "gift", name: "兑换券", type: "gift", giftName: "饮品一杯", validDays: 14 },
};

export function isTemplateKey(v: unknown): v is TemplateKey {
  return typeof v === "string" && (TEMPLATE_KEYS as readonly string[]).includes(v);
}

/**
 * The campaign form prefilled from a template, valid from `today` (the organisation's local date) for
 * the template's days. `words` replaces the Chinese name and gift with the viewer's language's.
 */
export function templateFormValues(key: TemplateKey, today: string, words: { name?: string; giftName?: string } = {}): CampaignFormValues {
  const tpl = CAMPAIGN_TEMPLATES[key];
  const money = (fen: number | undefined) => (fen ? fenToYuanInput(fen) : "");
  return {
    ...defaultCampaignFormValues(today),
    name: words.name ?? tpl.name,
    type: tpl.type,
    value: money(tpl.value),
    minSpend: money(tpl.minSpend),
    percentOff: tpl.percentOff ? String(tpl.percentOff) : "",
    maxDiscount: money(tpl.maxDiscount),
    giftName: tpl.giftName ? (words.giftName ?? tpl.giftName) : "",
    initialBalance: money(tpl.initialBalance),
    tiers: joinTiers((tpl.tiers ?? []).map((t) => ({ minSpend: fenToYuanInput(t.minSpend), value: fenToYuanInput(t.value) }))),
    audience: tpl.audience ?? "all",
    validFromDate: today,
    validUntilDate: addDays(today, tpl.validDays),
  };
}

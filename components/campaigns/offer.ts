import { fenToYuanInput } from "@/lib/campaigns/form";
import { hasProductScope, sortedTiers, type CampaignType, type ProductScope, type Tier } from "@/lib/campaigns/rules";
import { formatMoney } from "@/lib/format";

type Translate = (key: string, values?: Record<string, string | number>) => string;

export type OfferFields = {
  type: CampaignType;
  value: number | null;
  minSpend: number;
  percentOff: number | null;
  maxDiscount: number | null;
  giftName: string | null;
  initialBalance: number | null;
  /** tiered_off only; absent where a caller never loads it (the offer then reads as not filled in). */
  tiers?: Tier[] | null;
};

/** "满 ¥100.00 减 ¥20.00", "8.5 折，最高减 ¥30.00"…: one line that says what a campaign gives; `t` is "campaign.offer". */
export function offerText(t: Translate, c: OfferFields): string {
  switch (c.type) {
    case "amount_off":
      return c.minSpend > 0
        ? t("amountOff", { min: formatMoney(c.minSpend), value: formatMoney(c.value ?? 0) })
        : t("amountOffNoMin", { value: formatMoney(c.value ?? 0) });
    case "percent_off": {
      const percent = c.percentOff ?? 0;
      // 15% off is "8.5 折" in Chinese: the share of the price that is paid, in tenths.
      const zhe = String((100 - percent) / 10);
      return c.maxDiscount
        ? t("percentOffCap", { percent, zhe, cap: formatMoney(c.maxDiscount) })
        : t("percentOff", { percent, zhe });
    }
    case "gift":
      return t("gift", { gift: c.giftName ?? "" });
    case "stored_value":
      return t("storedValue", { balance: formatMoney(c.initialBalance ?? 0) });
    case "tiered_off":
      // "满100减10，满200减30": every tier, lowest first, in compact yuan.
      return sortedTiers(c.tiers)
        .map((tier) => t("tier", { min: fenToYuanInput(tier.minSpend), value: fenToYuanInput(tier.value) }))
        .join(t("tierSeparator"));
  }
}

/** The big figure on a coupon ("¥20", "8.5折", "Gift"); `t` is "campaign.figure". */
export function offerFigure(t: Translate, c: OfferFields): string {
  switch (c.type) {
    case "amount_off":
      return t("amountOff", { value: fenToYuanInput(c.value ?? 0) });
    case "percent_off": {
      const percent = c.percentOff ?? 0;
      return t("percentOff", { percent, zhe: String((100 - percent) / 10) });
    }
    case "gift":
      return t("gift");
    case "stored_value":
      return t("storedValue", { balance: fenToYuanInput(c.initialBalance ?? 0) });
    case "tiered_off":
      // The most a consumer can get: the top tier's value ("最高减¥30").
      return t("tieredOff", { value: fenToYuanInput(sortedTiers(c.tiers).at(-1)?.value ?? 0) });
  }
}

/** Whether the offer has what its type needs, so a preview can say "fill in the offer" instead of "¥0 off". */
export function offerComplete(c: OfferFields): boolean {
  switch (c.type) {
    case "amount_off":
      return c.value != null && c.value > 0;
    case "percent_off":
      return c.percentOff != null && c.percentOff >= 1 && c.percentOff <= 100;
    case "gift":
      return Boolean(c.giftName?.trim());
    case "stored_value":
      return c.initialBalance != null && c.initialBalance > 0;
    case "tiered_off":
      return Boolean(c.tiers?.length) && (c.tiers ?? []).every((tier) => tier.value > 0 && tier.minSpend > tier.value);
  }
}

/**
 * The product limits in words ("仅限: 饮品, SKU A1；不含: 酒类"), or null when every product counts;
 * `t` is "campaign.scope".
 */
export function scopeText(t: Translate, scope: ProductScope | null | undefined): string | null {
  if (!hasProductScope(scope)) return null;
  const items = (categories?: string[], skus?: string[]) =>
    [...(categories ?? []), ...(skus ?? []).map((sku) => t("sku", { sku }))].join(t("itemSeparator"));
  const only = items(scope.categories, scope.skus);
  const except = items(scope.excludeCategories, scope.excludeSkus);
  return [only ? t("only", { items: only }) : null, except ? t("except", { items: except }) : null].filter(Boolean).join(t("separator"));
}

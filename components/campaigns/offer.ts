import { fenToYuanInput } from "@/lib/campaigns/form";
import { formatMoney } from "@/lib/format";

type Translate = (key: string, values?: Record<string, string | number>) => string;

export type OfferFields = {
  type: "amount_off" | "percent_off" | "gift" | "stored_value";
  value: number | null;
  minSpend: number;
  percentOff: number | null;
  maxDiscount: number | null;
  giftName: string | null;
  initialBalance: number | null;
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
  }
}

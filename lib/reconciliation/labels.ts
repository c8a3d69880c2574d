import "server-only";
import { createTranslator } from "next-intl";
import { loadMessages } from "@/i18n/messages";
import type { Locale } from "@/i18n/config";
import type { EntryLabels, SummaryLabels } from "./export";

/** The export files' column names and words in `locale` (files are read by people, in their language). */
export async function exportLabels(locale: Locale): Promise<{ summary: (by: "store" | "campaign") => SummaryLabels; entries: EntryLabels; filePrefix: string }> {
  const messages = await loadMessages(locale);
  // Messages are loaded untyped here, so the translator is used with plain string keys.
  const translate = createTranslator({ locale, messages }) as unknown as (key: string, values?: Record<string, string | number>) => string;
  const t = (key: string, values?: Record<string, string | number>) => translate(`reconciliation.export.${key}`, values);
  return {
    filePrefix: t("filePrefix"),
    summary: (by) => ({
      scope: t(by === "store" ? "store" : "campaign"),
      redemptions: t("redemptions"),
      reversals: t("reversals"),
      netCount: t("netCount"),
      orderTotal: t("orderTotal"),
      discount: t("discount"),
      storedValue: t("storedValue"),
      reversedOrderTotal: t("reversedOrderTotal"),
      reversedDiscount: t("reversedDiscount"),
      reversedStoredValue: t("reversedStoredValue"),
      netOrderTotal: t("netOrderTotal"),
      netDiscount: t("netDiscount"),
      netStoredValue: t("netStoredValue"),
      total: t("total"),
    }),
    entries: {
      at: t("at"),
      kind: t("kind"),
      code: t("code"),
      store: t("store"),
      campaign: t("campaign"),
      group: t("group"),
      orderAmount: t("orderAmount"),
      discount: t("discount"),
      storedValue: t("storedValue"),
      actor: t("actor"),
      reason: t("reason"),
      redeemedAt: t("redeemedAt"),
      variant: t("variant"),
      kinds: { redemption: t("kinds.redemption"), reversal: t("kinds.reversal") },
      total: (c) => t("entriesTotal", c),
    },
  };
}

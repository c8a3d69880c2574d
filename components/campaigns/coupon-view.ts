import { readInstant, readInt, readMoney, splitList, splitScope, splitSlots, splitTiers, type CampaignFormValues } from "@/lib/campaigns/form";
import { CAMPAIGN_TYPES } from "@/lib/campaigns/schemas";
import type { ProductScope } from "@/lib/campaigns/rules";
import { formatDate, formatDateTime } from "@/lib/format";
import { zoneOffsetMinutes } from "@/lib/time";
import type { OfferFields } from "./offer";

type Translate = (key: string, values?: Record<string, string | number>) => string;

export type UsableHours = { weekdays: number[]; slots: { from: string; to: string }[] };

/** What a consumer's coupon shows: built from the form as it is typed, or from a saved campaign. */
export type CouponView = {
  name: string;
  offer: OfferFields;
  validFrom: Date | null;
  validUntil: Date | null;
  validDaysAfterClaim: number | null;
  releaseAt: Date | null;
  claimEndsAt: Date | null;
  usableHours: UsableHours | null;
  audience: "all" | "new" | "tagged" | "segment";
  /** null: every store. */
  storeNames: string[] | null;
  stackable: boolean;
  totalQuantity: number | null;
  perConsumerLimit: number;
  showRemaining: boolean;
  terms: string;
  /** Product limits (仅限 / 不含); null when every product counts. */
  scope: ProductScope | null;
};

const TYPES = CAMPAIGN_TYPES;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The preview of a half-typed form: whatever cannot be read yet is left out rather than refused. */
export function couponViewFromForm(v: CampaignFormValues, timeZone: string, stores: { id: string; name: string }[]): CouponView {
  const money = (raw: string) => {
    const r = readMoney(raw);
    return typeof r === "number" ? r : null;
  };
  const int = (raw: string) => {
    const r = readInt(raw.replace(/%/g, ""));
    return typeof r === "number" ? r : null;
  };
  const instant = (date: string, time: string, edge: "start" | "end") => {
    const r = readInstant(date, time, timeZone, edge);
    return r instanceof Date ? r : null;
  };
  const type = (TYPES as readonly string[]).includes(v.type) ? (v.type as OfferFields["type"]) : "amount_off";
  const chosen = new Set(splitList(v.storeIds));
  // Only whole tiers show; a half-typed row is left out until both amounts read.
  const tiers = splitTiers(v.tiers)
    .map((t) => ({ minSpend: money(t.minSpend), value: money(t.value) }))
    .filter((t): t is { minSpend: number; value: number } => t.minSpend != null && t.value != null);
  return {
    name: v.name.trim(),
    offer: {
      type,
      value: money(v.value),
      minSpend: type === "stored_value" ? 0 : type === "tiered_off" ? (tiers[0]?.minSpend ?? 0) : (money(v.minSpend) ?? 0),
      percentOff: int(v.percentOff),
      maxDiscount: money(v.maxDiscount),
      giftName: v.giftName.trim() || null,
      initialBalance: money(v.initialBalance),
      tiers: type === "tiered_off" ? tiers : null,
    },
    validFrom: instant(v.validFromDate, v.validFromTime, "start"),
    validUntil: instant(v.validUntilDate, v.validUntilTime, "end"),
    validDaysAfterClaim: int(v.validDaysAfterClaim),
    releaseAt: instant(v.releaseAtDate, v.releaseAtTime, "start"),
    claimEndsAt: instant(v.claimEndsAtDate, v.claimEndsAtTime, "end"),
    usableHours:
      v.hoursMode === "limited"
        ? {
            weekdays: splitList(v.weekdays)
              .map(Number)
              .filter((d) => d >= 1 && d <= 7)
              .sort(),
            slots: splitSlots(v.slots).filter((s) => HHMM.test(s.from) && HHMM.test(s.to) && s.from < s.to),
          }
        : null,
    audience: v.audience === "new" || v.audience === "tagged" ? v.audience : "all",
    storeNames: v.storesMode === "some" ? stores.filter((s) => chosen.has(s.id)).map((s) => s.name) : null,
    stackable: v.stackable === "on",
    totalQuantity: int(v.totalQuantity),
    perConsumerLimit: int(v.perConsumerLimit) ?? 1,
    showRemaining: v.showRemaining === "on",
    terms: v.terms.trim(),
    scope: {
      categories: splitScope(v.scopeCategories),
      skus: splitScope(v.scopeSkus),
      excludeCategories: splitScope(v.scopeExcludeCategories),
      excludeSkus: splitScope(v.scopeExcludeSkus),
    },
  };
}

/** A saved campaign's coupon; `stores` are the organisation's stores, to name the allowed ones. */
export function couponViewFromCampaign(
  c: OfferFields & {
    name: string;
    validFrom: Date;
    validUntil: Date;
    validDaysAfterClaim: number | null;
    releaseAt: Date | null;
    claimEndsAt: Date | null;
    usableHours: UsableHours | null;
    audience: "all" | "new" | "tagged" | "segment";
    storeIds: string[];
    stackable: boolean;
    totalQuantity: number | null;
    perConsumerLimit: number;
    showRemaining: boolean;
    terms: string;
    productScope?: ProductScope | null;
  },
  stores: { id: string; name: string }[],
): CouponView {
  const names = new Map(stores.map((s) => [s.id, s.name]));
  return {
    name: c.name,
    offer: c,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    validDaysAfterClaim: c.validDaysAfterClaim,
    releaseAt: c.releaseAt,
    claimEndsAt: c.claimEndsAt,
    usableHours: c.usableHours,
    audience: c.audience,
    storeNames: c.storeIds.length ? c.storeIds.map((id) => names.get(id) ?? "—") : null,
    stackable: c.stackable,
    totalQuantity: c.totalQuantity,
    perConsumerLimit: c.perConsumerLimit,
    showRemaining: c.showRemaining,
    terms: c.terms,
    scope: c.productScope ?? null,
  };
}

/**
 * Weekdays in words, runs joined ("周一至周五", "周一、周三至周五"); every day is "每天".
 * `t` is "campaign.hours": weekday names under "day.1" … "day.7", plus "everyday", "dayRange", "separator".
 */
export function weekdaysText(t: Translate, days: number[]): string {
  const sorted = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  if (sorted.length === 7) return t("everyday");
  const runs: [number, number][] = [];
  for (const d of sorted) {
    const last = runs.at(-1);
    if (last && last[1] === d - 1) last[1] = d;
    else runs.push([d, d]);
  }
  const day = (d: number) => t(`day.${d}`);
  return runs
    .map(([a, b]) => {
      if (a === b) return day(a);
      // Two days in a row read better as a list ("周六、周日") than as a range.
      if (b === a + 1) return `${day(a)}${t("separator")}${day(b)}`;
      return t("dayRange", { from: day(a), to: day(b) });
    })
    .join(t("separator"));
}

/** "周一至周五 14:00–17:00", "每天 全天", or "anytime" when the campaign has no usable-hours limit; `t` is "campaign.hours". */
export function usableHoursText(t: Translate, hours: UsableHours | null): string {
  if (!hours) return t("anytime");
  const days = hours.weekdays.length ? weekdaysText(t, hours.weekdays) : t("noDays");
  const slots = hours.slots.length ? hours.slots.map((s) => `${s.from}–${s.to}`).join(t("separator")) : t("allDay");
  return `${days} ${slots}`;
}

/**
 * An instant as typed: a start at midnight or an end at 23:59 shows as a date, anything else with its time.
 */
export function formatBoundary(instant: Date, timeZone: string, edge: "start" | "end"): string {
  const minutes = Math.floor(((instant.getTime() + zoneOffsetMinutes(timeZone, instant) * 60_000) % 86_400_000) / 60_000);
  const wholeDay = edge === "start" ? minutes === 0 : minutes === 23 * 60 + 59;
  return wholeDay ? formatDate(instant, timeZone) : formatDateTime(instant, timeZone);
}

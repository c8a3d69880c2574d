import { formatFen, MAX_AMOUNT_FEN, parseYuan } from "@/lib/money";
import { formatDateTime } from "@/lib/format";
import { dateInZone } from "@/lib/time";

// Pure helpers of the redeem counter (no database, Next.js or React; safe in the browser): the order
// amount as typed, and a refusal in words a clerk can read out, its facts in the organisation's zone.

type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The largest order the API accepts (redemptionInputSchema), in fen. */
export const MAX_ORDER_FEN = MAX_AMOUNT_FEN;

/** "128.5", "¥1,280.00", "１２８" (full-width) → fen; `empty` for nothing typed, `invalid` for anything else. */
export function parseOrderAmount(input: string): { fen: number } | { error: "empty" | "invalid" } {
  const text = input.normalize("NFKC").trim();
  if (text === "") return { error: "empty" };
  const fen = parseYuan(text);
  if (fen == null || fen > MAX_ORDER_FEN) return { error: "invalid" };
  return { fen };
}

/** "¥100" for whole yuan, "¥99.50" otherwise: how a clerk says a threshold. */
export function shortMoney(fen: number): string {
  const s = formatFen(fen);
  return s.endsWith(".00") ? s.slice(0, -3) : s;
}

function dayNumber(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/**
 * When something happened or happens, relative to `now` on the organisation's calendar: "14:02" today,
 * "昨天 14:02", "明天", "2026-11-01 14:02"… `t` is "redeem.when"; without `withTime`, the day only.
 */
export function whenText(t: Translate, instant: Date | string, now: Date, timeZone: string, withTime = true): string {
  const at = instant instanceof Date ? instant : new Date(instant);
  const diff = dayNumber(dateInZone(at, timeZone)) - dayNumber(dateInZone(now, timeZone));
  const [date, time] = formatDateTime(at, timeZone).split(" ");
  const day = diff === 0 ? "today" : diff === -1 ? "yesterday" : diff === 1 ? "tomorrow" : "date";
  return t(withTime ? `${day}Time` : day, { date, time });
}

/** The facts behind a refusal, as the domain gives them (dates as Date or ISO strings). */
export type RefusalFactsInput = {
  at?: Date | string;
  storeName?: string;
  minSpend?: number;
  expiresAt?: Date | string;
  validFrom?: Date | string;
  /** wrong_store: the stores where the code works. */
  stores?: string[];
  /** outside_hours: the usable hours, already in words ("周一至周五 11:00–14:00"). */
  hoursText?: string;
  /** not_stackable: the codes (as shown) that do not combine. */
  codes?: string[];
};

// A day-end expiry (the usual "valid until 30 Nov") reads better as the day alone: "已于昨天过期".
function endsTheDay(instant: Date | string, timeZone: string): boolean {
  return formatDateTime(instant, timeZone).endsWith(" 23:59");
}

/**
 * Why a code cannot be used, in the reader's language: "已于 14:02 在 南京路店 核销", "已于昨天过期",
 * "未满 ¥100 最低消费"… `t` is the "redeem" namespace (keys under `refusal.*` and `when.*`).
 * Unknown codes get the generic refusal.
 */
export function refusalText(t: Translate, code: string, facts: RefusalFactsInput, now: Date, timeZone: string): string {
  // Phrases carry their own spacing around numbers ("已于 14:02 在…", "已于昨天过期"); tidy the joins.
  return phrase(t, code, facts, now, timeZone)
    .replace(/ {2,}/g, " ")
    .replace(/([，。（：]) /g, "$1")
    .replace(/ ([，。）])/g, "$1")
    .trim();
}

function phrase(t: Translate, code: string, facts: RefusalFactsInput, now: Date, timeZone: string): string {
  const when = (instant: Date | string, withTime = true) => whenText((k, v) => t(`when.${k}`, v), instant, now, timeZone, withTime);
  switch (code) {
    case "already_redeemed":
      if (facts.at && facts.storeName) return t("refusal.already_redeemed.atStore", { when: when(facts.at), store: facts.storeName });
      if (facts.at) return t("refusal.already_redeemed.at", { when: when(facts.at) });
      return t("refusal.already_redeemed.plain");
    case "expired":
    case "ended":
      if (facts.expiresAt) return t(`refusal.${code}.at`, { when: when(facts.expiresAt, !endsTheDay(facts.expiresAt, timeZone)) });
      return t(`refusal.${code}.plain`);
    case "not_started":
      if (facts.validFrom) return t("refusal.not_started.at", { when: when(facts.validFrom) });
      return t("refusal.not_started.plain");
    case "below_min_spend":
      return t("refusal.below_min_spend", { min: shortMoney(facts.minSpend ?? 0) });
    case "wrong_store":
      if (facts.stores?.length) return t("refusal.wrong_store_at", { stores: facts.stores.join("、") });
      return t("refusal.wrong_store");
    case "outside_hours":
      if (facts.hoursText) return t("refusal.outside_hours_at", { hours: facts.hoursText });
      return t("refusal.outside_hours");
    case "not_stackable":
      if (facts.codes?.length) return t("refusal.not_stackable.codes", { codes: facts.codes.join("、") });
      return t("refusal.not_stackable.plain");
    case "not_found":
    case "budget_exhausted":
    case "not_applicable":
    case "paused":
    case "frozen":
    case "insufficient_balance":
    case "limit_reached":
    case "invalid_state":
    case "forbidden":
      return t(`refusal.${code}`);
    default:
      return t("refusal.generic");
  }
}

import { dateTimeFormat } from "@/lib/time";
import { formatFen } from "@/lib/money";

/** The zone an organisation's dates are shown in when it has none set. */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

/** Integer fen → "¥1,234.50": money is never a float anywhere in the app. */
export function formatMoney(fen: number): string {
  return formatFen(fen);
}

function parts(instant: Date, timeZone: string, withTime: boolean) {
  const formatted = dateTimeFormat("en-US", {
    timeZone: timeZone || DEFAULT_TIME_ZONE,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    ...(withTime ? { hour: "2-digit", minute: "2-digit" } : {}),
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => formatted.find((p) => p.type === type)?.value ?? "";
  return { y: get("year"), m: get("month"), d: get("day"), hh: get("hour"), mm: get("minute") };
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * "2026-11-11" in the organisation's zone. One numeric, locale-neutral form for both languages:
 * it sorts, it is unambiguous and finance exports use the same.
 */
export function formatDate(value: Date | string | number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const { y, m, d } = parts(toDate(value), timeZone, false);
  return `${y}-${m}-${d}`;
}

/** "2026-11-11 20:05" in the organisation's zone (24-hour clock). */
export function formatDateTime(value: Date | string | number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const { y, m, d, hh, mm } = parts(toDate(value), timeZone, true);
  return `${y}-${m}-${d} ${hh}:${mm}`;
}

/** "2026-11-01 – 2026-11-30": a validity window, both ends in the organisation's zone. */
export function formatDateRange(from: Date | string, until: Date | string, timeZone: string = DEFAULT_TIME_ZONE): string {
  return `${formatDate(from, timeZone)} – ${formatDate(until, timeZone)}`;
}

/** 1234567 → "1,234,567": counts in tables and cards. */
export function formatCount(n: number): string {
  return Math.trunc(n).toLocaleString("en-US");
}

/**
 * A countdown, "23:33:38", or with days before it in the reader's words: `days` is "{n}天" or "{n}d"
 * ("2天 23:33:38").
 */
export function countdownText(ms: number, days: string): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, "0")).join(":");
  return d > 0 ? `${days.replace("{n}", String(d))} ${hms}` : hms;
}

// Building an Intl.DateTimeFormat costs about fifty times more than using one, and the claim and
// redemption paths format the same few zones on every request: formatters are kept per locale and options.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** `new Intl.DateTimeFormat(locale, options)`, built once per distinct locale and options. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options); // an unknown zone throws here, before anything is kept
    if (formatters.size >= 1000) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (Asia/Shanghai → 480). */
export function zoneOffsetMinutes(timeZone: string, instant: Date): number {
  const parts = dateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` (YYYY-MM-DD) and `time` (HH:MM[:SS[.mmm]]).
 * Two passes settle the offset around daylight-saving changes.
 */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm, ssRaw = "0"] = time.split(":");
  const [ss, ms = "0"] = ssRaw.split(".");
  const wall = Date.UTC(y, m - 1, d, Number(hh), Number(mm), Number(ss), Number(ms.padEnd(3, "0")));
  let guess = wall - zoneOffsetMinutes(timeZone, new Date(wall)) * 60_000;
  guess = wall - zoneOffsetMinutes(timeZone, new Date(guess)) * 60_000;
  return new Date(guess);
}

/** "Valid until 30 Nov" means until 23:59:59.999 that day in the organisation's zone. */
export function endOfDayInZone(date: string, timeZone: string): Date {
  return zonedToUtc(date, "23:59:59.999", timeZone);
}

export function startOfDayInZone(date: string, timeZone: string): Date {
  return zonedToUtc(date, "00:00", timeZone);
}

/**
 * The calendar days the console works with: far enough back for any history, far enough ahead for any
 * campaign. Outside them a date is refused, not passed on (year 0 or 9999 makes day arithmetic and
 * PostgreSQL's date casts fail).
 */
export const FIRST_DAY = "2000-01-01";
export const LAST_DAY = "2099-12-31";

/** Whether `s` is a real calendar date written YYYY-MM-DD, between FIRST_DAY and LAST_DAY. */
export function isCalendarDay(s: unknown): s is string {
  if (typeof s !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(s) || s < FIRST_DAY || s > LAST_DAY) return false;
  const [y, m, d] = s.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** `day` (YYYY-MM-DD) plus `n` calendar days (negative goes back); no time zone is involved. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

type ZoneDay = { day: string; start: number; end: number };
const zoneDays = new Map<string, ZoneDay>();

/**
 * The calendar date of `instant` in `timeZone` with the instant that day began there. Per-request
 * paths (every claim) ask for the same day over and over: the answer is kept per zone until the day ends.
 */
export function zoneDay(instant: Date, timeZone: string): { day: string; start: Date } {
  const t = instant.getTime();
  let d = zoneDays.get(timeZone);
  if (!d || t < d.start || t >= d.end) {
    const day = dateInZone(instant, timeZone);
    d = { day, start: startOfDayInZone(day, timeZone).getTime(), end: startOfDayInZone(addDays(day, 1), timeZone).getTime() };
    if (zoneDays.size >= 1000) zoneDays.clear();
    zoneDays.set(timeZone, d);
  }
  return { day: d.day, start: new Date(d.start) };
}

/** The calendar date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function dateInZone(instant: Date, timeZone: string): string {
  return dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

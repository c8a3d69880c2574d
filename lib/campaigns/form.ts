import type { z } from "zod";
import { readYuan, type YuanProblem } from "@/lib/money";
import { endOfDayInZone, zonedToUtc, zoneOffsetMinutes } from "@/lib/time";
import { createCampaignSchema, type CampaignInput } from "./schemas";

// The campaign form as people type it: money in yuan, dates and times on the organisation's wall clock.
// This module turns it into the API's input (fen, UTC instants) and back; it is pure, so the client's
// live preview reads the same values the server action parses.

export const CAMPAIGN_FORM_KEYS = [
  "name",
  "type",
  "value",
  "minSpend",
  "percentOff",
  "maxDiscount",
  "giftName",
  "initialBalance",
  "tiers",
  "budgetTotal",
  "budgetDaily",
  "scopeCategories",
  "scopeSkus",
  "scopeExcludeCategories",
  "scopeExcludeSkus",
  "validFromDate",
  "validFromTime",
  "validUntilDate",
  "validUntilTime",
  "validDaysAfterClaim",
  "totalQuantity",
  "perConsumerLimit",
  "dailyClaimLimit",
  "dailyPerConsumerLimit",
  "releaseAtDate",
  "releaseAtTime",
  "claimEndsAtDate",
  "claimEndsAtTime",
  "audience",
  "audienceTag",
  "segmentId",
  "followUpGroupId",
  "remindOnClaim",
  "remindDays",
  "storesMode",
  "storeIds",
  "hoursMode",
  "weekdays",
  "slots",
  "stackable",
  "requirePhoneVerification",
  "showRemaining",
  "terms",
] as const;

export type CampaignFormKey = (typeof CAMPAIGN_FORM_KEYS)[number];

/**
 * Every field as a string, so it fits `ActionState.values`. Lists are joined: `storeIds` and `weekdays`
 * with ",", `slots` as "14:00-17:00;18:00-20:00" and `tiers` as yuan "100|10;200|30" (a row keeps its place even
 * when half empty). Product limits are as typed (comma or newline separated). Checkboxes are "on" or "".
 */
export type CampaignFormValues = Record<CampaignFormKey, string>;

export type ParsedCampaignForm =
  | { ok: true; input: CampaignInput }
  | { ok: false; fieldErrors: Record<string, string> };

const CHECKBOXES = ["stackable", "requirePhoneVerification", "showRemaining", "remindOnClaim"] as const;

/** A new campaign's form: starts today, one per consumer, all stores, any time, remaining count shown. */
export function defaultCampaignFormValues(today: string): CampaignFormValues {
  const blank = Object.fromEntries(CAMPAIGN_FORM_KEYS.map((k) => [k, ""])) as CampaignFormValues;
  return {
    ...blank,
    type: "amount_off",
    validFromDate: today,
    perConsumerLimit: "1",
    audience: "all",
    storesMode: "all",
    hoursMode: "always",
    weekdays: "1,2,3,4,5",
    showRemaining: "on",
  };
}

/** The form's fields from a submitted FormData; repeated fields (stores, weekdays, slot rows) are joined. */
export function campaignFormValuesFromFormData(formData: FormData): CampaignFormValues {
  const text = (key: string) => {
    const v = formData.get(key);
    return typeof v === "string" ? v : "";
  };
  const all = (key: string) => formData.getAll(key).filter((v): v is string => typeof v === "string");
  const out = Object.fromEntries(CAMPAIGN_FORM_KEYS.map((k) => [k, text(k)])) as CampaignFormValues;
  out.storeIds = all("storeIds").join(",");
  out.weekdays = all("weekdays").join(",");
  const from = all("slotFrom");
  const to = all("slotTo");
  out.slots = from.map((f, i) => `${f}-${to[i] ?? ""}`).join(";");
  const tierMin = all("tierMinSpend");
  const tierValue = all("tierValue");
  out.tiers = joinTiers(tierMin.map((minSpend, i) => ({ minSpend, value: tierValue[i] ?? "" })));
  for (const key of CHECKBOXES) out[key] = formData.get(key) ? "on" : "";
  return out;
}

type CampaignRow = {
  name: string;
  type: CampaignInput["type"];
  value: number | null;
  minSpend: number;
  percentOff: number | null;
  maxDiscount: number | null;
  giftName: string | null;
  initialBalance: number | null;
  tiers: { minSpend: number; value: number }[] | null;
  budgetTotal: number | null;
  budgetDaily: number | null;
  productScope: { categories?: string[]; skus?: string[]; excludeCategories?: string[]; excludeSkus?: string[] } | null;
  validFrom: Date;
  validUntil: Date;
  validDaysAfterClaim: number | null;
  totalQuantity: number | null;
  perConsumerLimit: number;
  dailyClaimLimit: number | null;
  dailyPerConsumerLimit: number | null;
  usableHours: { weekdays: number[]; slots: { from: string; to: string }[] } | null;
  releaseAt: Date | null;
  claimEndsAt: Date | null;
  audience: CampaignInput["audience"];
  audienceTag: string | null;
  segmentId: string | null;
  followUpGroupId: string | null;
  reminders: { onClaim?: boolean; daysBeforeExpiry?: number[] } | null;
  stackable: boolean;
  requirePhoneVerification: boolean;
  showRemaining: boolean;
  terms: string;
  storeIds: string[];
};

/** A saved campaign as the edit form shows it, in the organisation's zone; parsing it back gives the same campaign. */
export function campaignFormValuesFromCampaign(c: CampaignRow, timeZone: string): CampaignFormValues {
  const num = (n: number | null) => (n == null ? "" : String(n));
  const money = (n: number | null) => (n == null ? "" : fenToYuanInput(n));
  const from = localParts(c.validFrom, timeZone);
  const until = localParts(c.validUntil, timeZone);
  const release = c.releaseAt ? localParts(c.releaseAt, timeZone) : null;
  const claimEnd = c.claimEndsAt ? localParts(c.claimEndsAt, timeZone) : null;
  // A start at midnight and an end at 23:59:59.999 were typed as a bare date: show them that way.
  const startTime = (p: LocalParts) => (p.time === "00:00:00.000" ? "" : p.time.slice(0, 5));
  const endTime = (p: LocalParts) => (p.time === "23:59:59.999" ? "" : p.time.slice(0, 5));
  return {
    name: c.name,
    type: c.type,
    value: money(c.value),
    // A tiered offer's minSpend is its lowest tier's: the tiers say it.
    minSpend: c.minSpend > 0 && c.type !== "tiered_off" ? money(c.minSpend) : "",
    percentOff: num(c.percentOff),
    maxDiscount: money(c.maxDiscount),
    giftName: c.giftName ?? "",
    initialBalance: money(c.initialBalance),
    tiers: joinTiers((c.tiers ?? []).map((t) => ({ minSpend: fenToYuanInput(t.minSpend), value: fenToYuanInput(t.value) }))),
    budgetTotal: money(c.budgetTotal),
    budgetDaily: money(c.budgetDaily),
    scopeCategories: (c.productScope?.categories ?? []).join(", "),
    scopeSkus: (c.productScope?.skus ?? []).join(", "),
    scopeExcludeCategories: (c.productScope?.excludeCategories ?? []).join(", "),
    scopeExcludeSkus: (c.productScope?.excludeSkus ?? []).join(", "),
    validFromDate: from.date,
    validFromTime: startTime(from),
    validUntilDate: until.date,
    validUntilTime: endTime(until),
    validDaysAfterClaim: num(c.validDaysAfterClaim),
    totalQuantity: num(c.totalQuantity),
    perConsumerLimit: String(c.perConsumerLimit),
    dailyClaimLimit: num(c.dailyClaimLimit),
    dailyPerConsumerLimit: num(c.dailyPerConsumerLimit),
    releaseAtDate: release?.date ?? "",
    releaseAtTime: release ? startTime(release) : "",
    claimEndsAtDate: claimEnd?.date ?? "",
    claimEndsAtTime: claimEnd ? endTime(claimEnd) : "",
    audience: c.audience,
    audienceTag: c.audienceTag ?? "",
    segmentId: c.segmentId ?? "",
    followUpGroupId: c.followUpGroupId ?? "",
    remindOnClaim: c.reminders?.onClaim ? "on" : "",
    remindDays: (c.reminders?.daysBeforeExpiry ?? []).join(","),
    storesMode: c.storeIds.length ? "some" : "all",
    storeIds: c.storeIds.join(","),
    hoursMode: c.usableHours ? "limited" : "always",
    weekdays: (c.usableHours?.weekdays ?? [1, 2, 3, 4, 5]).join(","),
    slots: (c.usableHours?.slots ?? []).map((s) => `${s.from}-${s.to}`).join(";"),
    stackable: c.stackable ? "on" : "",
    requirePhoneVerification: c.requirePhoneVerification ? "on" : "",
    showRemaining: c.showRemaining ? "on" : "",
    terms: c.terms,
  };
}

/**
 * Parses the form into the campaign input: yuan → fen, local dates → UTC instants in `timeZone`
 * (a bare "valid until" or "claims end" date means the end of that day there), fields of other offer
 * types ignored. Errors are message keys per form field, checked by the same schema as the API.
 */
export function parseCampaignForm(values: CampaignFormValues, timeZone: string): ParsedCampaignForm {
  const errors: Record<string, string> = {};
  const type = values.type;
  const usesMinSpend = type !== "stored_value" && type !== "tiered_off";
  const usesBudget = type !== "gift" && type !== "stored_value";

  const money = (key: CampaignFormKey, relevant: boolean): number | undefined => {
    if (!relevant) return undefined;
    const r = readMoney(values[key]);
    if (typeof r === "object" && r) {
      errors[key] = MONEY_ERRORS[r.problem];
      return undefined;
    }
    return r ?? undefined;
  };
  const int = (key: CampaignFormKey, relevant = true): number | undefined => {
    if (!relevant) return undefined;
    const r = readInt(values[key]);
    if (r === "invalid") {
      errors[key] = "campaign.errors.wholeNumber";
      return undefined;
    }
    return r ?? undefined;
  };
  const instant = (field: "validFrom" | "validUntil" | "releaseAt" | "claimEndsAt", edge: "start" | "end"): string | undefined => {
    const r = readInstant(values[`${field}Date`], values[`${field}Time`], timeZone, edge);
    if (r === "invalid") errors[field] = "campaign.errors.date";
    else if (r === "missingDate") errors[field] = "campaign.errors.dateRequired";
    return r instanceof Date ? r.toISOString() : undefined;
  };

  // Slot rows keep their place in the form, so an error lands on the row it belongs to.
  const slotRows = splitSlots(values.slots)
    .map((s, row) => ({ ...s, row }))
    .filter((s) => s.from || s.to);
  // Tier rows, like slot rows, keep their place so an error lands on the row it belongs to.
  const tierRows = splitTiers(values.tiers)
    .map((t, row) => ({ ...t, row }))
    .filter((t) => t.minSpend.trim() || t.value.trim());
  const tierMoney = (raw: string, key: string): number | undefined => {
    const r = readMoney(raw);
    if (typeof r === "object" && r) {
      errors[key] = MONEY_ERRORS[r.problem];
      return undefined;
    }
    return r ?? undefined;
  };
  const tiers =
    type === "tiered_off"
      ? tierRows.map((t) => ({ minSpend: tierMoney(t.minSpend, `tiers.${t.row}.minSpend`), value: tierMoney(t.value, `tiers.${t.row}.value`) }))
      : null;
  const budgetTotal = money("budgetTotal", usesBudget);
  const budgetDaily = money("budgetDaily", usesBudget);
  const limitedHours = values.hoursMode === "limited";
  const someStores = values.storesMode === "some";
  const storeIds = someStores ? splitList(values.storeIds) : [];
  if (someStores && storeIds.length === 0) errors.storeIds = "campaign.errors.storesRequired";

  const input = {
    name: values.name,
    type,
    value: money("value", type === "amount_off"),
    minSpend: money("minSpend", usesMinSpend) ?? 0,
    percentOff: type === "percent_off" ? readPercent(values.percentOff, errors) : undefined,
    maxDiscount: money("maxDiscount", type === "percent_off"),
    giftName: type === "gift" ? values.giftName.trim() || undefined : undefined,
    initialBalance: money("initialBalance", type === "stored_value"),
    tiers,
    budget: budgetTotal != null || budgetDaily != null ? { total: budgetTotal, daily: budgetDaily } : null,
    productScope: readScope(values),
    validFrom: instant("validFrom", "start"),
    validUntil: instant("validUntil", "end"),
    validDaysAfterClaim: int("validDaysAfterClaim"),
    totalQuantity: int("totalQuantity"),
    perConsumerLimit: int("perConsumerLimit"),
    dailyClaimLimit: int("dailyClaimLimit"),
    dailyPerConsumerLimit: int("dailyPerConsumerLimit"),
    usableHours: limitedHours
      ? { weekdays: splitList(values.weekdays).map(Number), slots: slotRows.map(({ from, to }) => ({ from, to })) }
      : null,
    releaseAt: instant("releaseAt", "start") ?? null,
    claimEndsAt: instant("claimEndsAt", "end") ?? null,
    audience: values.audience || "all",
    audienceTag: values.audience === "tagged" ? values.audienceTag.trim() || undefined : undefined,
    segmentId: values.audience === "segment" ? values.segmentId || undefined : undefined,
    followUp: values.followUpGroupId ? { groupId: values.followUpGroupId } : null,
    reminders: { onClaim: values.remindOnClaim === "on", daysBeforeExpiry: readReminderDays(values.remindDays, errors) },
    storeIds: someStores ? storeIds : null,
    stackable: values.stackable === "on",
    requirePhoneVerification: values.requirePhoneVerification === "on",
    showRemaining: values.showRemaining === "on",
    terms: values.terms.trim(),
  };

  const parsed = createCampaignSchema.safeParse(input, { error: messageKeyOf });
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, input: parsed.data };
  const schemaErrors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = formKeyOf(issue.path, slotRows.map((s) => s.row), tierRows.map((t) => t.row));
      schemaErrors[key] ??= issue.message;
    }
  }
  // What could not be read at all says more than what the schema made of its absence.
  return { ok: false, fieldErrors: { ...schemaErrors, ...errors } };
}

/** "3, 1" (commas, spaces or 、 between; full-width digits too) → [3, 1]; an error when not whole numbers. */
function readReminderDays(raw: string, errors: Record<string, string>): number[] {
  const parts = raw.normalize("NFKC").split(/[\s,、，]+/).filter(Boolean);
  if (parts.some((p) => !/^\d{1,3}$/.test(p))) {
    errors.remindDays = "campaign.errors.reminderDays";
    return [];
  }
  return parts.map(Number);
}

const MONEY_ERRORS: Record<YuanProblem, string> = {
  format: "campaign.errors.money",
  negative: "campaign.errors.moneyNegative",
  tooLarge: "campaign.errors.moneyTooLarge",
};

/** Yuan as typed ("19.9", "¥1,000", "２０") → fen; null when blank, else what is wrong with it. */
export function readMoney(raw: string): number | null | { problem: YuanProblem } {
  if (!raw.trim()) return null;
  const r = readYuan(raw);
  return "fen" in r ? r.fen : r;
}

/** A whole number as typed ("1,000" and full-width "１０" allowed); null when blank. */
export function readInt(raw: string): number | null | "invalid" {
  const s = raw.normalize("NFKC").replace(/[,\s]/g, "");
  if (!s) return null;
  if (!/^\d{1,12}$/.test(s)) return "invalid";
  return Number(s);
}

/**
 * A local date and optional time → the instant in `timeZone`. Without a time, a start is 00:00 and an
 * end is 23:59:59.999 of that day ("valid until 30 Nov" includes all of 30 Nov there).
 */
export function readInstant(
  date: string,
  time: string,
  timeZone: string,
  edge: "start" | "end",
): Date | null | "invalid" | "missingDate" {
  const d = date.trim();
  const t = time.trim();
  if (!d) return t ? "missingDate" : null;
  if (!isCalendarDate(d)) return "invalid";
  if (!t) return edge === "end" ? endOfDayInZone(d, timeZone) : zonedToUtc(d, "00:00", timeZone);
  if (!/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(t)) return "invalid";
  return zonedToUtc(d, t, timeZone);
}

/** "饮品, 甜品\n酒类" (commas, 、, ， or new lines between) → ["饮品", "甜品", "酒类"], dropping blanks. */
export function splitScope(raw: string): string[] {
  return raw
    .split(/[,，、\n\r]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The four product-limit fields as the schema's scope; null when none lists anything. */
function readScope(v: CampaignFormValues) {
  const scope = {
    categories: splitScope(v.scopeCategories),
    skus: splitScope(v.scopeSkus),
    excludeCategories: splitScope(v.scopeExcludeCategories),
    excludeSkus: splitScope(v.scopeExcludeSkus),
  };
  return Object.values(scope).some((l) => l.length) ? scope : null;
}

/** "100|10;200|" → [{ minSpend: "100", value: "10" }, { minSpend: "200", value: "" }] (yuan as typed). */
export function splitTiers(raw: string): { minSpend: string; value: string }[] {
  if (!raw.trim()) return [];
  return raw.split(";").map((part) => {
    const [minSpend = "", value = ""] = part.split("|");
    return { minSpend: minSpend.trim(), value: value.trim() };
  });
}

export function joinTiers(tiers: { minSpend: string; value: string }[]): string {
  return tiers.map((t) => `${t.minSpend.replace(/[|;]/g, "")}|${t.value.replace(/[|;]/g, "")}`).join(";");
}

/** "1,2,3" → ["1", "2", "3"], dropping blanks. */
export function splitList(raw: string): string[] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "14:00-17:00;18:00-" → [{ from: "14:00", to: "17:00" }, { from: "18:00", to: "" }]. */
export function splitSlots(raw: string): { from: string; to: string }[] {
  if (!raw.trim()) return [];
  return raw.split(";").map((part) => {
    const [from = "", to = ""] = part.split("-");
    return { from: from.trim(), to: to.trim() };
  });
}

export function joinSlots(slots: { from: string; to: string }[]): string {
  return slots.map((s) => `${s.from}-${s.to}`).join(";");
}

/** 2000 → "20", 1990 → "19.9", 1999 → "19.99": fen as a person would type it in yuan. */
export function fenToYuanInput(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  if (cents === 0) return String(whole);
  return `${whole}.${String(cents).padStart(2, "0").replace(/0$/, "")}`;
}

function readPercent(raw: string, errors: Record<string, string>): number | undefined {
  const s = raw.replace(/[%\s]/g, "");
  if (!s) return undefined;
  if (!/^\d{1,6}$/.test(s)) {
    errors.percentOff = "campaign.errors.wholeNumber";
    return undefined;
  }
  return Number(s);
}

function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

type LocalParts = { date: string; time: string };

/** The wall-clock date and time ("HH:MM:SS.mmm") of `instant` in `timeZone`. */
function localParts(instant: Date, timeZone: string): LocalParts {
  const local = new Date(instant.getTime() + zoneOffsetMinutes(timeZone, instant) * 60_000);
  const iso = local.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 23) };
}

const SCOPE_KEYS: Record<string, CampaignFormKey> = {
  categories: "scopeCategories",
  skus: "scopeSkus",
  excludeCategories: "scopeExcludeCategories",
  excludeSkus: "scopeExcludeSkus",
};

/**
 * The form field a schema issue belongs to ("usableHours.slots.0.to" → "slots.2" when it was the third
 * row; "tiers.1.value" → "tiers.3.value" likewise; "budget.daily" → "budgetDaily").
 */
function formKeyOf(path: PropertyKey[], slotRowOf: number[], tierRowOf: number[]): string {
  const [head, second, third] = path.map(String);
  if (head === "tiers") {
    if (second === undefined) return "tiers";
    return `tiers.${tierRowOf[Number(second)] ?? second}.${third ?? "minSpend"}`;
  }
  if (head === "budget") return second === "daily" ? "budgetDaily" : "budgetTotal";
  if (head === "productScope") return SCOPE_KEYS[second ?? ""] ?? "scopeSkus";
  if (head === "usableHours") {
    if (second === "slots" && third !== undefined) return `slots.${slotRowOf[Number(third)] ?? third}`;
    return second ?? "weekdays";
  }
  if (head === "storeIds") return "storeIds";
  return path.map(String).join(".") || "_form";
}

/** Message keys for the schema's generic refusals; its own "campaign.errors.*" messages take precedence. */
function messageKeyOf(issue: z.core.$ZodRawIssue): string {
  const origin = "origin" in issue ? String(issue.origin) : "";
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined || issue.input === null || issue.input === "") return "validation.required";
      return issue.expected === "int" ? "campaign.errors.wholeNumber" : "campaign.errors.invalid";
    case "too_small":
      return origin === "string" || origin === "array" ? "validation.required" : "campaign.errors.tooSmall";
    case "too_big":
      return origin === "string" ? "validation.tooLong" : origin === "array" ? "campaign.errors.tooMany" : "campaign.errors.tooLarge";
    case "invalid_format":
      return "campaign.errors.invalid";
    default:
      return "campaign.errors.invalid";
  }
}

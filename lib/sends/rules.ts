import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

// Pure rules of marketing texts and targeted sends: the organisation's settings for them, quiet hours,
// when a send needs a second person's approval, the texts themselves and the unsubscribe token.

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** The owner's settings for consumers and texts, kept in organizations.settings. */
export const audienceSettingsSchema = z.object({
  quietHours: z.object({ from: hhmm, to: hhmm }).nullable(),
  sendApprovalThreshold: z.number().int().min(0).max(10_000_000),
  consumerRetentionMonths: z.number().int().min(1).max(120).nullable(),
  /** The brand's privacy notice (https), linked from the consent line under every phone field (PIPL). */
  privacyUrl: z.string().max(500).regex(/^https:\/\/[^\s]+$/).nullable(),
});
export type AudienceSettings = z.infer<typeof audienceSettingsSchema>;

/** No texts 21:00–08:00 local time; sends to 5,000 people or more need a reviewer; consumers kept. */
export const DEFAULT_AUDIENCE_SETTINGS: AudienceSettings = { quietHours: { from: "21:00", to: "08:00" }, sendApprovalThreshold: 5000, consumerRetentionMonths: null, privacyUrl: null };

/** The settings from the organisation's settings JSON, each one falling back to its default when absent or malformed. */
export function audienceSettings(settings: Record<string, unknown> | null | undefined): AudienceSettings {
  const s = settings ?? {};
  const pick = <K extends keyof AudienceSettings>(key: K): AudienceSettings[K] => {
    const parsed = audienceSettingsSchema.shape[key].safeParse(s[key]);
    return parsed.success && s[key] !== undefined ? (parsed.data as AudienceSettings[K]) : DEFAULT_AUDIENCE_SETTINGS[key];
  };
  return {
    quietHours: pick("quietHours"),
    sendApprovalThreshold: pick("sendApprovalThreshold"),
    consumerRetentionMonths: pick("consumerRetentionMonths"),
    privacyUrl: pick("privacyUrl"),
  };
}

const minutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));

/** Whether a local wall-clock time ("HH:MM") falls in the quiet hours (which may run past midnight). */
export function isQuiet(localTime: string, quiet: AudienceSettings["quietHours"]): boolean {
  if (!quiet || quiet.from === quiet.to) return false;
  const t = minutes(localTime);
  const from = minutes(quiet.from);
  const to = minutes(quiet.to);
  return from < to ? t >= from && t < to : t >= from || t < to;
}

/** Minutes from a quiet local time until the quiet hours end (0 when not quiet). */
export function minutesUntilAllowed(localTime: string, quiet: AudienceSettings["quietHours"]): number {
  if (!quiet || !isQuiet(localTime, quiet)) return 0;
  return (minutes(quiet.to) - minutes(localTime) + 24 * 60) % (24 * 60);
}

/** A send to this many members needs a reviewer's approval first (four eyes), by the owner's threshold. */
export function needsApproval(members: number, threshold: number): boolean {
  return members >= threshold;
}

export type TextKind = "send" | "claimed" | "expiry" | "follow_up";

/**
 * The text of a message, in Chinese (consumers' pages are Chinese first): the brand as the 【signature】
 * mainland gateways require, what it is about, the code page's link, and how to stop such texts.
 */
export function textBody(v: {
  kind: TextKind;
  brand: string;
  campaign: string;
  link: string;
  unsubscribe: string;
  expires?: string | null;
  days?: number | null;
}): string {
  const stop = `退订回T或点 ${v.unsubscribe}`;
  switch (v.kind) {
    case "send":
      return `【${v.brand}】送您一张「${v.campaign}」券${v.expires ? `，${v.expires}前有效` : ""}，到店出示即可使用：${v.link} ${stop}`;
    case "claimed":
      return `【${v.brand}】您已领取「${v.campaign}」${v.expires ? `，${v.expires}前有效` : ""}，到店出示券码：${v.link} ${stop}`;
    case "expiry":
      return `【${v.brand}】您的「${v.campaign}」券还有 ${v.days ?? 1} 天到期${v.expires ? `（${v.expires}）` : ""}，别忘了使用：${v.link} ${stop}`;
    case "follow_up":
      return `【${v.brand}】感谢光临！送您一张复购券「${v.campaign}」${v.expires ? `，${v.expires}前有效` : ""}：${v.link} ${stop}`;
  }
}

function unsubscribeMac(secret: string, consumerId: string): string {
  return createHmac("sha256", secret).update(`unsubscribe\0${consumerId}`).digest("base64url").slice(0, 16);
}

/** The token of a consumer's unsubscribe link: their id (dashes dropped) and a MAC, so nobody can unsubscribe someone else. */
export function unsubscribeToken(secret: string, consumerId: string): string {
  return `${consumerId.replace(/-/g, "")}.${unsubscribeMac(secret, consumerId)}`;
}

/** The consumer id a token stands for, or null when it is malformed or forged. */
export function readUnsubscribeToken(secret: string, token: string): string | null {
  const m = /^([0-9a-f]{32})\.([A-Za-z0-9_-]{16})$/.exec(token);
  if (!m) return null;
  const id = `${m[1].slice(0, 8)}-${m[1].slice(8, 12)}-${m[1].slice(12, 16)}-${m[1].slice(16, 20)}-${m[1].slice(20)}`;
  const expected = Buffer.from(unsubscribeMac(secret, id));
  const given = Buffer.from(m[2]);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}

export type TextDecision = { action: "send" } | { action: "skip"; reason: "erased" | "opted_out" | "used" | "expired" } | { action: "postpone"; minutes: number };

/**
 * What to do with a due text now: nothing for an erased or opted-out consumer, nor about a code that is
 * used (or void) or has expired; wait while the quiet hours last; otherwise send it.
 */
export function textDecision(v: {
  erased: boolean;
  optedOut: boolean;
  codeStatus: string | null;
  mode: "unique" | "shared" | null;
  expiresAt: Date | null;
  now: Date;
  localTime: string;
  quietHours: AudienceSettings["quietHours"];
}): TextDecision {
  if (v.erased) return { action: "skip", reason: "erased" };
  if (v.optedOut) return { action: "skip", reason: "opted_out" };
  if (v.mode === "unique" && v.codeStatus !== "claimed") return { action: "skip", reason: "used" };
  if (v.expiresAt && v.expiresAt.getTime() <= v.now.getTime()) return { action: "skip", reason: "expired" };
  const wait = minutesUntilAllowed(v.localTime, v.quietHours);
  return wait > 0 ? { action: "postpone", minutes: wait } : { action: "send" };
}

import { createHmac, randomInt, timingSafeEqual } from "node:crypto";

// Pure pieces of phone verification and "my coupons": codes, hashes, signed tokens, statuses.
// No database, no Next.js: unit-tested in rules.test.ts.

export const OTP_LENGTH = 6;

/** A one-time code: six decimal digits from the CSPRNG, leading zeros kept. */
export function generateOtpCode(): string {
  return String(randomInt(0, 10 ** OTP_LENGTH)).padStart(OTP_LENGTH, "0");
}

/**
 * What a person typed as the code: ASCII or full-width digits, spaces and dashes dropped.
 * Null unless it is exactly six digits.
 */
export function normalizeOtpInput(input: string | null | undefined): string | null {
  if (!input) return null;
  const ascii = input.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48)).replace(/[\s\-]/g, "");
  return new RegExp(`^\\d{${OTP_LENGTH}}$`).test(ascii) ? ascii : null;
}

/**
 * The stored form of a code: HMAC-SHA256 keyed with the deployment secret over organisation, phone
 * and code. Without the secret a leaked table does not reveal the codes (a plain hash of six digits
 * would fall to a million guesses), and one code's hash says nothing about another phone's.
 */
export function hashOtp(secret: string, orgId: string, phone: string, code: string): string {
  return createHmac("sha256", secret).update(`otp\0${orgId}\0${phone}\0${code}`).digest("base64url");
}

/** The text message carrying a code, in the consumer's language (mainland SMS need the 【brand】 signature first). */
export function otpMessage(v: { brand: string; code: string; minutes: number; locale: string }): string {
  return v.locale.startsWith("zh")
    ? `【${v.brand}】验证码 ${v.code}，${v.minutes} 分钟内有效。请勿告诉他人。`
    : `[${v.brand}] Your verification code is ${v.code}. It expires in ${v.minutes} min. Never share it.`;
}

function phoneTokenMac(secret: string, orgId: string, phone: string, exp: number): string {
  return createHmac("sha256", secret).update(`verified-phone\0${orgId}\0${phone}\0${exp}`).digest("base64url");
}

/**
 * The verified-phone cookie's value: `<phone>.<expiry in unix seconds>.<HMAC>`. The MAC binds the
 * organisation, so a token from one brand's page is worthless on another's.
 */
export function signPhoneToken(secret: string, orgId: string, phone: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `${Buffer.from(phone).toString("base64url")}.${exp}.${phoneTokenMac(secret, orgId, phone, exp)}`;
}

/** The phone a token vouches for in `orgId`, or null when it is malformed, forged, for another organisation or expired. */
export function verifyPhoneToken(secret: string, orgId: string, token: string | null | undefined, now: Date): string | null {
  if (!token) return null;
  const parts = token.split(".");
  if (parts.length !== 3 || !/^\d{1,12}$/.test(parts[1])) return null;
  const phone = Buffer.from(parts[0], "base64url").toString();
  const exp = Number(parts[1]);
  const expected = Buffer.from(phoneTokenMac(secret, orgId, phone, exp));
  const given = Buffer.from(parts[2]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (exp * 1000 <= now.getTime()) return null;
  return /^\+\d{7,15}$/.test(phone) ? phone : null;
}

export type CouponStatus = "claimed" | "redeemed" | "expired" | "void" | "frozen" | "available";

/**
 * A claimed coupon's status as its holder sees it: past its expiry and not used means expired; a
 * shared code (one string for everybody) shows as held, since its row's status is not the holder's.
 */
export function couponStatus(v: { codeStatus: CouponStatus; expiresAt: Date | null; mode: "unique" | "shared" }, now: Date): CouponStatus {
  if (v.mode === "unique" && v.codeStatus !== "claimed" && v.codeStatus !== "available") return v.codeStatus;
  if (v.expiresAt && v.expiresAt <= now) return "expired";
  return "claimed";
}

/**
 * The query a consumer page redirects to after a refusal: `e` is the message key (`phone`, an
 * `otp_*` reason from the field error, or the error code) and `s` the seconds to wait, if any.
 */
export function refusalQuery(e: { code: string; errors?: { path: string; message: string }[]; retryAfter?: number; details?: Record<string, string> }): URLSearchParams {
  const field = e.errors?.[0];
  const key =
    field?.path === "phone"
      ? "phone"
      : field?.path === "otp"
        ? field.message.replace(/^claim\.errors\./, "")
        : e.code === "limit_reached" && e.details?.limit === "daily"
          ? "limit_reached_daily"
          : e.code;
  const q = new URLSearchParams({ e: key });
  if (e.retryAfter) q.set("s", String(e.retryAfter));
  return q;
}

/** A stored E.164 number as a person would type it again: mainland mobiles without +86. */
export function phoneForInput(e164: string): string {
  return /^\+861[3-9]\d{9}$/.test(e164) ? e164.slice(3) : e164;
}

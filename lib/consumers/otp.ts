import "server-only";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { cookies } from "next/headers";
import { db, rows } from "@/db";
import { organizations, phoneVerifications } from "@/db/schema";
import { recordAbuse } from "@/lib/claims/claim";
import { maskPhone, normalizePhone } from "@/lib/claims/phone";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { publicBaseUrl } from "@/lib/http/base-url";
import { consume, limiter } from "@/lib/security/rate-limit";
import { smsProvider } from "@/lib/sms";
import { generateOtpCode, hashOtp, normalizeOtpInput, otpMessage, signPhoneToken, verifyPhoneToken } from "./rules";
import { logError } from "@/lib/log";

/** Why a code was not accepted: wrong digits, too late, too many tries, or no live code for the phone. */
export type OtpFailure = "wrong" | "expired" | "exhausted" | "missing";

export type OtpCheck = { ok: true; phone: string } | { ok: false; reason: OtpFailure; attemptsLeft: number };

const FAILURE_TEXT: Record<OtpFailure, string> = {
  wrong: "That code is not right. Check the text message and try again.",
  expired: "That code has expired. Ask for a new one.",
  exhausted: "Too many wrong tries for this code. Ask for a new one.",
  missing: "No code is waiting for this number. Ask for one first.",
};

/** How long a verified-phone cookie lasts. */
export const VERIFIED_PHONE_DAYS = 30;
/** The cookie that remembers the number a code was just sent to, so the form can show it again (10 min, /c only). */
export const PENDING_PHONE_COOKIE = "cc_otp_phone";
export const TYPED_PHONE_COOKIE = "cc_typed_phone";

/** The deployment secret that keys code hashes and cookie signatures; refuses to work without a real one. */
function secret(): string {
  const s = process.env.AUTH_SECRET;
  if (!s || s.length < 16) throw new Error("AUTH_SECRET must be set (16+ characters) for phone verification.");
  return s;
}

function phoneOrThrow(input: string): string {
  const phone = normalizePhone(input);
  if (!phone) {
    throw new AppError("invalid_input", "Enter a mobile number: 11 digits for mainland China, or + and the country code.", {
      errors: [{ path: "phone", message: "claim.errors.phone" }],
    });
  }
  return phone;
}

/**
 * Sends a one-time code to `phone` for organisation `orgId`: six random digits, of which only an
 * HMAC is stored, valid OTP_TTL_SECONDS. Limited to OTP_SENDS_PER_PHONE_PER_HOUR per phone and
 * organisation; a new code makes every earlier code of that phone unusable.
 */
export async function sendOtp(orgId: string, phoneInput: string, opts: { locale?: string } = {}): Promise<{ phone: string; expiresAt: Date }> {
  const phone = phoneOrThrow(phoneInput);
  const e = env();
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new AppError("not_found", "There is no such organisation.");
  try {
    await consume(limiter("otp-send", e.OTP_SENDS_PER_PHONE_PER_HOUR, 3600), `${orgId}:${phone}`);
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited") await recordAbuse(orgId, `phone:${maskPhone(phone)}`, "otp_send_limited");
    throw err;
  }

  const code = generateOtpCode();
  const row = await db.transaction(async (tx) => {
    // One send at a time per phone, so two racing sends cannot leave two live codes.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`otp:${orgId}:${phone}`}, 0))`);
    // Expiry runs on the database clock (here and in verifyOtp), so app servers' clocks never matter.
    await tx
      .update(phoneVerifications)
      .set({ expiresAt: sql`now()` })
      .where(
        and(
          eq(phoneVerifications.orgId, orgId),
          eq(phoneVerifications.phone, phone),
          isNull(phoneVerifications.verifiedAt),
          gt(phoneVerifications.expiresAt, sql`now()`),
        ),
      );
    const [inserted] = await tx
      .insert(phoneVerifications)
      .values({
        orgId,
        phone,
        codeHash: hashOtp(secret(), orgId, phone, code),
        expiresAt: sql`now() + make_interval(secs => ${e.OTP_TTL_SECONDS}::int)`,
      })
      .returning({ id: phoneVerifications.id, expiresAt: phoneVerifications.expiresAt });
    return inserted;
  });

  const minutes = Math.max(1, Math.round(e.OTP_TTL_SECONDS / 60));
  const body = otpMessage({ brand: org.name, code, minutes, locale: opts.locale ?? "zh-CN" });
  const provider = smsProvider();
  try {
    await provider.send(orgId, phone, body, { id: "otp", params: { code, minutes, brand: org.name } });
  } catch (err) {
    logError(`[sms] ${provider.name} could not send to ${maskPhone(phone)}`, err);
    // A code nobody received must not stay guessable.
    await db.update(phoneVerifications).set({ expiresAt: sql`now()` }).where(eq(phoneVerifications.id, row.id));
    throw new AppError("sms_failed", "The text message could not be sent. Please try again in a minute.");
  }
  return { phone, expiresAt: row.expiresAt };
}

/**
 * Checks a code for `phone`, atomically: one conditional UPDATE counts the attempt and marks the code
 * used when it matches, and only while the code is the phone's latest, unexpired, unused and under
 * OTP_MAX_ATTEMPTS tries. Concurrent guesses queue on the row lock and each re-checks the count, so
 * no more than OTP_MAX_ATTEMPTS comparisons ever happen per code. Failures are counted for the owner.
 */
export async function verifyOtp(orgId: string, phoneInput: string, codeInput: string): Promise<OtpCheck> {
  const phone = phoneOrThrow(phoneInput);
  const max = env().OTP_MAX_ATTEMPTS;
  // Malformed input still spends a try: it is compared (and fails) like any wrong guess.
  const hash = hashOtp(secret(), orgId, phone, normalizeOtpInput(codeInput) ?? `invalid:${codeInput.slice(0, 20)}`);
  const [hit] = await rows<{ ok: boolean; attempts: number }>(
    db,
    sql`
      update ${phoneVerifications}
      set attempts = attempts + 1,
          verified_at = case when code_hash = ${hash} then now() end
      where id = (
          select id from ${phoneVerifications}
          where org_id = ${orgId}::uuid and phone = ${phone}
          order by created_at desc, id desc
          limit 1
        )
        and attempts < ${max}
        and expires_at > now()
        and verified_at is null
      returning verified_at is not null as ok, attempts`,
  );
  if (hit?.ok) return { ok: true, phone };

  let reason: OtpFailure = "wrong";
  let attemptsLeft = 0;
  if (hit) {
    attemptsLeft = Math.max(0, max - Number(hit.attempts));
  } else {
    // Nothing was checked: say why (read after the atomic step, for the message only).
    const [latest] = await db
      .select({
        attempts: phoneVerifications.attempts,
        verifiedAt: phoneVerifications.verifiedAt,
        expired: sql<boolean>`${phoneVerifications.expiresAt} <= now()`,
      })
      .from(phoneVerifications)
      .where(and(eq(phoneVerifications.orgId, orgId), eq(phoneVerifications.phone, phone)))
      .orderBy(desc(phoneVerifications.createdAt), desc(phoneVerifications.id))
      .limit(1);
    reason = !latest || latest.verifiedAt ? "missing" : latest.attempts >= max ? "exhausted" : latest.expired ? "expired" : "missing";
  }
  await recordAbuse(orgId, `phone:${maskPhone(phone)}`, `otp_${reason}`);
  return { ok: false, reason, attemptsLeft };
}

/**
 * For campaigns that require a verified phone: passes when `verifiedPhone` (from the cookie) is this
 * phone, or when `otp` is a live code for it (which it then uses up). Throws `otp_required` or
 * `otp_invalid` (with the reason as the field error of `otp`) otherwise.
 */
export async function requireVerifiedPhone(
  orgId: string,
  phoneInput: string,
  otp: string | null | undefined,
  verifiedPhone: string | null,
): Promise<{ phone: string; via: "cookie" | "otp" }> {
  const phone = phoneOrThrow(phoneInput);
  if (verifiedPhone && verifiedPhone === phone) return { phone, via: "cookie" };
  if (!otp?.trim()) {
    throw new AppError("otp_required", "This offer needs your phone number confirmed: ask for a code by text message and enter it.", {
      errors: [{ path: "otp", message: "claim.errors.otp_required" }],
    });
  }
  const check = await verifyOtp(orgId, phone, otp);
  if (!check.ok) {
    throw new AppError("otp_invalid", FAILURE_TEXT[check.reason], { errors: [{ path: "otp", message: `claim.errors.otp_${check.reason}` }] });
  }
  return { phone, via: "otp" };
}

const verifiedCookie = (orgId: string) => `cc_vp_${orgId.replace(/-/g, "")}`;

async function secureCookies(): Promise<boolean> {
  return (await publicBaseUrl()).startsWith("https:");
}

/** The phone this browser proved in `orgId` (signed cookie, VERIFIED_PHONE_DAYS), or null. */
export async function verifiedPhone(orgId: string): Promise<string | null> {
  const token = (await cookies()).get(verifiedCookie(orgId))?.value;
  return verifyPhoneToken(secret(), orgId, token, new Date());
}

/** Remembers a proved phone for `orgId` in a signed, httpOnly cookie (server actions only). */
export async function rememberVerifiedPhone(orgId: string, phone: string) {
  const expires = new Date(Date.now() + VERIFIED_PHONE_DAYS * 86_400_000);
  (await cookies()).set(verifiedCookie(orgId), signPhoneToken(secret(), orgId, phone, expires), {
    httpOnly: true,
    sameSite: "lax",
    secure: await secureCookies(),
    path: "/",
    expires,
  });
}

/** Forgets the proved phone of `orgId` ("use another number"). */
export async function forgetVerifiedPhone(orgId: string) {
  (await cookies()).delete({ name: verifiedCookie(orgId), path: "/" });
}

/**
 * The number a code was just sent to, so the form shows it again after the redirect. Kept in a
 * short-lived httpOnly cookie rather than the URL: a phone number in a query string ends up in
 * history, logs and Referer headers. It only pre-fills a field and proves nothing.
 */
export async function pendingPhone(): Promise<string | null> {
  const v = (await cookies()).get(PENDING_PHONE_COOKIE)?.value;
  return v ? normalizePhone(v) : null;
}

/**
 * What was typed in the phone field when a claim was refused, as typed (even when it is not a number
 * yet), so the form after the redirect shows it again for correcting. Same cookie rules as above.
 */
export async function typedPhone(): Promise<string> {
  return ((await cookies()).get(TYPED_PHONE_COOKIE)?.value ?? "").slice(0, 40);
}

export async function rememberTypedPhone(raw: string) {
  (await cookies()).set(TYPED_PHONE_COOKIE, raw.slice(0, 40), {
    httpOnly: true,
    sameSite: "lax",
    secure: await secureCookies(),
    path: "/c",
    maxAge: 600,
  });
}

export async function rememberPendingPhone(phone: string) {
  (await cookies()).set(PENDING_PHONE_COOKIE, phone, {
    httpOnly: true,
    sameSite: "lax",
    secure: await secureCookies(),
    path: "/c",
    maxAge: 600,
  });
}

import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { abuseEvents, phoneVerifications, smsMessages } from "@/db/schema";
import { seedOrganization } from "@/db/seed/builders";
import { AppError } from "@/lib/errors";
import { devSmsProvider } from "@/lib/sms/dev";
import { requireVerifiedPhone, sendOtp, verifyOtp } from "./otp";
import { hashOtp } from "./rules";

// Limits for this file, read once when the app first parses its environment.
process.env.OTP_MAX_ATTEMPTS = "5";
process.env.OTP_SENDS_PER_PHONE_PER_HOUR = "3";
process.env.OTP_TTL_SECONDS = "300";
const MAX = 5;

let orgId: string;
let otherOrgId: string;
let n = 0;
/** A fresh mainland number per test, so send limits of one test never touch another. */
const newPhone = () => `+86137${String(Date.now() % 100000).padStart(5, "0")}${String(n++).padStart(3, "0")}`;

/** The code the development provider "sent" last to `phone`, read from the outbox as the owner would. */
async function lastCode(phone: string, org = orgId): Promise<string> {
  const [m] = await db
    .select({ body: smsMessages.body })
    .from(smsMessages)
    .where(and(eq(smsMessages.orgId, org), eq(smsMessages.phone, phone)))
    .orderBy(desc(smsMessages.createdAt), desc(smsMessages.id))
    .limit(1);
  return m.body.match(/(?:验证码|code is) (\d{6})/)![1];
}

const wrongFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

async function abuse(kind: string, org = orgId) {
  const list = await db.select().from(abuseEvents).where(and(eq(abuseEvents.orgId, org), eq(abuseEvents.kind, kind)));
  return list.reduce((s, r) => s + r.count, 0);
}

beforeAll(async () => {
  orgId = (await seedOrganization(db, { slug: `otp-${randomUUID().slice(0, 8)}`, name: "鹿鸣咖啡" })).id;
  otherOrgId = (await seedOrganization(db, { slug: `otp-${randomUUID().slice(0, 8)}`, name: "Other" })).id;
});

afterEach(() => vi.restoreAllMocks());

describe("sendOtp", () => {
  it("texts six digits through the dev provider and keeps only an HMAC of them, valid OTP_TTL_SECONDS", async () => {
    const phone = newPhone();
    const sent = await sendOtp(orgId, phone.replace("+86", ""));
    expect(sent.phone).toBe(phone);
    const code = await lastCode(phone);
    const [msg] = await db.select().from(smsMessages).where(and(eq(smsMessages.orgId, orgId), eq(smsMessages.phone, phone)));
    expect(msg.provider).toBe("dev");
    expect(msg.body).toBe(`【鹿鸣咖啡】验证码 ${code}，5 分钟内有效。请勿告诉他人。`);

    const [row] = await db.select().from(phoneVerifications).where(and(eq(phoneVerifications.orgId, orgId), eq(phoneVerifications.phone, phone)));
    // Hash at rest: no column holds the code, and the hash is the keyed one.
    expect(JSON.stringify(row)).not.toContain(code);
    expect(row.codeHash).toBe(hashOtp(process.env.AUTH_SECRET!, orgId, phone, code));
    expect(row.attempts).toBe(0);
    expect(row.verifiedAt).toBeNull();
    const ttl = (row.expiresAt.getTime() - row.createdAt.getTime()) / 1000;
    expect(ttl).toBeGreaterThan(299);
    expect(ttl).toBeLessThan(302);
    expect(sent.expiresAt.getTime()).toBe(row.expiresAt.getTime());
  });

  it("refuses a number that cannot receive an SMS, with a field error", async () => {
    await expect(sendOtp(orgId, "12345")).rejects.toMatchObject({ code: "invalid_input", errors: [{ path: "phone", message: "claim.errors.phone" }] });
  });

  it("allows OTP_SENDS_PER_PHONE_PER_HOUR sends per phone and organisation, and counts the refusals", async () => {
    const phone = newPhone();
    for (let i = 0; i < 3; i++) await sendOtp(orgId, phone);
    const refused = await sendOtp(orgId, phone).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("rate_limited");
    expect((refused as AppError).retryAfter).toBeGreaterThan(0);
    expect(await abuse("otp_send_limited")).toBeGreaterThanOrEqual(1);
    // Another phone, and the same phone in another organisation, are unaffected.
    await expect(sendOtp(orgId, newPhone())).resolves.toBeTruthy();
    await expect(sendOtp(otherOrgId, phone)).resolves.toBeTruthy();
  });

  it("a resend makes the previous code unusable", async () => {
    const phone = newPhone();
    await sendOtp(orgId, phone);
    const first = await lastCode(phone);
    let second = first;
    while (second === first) {
      await sendOtp(orgId, phone);
      second = await lastCode(phone);
    }
    const live = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(phoneVerifications)
      .where(and(eq(phoneVerifications.orgId, orgId), eq(phoneVerifications.phone, phone), sql`${phoneVerifications.expiresAt} > now()`));
    expect(Number(live[0].n)).toBe(1);
    expect(await verifyOtp(orgId, phone, first)).toMatchObject({ ok: false, reason: "wrong" });
    expect(await verifyOtp(orgId, phone, second)).toEqual({ ok: true, phone });
  });

  it("a provider failure tells the consumer and leaves no live code behind", async () => {
    const phone = newPhone();
    vi.spyOn(devSmsProvider, "send").mockRejectedValueOnce(new Error("gateway down"));
    vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(sendOtp(orgId, phone)).rejects.toMatchObject({ code: "sms_failed" });
    const [row] = await db.select().from(phoneVerifications).where(and(eq(phoneVerifications.orgId, orgId), eq(phoneVerifications.phone, phone)));
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(await verifyOtp(orgId, phone, "000000")).toMatchObject({ ok: false });
  });
});

describe("verifyOtp", () => {
  it("accepts the right code once, in any typing, and never again", async () => {
    const phone = newPhone();
    await sendOtp(orgId, phone);
    const code = await lastCode(phone);
    expect(await verifyOtp(orgId, "+86 " + phone.slice(3), ` ${code.slice(0, 3)} ${code.slice(3)} `)).toEqual({ ok: true, phone });
    expect(await verifyOtp(orgId, phone, code)).toMatchObject({ ok: false, reason: "missing" });
  });

  it("counts wrong codes; after OTP_MAX_ATTEMPTS the code is dead even when right", async () => {
    const phone = newPhone();
    await sendOtp(orgId, phone);
    const code = await lastCode(phone);
    const before = await abuse("otp_wrong");
    const left: number[] = [];
    for (let i = 0; i < MAX; i++) {
      const r = await verifyOtp(orgId, phone, i === 0 ? "abc" : wrongFor(code));
      expect(r.ok).toBe(false);
      if (!r.ok) left.push(r.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    expect(await verifyOtp(orgId, phone, code)).toMatchObject({ ok: false, reason: "exhausted" });
    expect(await abuse("otp_wrong")).toBe(before + MAX);
    expect(await abuse("otp_exhausted")).toBeGreaterThanOrEqual(1);
    const [row] = await db.select().from(phoneVerifications).where(and(eq(phoneVerifications.orgId, orgId), eq(phoneVerifications.phone, phone)));
    expect(row.attempts).toBe(MAX);
    expect(row.verifiedAt).toBeNull();
  });

  it("refuses an expired code without counting a try", async () => {
    const phone = newPhone();
    await sendOtp(orgId, phone);
    const code = await lastCode(phone);
    await db
      .update(phoneVerifications)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(and(eq(phoneVerifications.orgId, orgId), eq(phoneVerifications.phone, phone)));
    expect(await verifyOtp(orgId, phone, code)).toMatchObject({ ok: false, reason: "expired" });
    const [row] = await db.select().from(phoneVerifications).where(and(eq(phoneVerifications.orgId, orgId), eq(phoneVerifications.phone, phone)));
    expect(row.attempts).toBe(0);
    expect(await abuse("otp_expired")).toBeGreaterThanOrEqual(1);
  });

  it("a code of one organisation proves nothing in another", async () => {
    const phone = newPhone();
    await sendOtp(orgId, phone);
    const code = await lastCode(phone);
    expect(await verifyOtp(otherOrgId, phone, code)).toMatchObject({ ok: false, reason: "missing" });
    expect(await verifyOtp(orgId, phone, code)).toEqual({ ok: true, phone });
  });

  it("20 concurrent wrong guesses get exactly OTP_MAX_ATTEMPTS checks; the right code is dead afterwards", async () => {
    const phone = newPhone();
    await sendOtp(orgId, phone);
    const code = await lastCode(phone);
    const guesses = Array.from({ length: 20 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"));
    const results = await Promise.all(guesses.map((g) => verifyOtp(orgId, phone, g)));
    const checked = results.filter((r) => !r.ok && r.reason === "wrong");
    expect(checked).toHaveLength(MAX);
    expect(checked.map((r) => (r.ok ? -1 : r.attemptsLeft)).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(results.filter((r) => !r.ok && r.reason === "exhausted")).toHaveLength(20 - MAX);
    const [row] = await db.select().from(phoneVerifications).where(and(eq(phoneVerifications.orgId, orgId), eq(phoneVerifications.phone, phone)));
    expect(row.attempts).toBe(MAX);
    expect(await verifyOtp(orgId, phone, code)).toMatchObject({ ok: false, reason: "exhausted" });
  });

  it("the right code among 20 concurrent guesses wins at most once, and never after OTP_MAX_ATTEMPTS checks", async () => {
    const phone = newPhone();
    await sendOtp(orgId, phone);
    const code = await lastCode(phone);
    const guesses = Array.from({ length: 20 }, (_, i) => (i === 10 || i === 15 ? code : wrongFor(String(Number(code) + i))));
    const results = await Promise.all(guesses.map((g) => verifyOtp(orgId, phone, g)));
    expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(1);
    const [row] = await db.select().from(phoneVerifications).where(and(eq(phoneVerifications.orgId, orgId), eq(phoneVerifications.phone, phone)));
    expect(row.attempts).toBeLessThanOrEqual(MAX);
    expect(results.filter((r) => r.ok || r.reason === "wrong").length).toBe(row.attempts);
  });
});

describe("requireVerifiedPhone", () => {
  it("passes a phone proved by cookie without a code", async () => {
    const phone = newPhone();
    expect(await requireVerifiedPhone(orgId, phone.slice(3), undefined, phone)).toEqual({ phone, via: "cookie" });
  });

  it("asks for a code when none is given, and refuses a wrong one with the reason", async () => {
    const phone = newPhone();
    await expect(requireVerifiedPhone(orgId, phone, "", "+8613900000000")).rejects.toMatchObject({
      code: "otp_required",
      errors: [{ path: "otp", message: "claim.errors.otp_required" }],
    });
    await sendOtp(orgId, phone);
    const code = await lastCode(phone);
    await expect(requireVerifiedPhone(orgId, phone, wrongFor(code), null)).rejects.toMatchObject({
      code: "otp_invalid",
      status: 403,
      errors: [{ path: "otp", message: "claim.errors.otp_wrong" }],
    });
    expect(await requireVerifiedPhone(orgId, phone, code, null)).toEqual({ phone, via: "otp" });
  });
});

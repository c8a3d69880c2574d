import { describe, expect, it } from "vitest";
import { couponStatus, generateOtpCode, hashOtp, normalizeOtpInput, otpMessage, phoneForInput, refusalQuery, signPhoneToken, verifyPhoneToken } from "./rules";

const SECRET = "unit-secret-unit-secret-unit-secret";
const ORG = "0b6f1c1e-4a57-4a43-9a55-7c2f1b0f9a01";
const OTHER_ORG = "6d1f8a3c-2b1e-4f0a-8e3d-1c2b3a4d5e6f";
const PHONE = "+8613800138000";
const NOW = new Date("2026-11-23T10:00:00Z");

describe("generateOtpCode", () => {
  it("gives six digits, leading zeros kept, spread over the range", () => {
    const codes = Array.from({ length: 2000 }, generateOtpCode);
    expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    const firstDigits = new Set(codes.map((c) => c[0]));
    expect(firstDigits.size).toBe(10);
  });
});

describe("normalizeOtpInput", () => {
  it.each([
    ["123456", "123456"],
    [" 123 456 ", "123456"],
    ["123-456", "123456"],
    ["１２３４５６", "123456"],
    ["012345", "012345"],
  ])("accepts %j as %s", (input, out) => expect(normalizeOtpInput(input)).toBe(out));

  it.each(["", null, undefined, "12345", "1234567", "12a456", "123456;"])("refuses %j", (input) => {
    expect(normalizeOtpInput(input)).toBeNull();
  });
});

describe("hashOtp", () => {
  it("is keyed and bound to organisation and phone, and never contains the code", () => {
    const h = hashOtp(SECRET, ORG, PHONE, "123456");
    expect(h).toBe(hashOtp(SECRET, ORG, PHONE, "123456"));
    expect(h).not.toContain("123456");
    expect(h).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashOtp(SECRET, ORG, PHONE, "123457")).not.toBe(h);
    expect(hashOtp(SECRET, OTHER_ORG, PHONE, "123456")).not.toBe(h);
    expect(hashOtp(SECRET, ORG, "+8613800138001", "123456")).not.toBe(h);
    expect(hashOtp(`${SECRET}x`, ORG, PHONE, "123456")).not.toBe(h);
  });
});

describe("otpMessage", () => {
  it("puts the brand signature first and says how long the code lives", () => {
    expect(otpMessage({ brand: "鹿鸣咖啡", code: "042917", minutes: 5, locale: "zh-CN" })).toBe("【鹿鸣咖啡】验证码 042917，5 分钟内有效。请勿告诉他人。");
    expect(otpMessage({ brand: "LuMing", code: "042917", minutes: 5, locale: "en" })).toContain("042917. It expires in 5 min");
  });
});

describe("verified-phone token", () => {
  const later = new Date(NOW.getTime() + 30 * 86_400_000);
  const token = signPhoneToken(SECRET, ORG, PHONE, later);

  it("vouches for the phone in its organisation until it expires", () => {
    expect(verifyPhoneToken(SECRET, ORG, token, NOW)).toBe(PHONE);
    expect(verifyPhoneToken(SECRET, ORG, token, new Date(later.getTime() + 1000))).toBeNull();
  });

  it("is worthless in another organisation, with another secret, or when edited", () => {
    expect(verifyPhoneToken(SECRET, OTHER_ORG, token, NOW)).toBeNull();
    expect(verifyPhoneToken(`${SECRET}x`, ORG, token, NOW)).toBeNull();
    const [, exp, mac] = token.split(".");
    const otherPhone = Buffer.from("+8613900139000").toString("base64url");
    expect(verifyPhoneToken(SECRET, ORG, `${otherPhone}.${exp}.${mac}`, NOW)).toBeNull();
    const [phone] = token.split(".");
    expect(verifyPhoneToken(SECRET, ORG, `${phone}.${Number(exp) + 86_400 * 365}.${mac}`, NOW)).toBeNull();
    expect(verifyPhoneToken(SECRET, ORG, `${phone}.${exp}.${mac.slice(0, -1)}A`, NOW)).toBeNull();
  });

  it.each(["", "abc", "a.b.c", "a.1.c.d", undefined, null])("refuses %j", (t) => {
    expect(verifyPhoneToken(SECRET, ORG, t, NOW)).toBeNull();
  });
});

describe("couponStatus", () => {
  const past = new Date(NOW.getTime() - 1000);
  const future = new Date(NOW.getTime() + 1000);
  it.each([
    [{ codeStatus: "claimed", expiresAt: future, mode: "unique" }, "claimed"],
    [{ codeStatus: "claimed", expiresAt: null, mode: "unique" }, "claimed"],
    [{ codeStatus: "claimed", expiresAt: past, mode: "unique" }, "expired"],
    [{ codeStatus: "redeemed", expiresAt: past, mode: "unique" }, "redeemed"],
    [{ codeStatus: "void", expiresAt: future, mode: "unique" }, "void"],
    [{ codeStatus: "frozen", expiresAt: future, mode: "unique" }, "frozen"],
    [{ codeStatus: "expired", expiresAt: future, mode: "unique" }, "expired"],
    [{ codeStatus: "available", expiresAt: future, mode: "shared" }, "claimed"],
    [{ codeStatus: "available", expiresAt: past, mode: "shared" }, "expired"],
  ] as const)("%j is %s", (input, out) => {
    expect(couponStatus(input, NOW)).toBe(out);
  });
});

describe("refusalQuery", () => {
  it("names the field's reason, or the error code, and the wait", () => {
    expect(refusalQuery({ code: "invalid_input", errors: [{ path: "phone", message: "claim.errors.phone" }] }).toString()).toBe("e=phone");
    expect(refusalQuery({ code: "otp_invalid", errors: [{ path: "otp", message: "claim.errors.otp_expired" }] }).toString()).toBe("e=otp_expired");
    expect(refusalQuery({ code: "rate_limited", retryAfter: 42 }).toString()).toBe("e=rate_limited&s=42");
    expect(refusalQuery({ code: "sold_out" }).toString()).toBe("e=sold_out");
  });
});

describe("phoneForInput", () => {
  it("drops +86 from mainland mobiles only", () => {
    expect(phoneForInput("+8613800138000")).toBe("13800138000");
    expect(phoneForInput("+14155552671")).toBe("+14155552671");
  });
});

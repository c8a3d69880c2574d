import { describe, expect, it } from "vitest";
import { audienceSettings, DEFAULT_AUDIENCE_SETTINGS, isQuiet, minutesUntilAllowed, needsApproval, readUnsubscribeToken, textBody, textDecision, unsubscribeToken } from "./rules";

describe("quiet hours", () => {
  const night = { from: "21:00", to: "08:00" };
  it("run past midnight", () => {
    for (const t of ["21:00", "23:59", "00:00", "07:59"]) expect(isQuiet(t, night), t).toBe(true);
    for (const t of ["08:00", "12:00", "20:59"]) expect(isQuiet(t, night), t).toBe(false);
  });
  it("or within a day, or not at all", () => {
    expect(isQuiet("13:30", { from: "12:00", to: "14:00" })).toBe(true);
    expect(isQuiet("14:00", { from: "12:00", to: "14:00" })).toBe(false);
    expect(isQuiet("03:00", null)).toBe(false);
  });
  it("say how long until texts may go", () => {
    expect(minutesUntilAllowed("21:00", night)).toBe(11 * 60);
    expect(minutesUntilAllowed("07:30", night)).toBe(30);
    expect(minutesUntilAllowed("09:00", night)).toBe(0);
  });
});

describe("settings", () => {
  it("fall back to the defaults one by one", () => {
    expect(audienceSettings({})).toEqual(DEFAULT_AUDIENCE_SETTINGS);
    expect(audienceSettings({ quietHours: null, sendApprovalThreshold: 100, consumerRetentionMonths: "x" })).toEqual({ ...DEFAULT_AUDIENCE_SETTINGS, quietHours: null, sendApprovalThreshold: 100 });
  });
  it("need approval from the threshold up", () => {
    expect(needsApproval(4999, 5000)).toBe(false);
    expect(needsApproval(5000, 5000)).toBe(true);
    expect(needsApproval(1, 0)).toBe(true);
  });
});

describe("texts", () => {
  it("carry the brand's signature, the link and how to opt out", () => {
    const body = textBody({ kind: "expiry", brand: "鹿鸣咖啡", campaign: "满100减20", link: "https://x/c/a/code/1", unsubscribe: "https://x/u/t", days: 3, expires: "12月10日" });
    expect(body.startsWith("【鹿鸣咖啡】")).toBe(true);
    expect(body).toContain("3 天到期");
    expect(body).toContain("https://x/c/a/code/1");
    expect(body).toContain("退订回T");
  });
  it("unsubscribe tokens name one consumer and cannot be forged", () => {
    const id = "0b6f3c1e-8d2a-4c5b-9f1e-2a3b4c5d6e7f";
    const token = unsubscribeToken("secret", id);
    expect(readUnsubscribeToken("secret", token)).toBe(id);
    expect(readUnsubscribeToken("other", token)).toBeNull();
    expect(readUnsubscribeToken("secret", token.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).toBeNull();
    expect(readUnsubscribeToken("secret", "junk")).toBeNull();
  });
});

describe("a due text", () => {
  const base = { erased: false, optedOut: false, codeStatus: "claimed", mode: "unique" as const, expiresAt: null, now: new Date("2026-12-07T04:00:00Z"), localTime: "12:00", quietHours: { from: "21:00", to: "08:00" } };
  it("goes out in the day", () => expect(textDecision(base)).toEqual({ action: "send" }));
  it("waits out the quiet hours", () => expect(textDecision({ ...base, localTime: "22:30" })).toEqual({ action: "postpone", minutes: 570 }));
  it("is dropped for an opted-out or erased consumer, a used code, an expired one", () => {
    expect(textDecision({ ...base, optedOut: true })).toEqual({ action: "skip", reason: "opted_out" });
    expect(textDecision({ ...base, erased: true, optedOut: true })).toEqual({ action: "skip", reason: "erased" });
    expect(textDecision({ ...base, codeStatus: "redeemed" })).toEqual({ action: "skip", reason: "used" });
    expect(textDecision({ ...base, expiresAt: new Date("2026-12-07T03:00:00Z") })).toEqual({ action: "skip", reason: "expired" });
  });
});

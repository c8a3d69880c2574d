import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/permissions";
import { NO_PASSWORD, PASSWORD_TOKEN_PATTERN, hashPasswordToken, isDemotion, keepsApiKeys, leavesNoOwner, newPasswordToken, passwordLink } from "./rules";

describe("isDemotion", () => {
  it("is a change that takes a permission away", () => {
    expect(isDemotion("owner", "marketer")).toBe(true);
    expect(isDemotion("marketer", "reviewer")).toBe(true);
    expect(isDemotion("clerk", "influencer")).toBe(true);
    expect(isDemotion("clerk", "owner")).toBe(false);
    expect(isDemotion("marketer", "owner")).toBe(false);
  });
  it("is never a change to the same role", () => {
    for (const role of ROLES) expect(isDemotion(role, role)).toBe(false);
  });
});

describe("keepsApiKeys", () => {
  it("only owners manage keys, so only owners keep the keys they created", () => {
    expect(ROLES.filter(keepsApiKeys)).toEqual(["owner"]);
  });
});

describe("leavesNoOwner", () => {
  it("refuses removing or demoting the last owner", () => {
    expect(leavesNoOwner(1, "owner", null)).toBe(true);
    expect(leavesNoOwner(1, "owner", "marketer")).toBe(true);
  });
  it("allows it with another owner, and anything for other roles", () => {
    expect(leavesNoOwner(2, "owner", null)).toBe(false);
    expect(leavesNoOwner(1, "owner", "owner")).toBe(false);
    expect(leavesNoOwner(1, "clerk", null)).toBe(false);
  });
});

describe("password links", () => {
  it("are random, stored only as a hash, and carried in a link", () => {
    const a = newPasswordToken();
    const b = newPasswordToken();
    expect(a.token).not.toBe(b.token);
    expect(a.token).toMatch(PASSWORD_TOKEN_PATTERN);
    expect(a.hash).toBe(hashPasswordToken(a.token));
    expect(a.hash).not.toContain(a.token);
    expect(passwordLink("https://x.example/", a.token)).toBe(`https://x.example/set-password?token=${a.token}`);
  });
  it("a user without a password yet cannot sign in with any", async () => {
    expect(await verifyPassword("", NO_PASSWORD)).toBe(false);
    expect(await verifyPassword("!unset", NO_PASSWORD)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/action-state";
import { createOrganizationSchema, registerSchema } from "./schemas";

const ok = {
  name: "周老板",
  email: "Boss@Example.COM ",
  password: "correct horse",
  orgName: "鹿鸣咖啡",
  orgSlug: "luming-coffee",
};

function errorsOf(input: object) {
  const r = registerSchema.safeParse(input);
  // The form shows the first message of each field.
  return r.success ? {} : fieldErrorsOf(r.error);
}

describe("registration input", () => {
  it("accepts a complete form and normalises email and slug", () => {
    const r = registerSchema.parse({ ...ok, orgSlug: " LuMing-Coffee " });
    expect(r.email).toBe("boss@example.com");
    expect(r.orgSlug).toBe("luming-coffee");
    expect(r.name).toBe("周老板");
  });

  it("requires every field", () => {
    expect(errorsOf({ name: "", email: "", password: "", orgName: "", orgSlug: "" })).toEqual({
      name: "validation.required",
      email: "validation.required",
      password: "validation.passwordMin",
      orgName: "validation.required",
      orgSlug: "validation.required",
    });
  });

  it("refuses a malformed email", () => {
    expect(errorsOf({ ...ok, email: "not-an-email" })).toEqual({ email: "validation.email" });
  });

  it("wants a password of at least 8 characters", () => {
    expect(errorsOf({ ...ok, password: "1234567" })).toEqual({ password: "validation.passwordMin" });
    expect(errorsOf({ ...ok, password: "12345678" })).toEqual({});
  });

  it("keeps names within bounds", () => {
    expect(errorsOf({ ...ok, orgName: "x".repeat(81) })).toEqual({ orgName: "validation.tooLong" });
    expect(errorsOf({ ...ok, name: "   " })).toEqual({ name: "validation.required" });
  });
});

describe("organisation slug", () => {
  const slugError = (orgSlug: string) => {
    const r = createOrganizationSchema.safeParse({ orgName: "x", orgSlug });
    return r.success ? null : r.error.issues[0].message;
  };

  it("accepts lower-case letters, digits and inner hyphens, 3 to 40 long", () => {
    for (const good of ["abc", "demo-2", "a1b", "x".repeat(40), "luming-coffee-shanghai"]) expect(slugError(good)).toBeNull();
  });

  it("refuses the wrong length", () => {
    expect(slugError("ab")).toBe("validation.slugLength");
    expect(slugError("x".repeat(41))).toBe("validation.slugLength");
  });

  it("refuses other characters and edge hyphens", () => {
    for (const bad of ["鹿鸣咖啡", "demo_shop", "demo shop", "-demo", "demo-", "de.mo", "demo/x"]) {
      expect(slugError(bad)).toBe("validation.slugFormat");
    }
  });
});

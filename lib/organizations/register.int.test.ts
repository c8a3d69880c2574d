import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { organizations } from "@/db/schema";
import { seedUser } from "@/db/seed/builders";

// Sign-up from one address: limited per IP, and an email that has an account is refused in the same
// words as any other refusal, so a visitor cannot learn which emails are registered.
const ip = vi.hoisted(() => ({ value: "203.0.113.7" }));
vi.mock("@/auth", () => ({ auth: async () => null, signIn: vi.fn() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "localhost:3000", "x-coupon-socket-ip": ip.value }),
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.stubEnv("RATE_LIMIT_REGISTER_PER_IP", "3");

const { registerAction } = await import("./actions");

function form(v: Record<string, string>) {
  const f = new FormData();
  for (const [k, x] of Object.entries(v)) f.set(k, x);
  return f;
}

const signUp = (email: string, slug = `reg-${randomUUID().slice(0, 8)}`) =>
  registerAction({}, form({ name: "新老板", email, password: "long-enough-1", orgName: "新店", orgSlug: slug }));

describe("sign-up", () => {
  it("refuses an email that has an account without saying so, and creates nothing", async () => {
    ip.value = "203.0.113.7";
    const existing = await seedUser(db, { email: `taken-${randomUUID().slice(0, 8)}@example.test`, name: "x" });
    const slug = `reg-${randomUUID().slice(0, 8)}`;
    const state = await signUp(existing.email.toUpperCase(), slug);
    expect(state.message).toBe("auth.errors.registerRefused");
    expect(state.fieldErrors).toBeUndefined();
    expect(await db.select().from(organizations).where(eq(organizations.slug, slug))).toEqual([]);
  });

  it("is limited per IP", async () => {
    ip.value = "203.0.113.99";
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await signUp(`new-${randomUUID().slice(0, 8)}@example.test`).catch((e: unknown) => e));
    // signIn is stubbed, so a successful sign-up ends in the action's return (no redirect).
    expect(results.slice(0, 3).every((r) => (r as { ok?: boolean }).ok === true)).toBe(true);
    expect(results[3]).toMatchObject({ message: "auth.errors.registerRateLimited" });
  });
});

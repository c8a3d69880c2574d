import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLogs, organizations } from "@/db/schema";
import { seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { counterSettings } from "@/lib/redemptions/queries";
import { updateRedemptionSettings } from "./mutations";
import { redemptionSettingsSchema } from "./schemas";

// The action reads the session through Auth.js and the active organisation from a cookie; both are stubbed.
const session = vi.hoisted(() => ({ userId: null as string | null, orgId: null as string | null }));
vi.mock("@/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null), signIn: vi.fn() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "localhost:3000", "user-agent": "vitest" }),
  cookies: async () => ({ get: (name: string) => (name === "coupon_org" && session.orgId ? { name, value: session.orgId } : undefined) }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const { updateRedemptionSettingsAction } = await import("./actions");

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
const actor = (role: Actor["role"] = "owner"): Actor => ({ orgId: f.org.id, role, userId: f.users[role].id, apiKeyId: null });
const form = (minutes: string) => {
  const data = new FormData();
  data.set("reversalWindowMinutes", minutes);
  return data;
};

beforeAll(async () => {
  f = await seedTestOrg(db, `rw-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `rw-${randomUUID().slice(0, 8)}`);
});

describe("the clerks' reversal window", () => {
  it("is 30 minutes until the owner sets it", async () => {
    expect((await counterSettings(f.org.id)).windowMinutes).toBe(30);
  });

  it("accepts whole minutes from 0 to 1440 only", () => {
    expect(redemptionSettingsSchema.parse({ reversalWindowMinutes: " 45 " })).toEqual({ reversalWindowMinutes: 45 });
    expect(redemptionSettingsSchema.parse({ reversalWindowMinutes: "0" })).toEqual({ reversalWindowMinutes: 0 });
    expect(redemptionSettingsSchema.parse({ reversalWindowMinutes: "1440" })).toEqual({ reversalWindowMinutes: 1440 });
    for (const bad of ["", "-1", "1441", "1.5", "abc", "99999"]) {
      const r = redemptionSettingsSchema.safeParse({ reversalWindowMinutes: bad });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0].message).toBe("settings.counter.errors.window");
    }
  });

  it("is saved into the settings JSON without touching its other keys, with an audit row", async () => {
    await db.execute(sql`update organizations set settings = settings || '{"other": "kept"}'::jsonb where id = ${f.org.id}::uuid`);
    expect(await updateRedemptionSettings(actor(), { reversalWindowMinutes: 10 })).toEqual({ reversalWindowMinutes: 10 });
    const [row] = await db.select({ settings: organizations.settings }).from(organizations).where(eq(organizations.id, f.org.id));
    expect(row.settings).toEqual({ other: "kept", reversalWindowMinutes: 10 });
    expect((await counterSettings(f.org.id)).windowMinutes).toBe(10);
    const audit = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, f.org.id), eq(auditLogs.action, "organization.updated")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: f.users.owner.id,
      entityType: "organization",
      entityId: f.org.id,
      before: { reversalWindowMinutes: 30 },
      after: { reversalWindowMinutes: 10 },
    });
    // The other organisation keeps the default.
    expect((await counterSettings(other.org.id)).windowMinutes).toBe(30);
  });

  it("is set by owners only", async () => {
    for (const role of ["marketer", "reviewer", "clerk", "influencer"] as const) {
      await expect(updateRedemptionSettings(actor(role), { reversalWindowMinutes: 1 })).rejects.toMatchObject({ code: "forbidden" });
    }
  });

  it("through the form: field errors for bad input, the saved value back, and a refusal for a clerk", async () => {
    session.userId = f.users.owner.id;
    session.orgId = f.org.id;
    expect(await updateRedemptionSettingsAction({}, form("2000"))).toEqual({
      fieldErrors: { reversalWindowMinutes: "settings.counter.errors.window" },
      values: { reversalWindowMinutes: "2000" },
    });
    expect(await updateRedemptionSettingsAction({}, form("0"))).toEqual({ ok: true, message: "settings.counter.saved", values: { reversalWindowMinutes: "0" } });
    expect((await counterSettings(f.org.id)).windowMinutes).toBe(0);

    session.userId = f.users.clerk.id;
    expect(await updateRedemptionSettingsAction({}, form("60"))).toMatchObject({ message: "errors.forbidden.title" });
    expect((await counterSettings(f.org.id)).windowMinutes).toBe(0);
  });
});

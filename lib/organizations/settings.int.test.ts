import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLogs, organizations } from "@/db/schema";
import { seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { LOGO_MAX_BYTES } from "./brand";
import { updateOrganizationSettings } from "./mutations";
import { organizationSettingsSchema } from "./schemas";

// The action reads the session through Auth.js and the active organisation from a cookie; both are
// stubbed so the real action, permission check and mutation run against the test database.
const session = vi.hoisted(() => ({ userId: null as string | null, orgId: null as string | null }));
vi.mock("@/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null), signIn: vi.fn() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "localhost:3000", "user-agent": "vitest" }),
  cookies: async () => ({ get: (name: string) => (name === "coupon_org" && session.orgId ? { name, value: session.orgId } : undefined) }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
// The sign-up actions in the same file import AuthError; next-auth itself does not load outside Next.js.
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const { updateOrganizationSettingsAction } = await import("./actions");

// Smallest valid images of each accepted type (their signatures are what is checked).
const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"));
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
const actor = (role: Actor["role"] = "owner", fx = f): Actor => ({ orgId: fx.org.id, role, userId: fx.users[role].id, apiKeyId: null });

const input = (over: Record<string, string> = {}) =>
  organizationSettingsSchema.parse({ name: "鹿鸣咖啡", timeZone: "Asia/Shanghai", brandColor: "#0EA5E9", logoSource: "none", logoUrl: "", ...over });

async function org(id = f.org.id) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
  return row;
}

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(isAppError(e)).toBe(true);
  return isAppError(e) ? { code: e.code, errors: e.errors } : null;
}

beforeAll(async () => {
  f = await seedTestOrg(db, `set-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `set-${randomUUID().slice(0, 8)}`);
});

describe("updateOrganizationSettings", () => {
  it("saves name, zone and a normalised colour, and writes one audit row with before and after", async () => {
    const before = await org();
    await updateOrganizationSettings(actor(), input({ timeZone: "america/new_york" }));
    const after = await org();
    expect(after).toMatchObject({ name: "鹿鸣咖啡", timeZone: "America/New_York", brandColor: "#0ea5e9", logoUrl: null, slug: before.slug });
    const audit = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, f.org.id), eq(auditLogs.action, "organization.updated")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: f.users.owner.id,
      entityType: "organization",
      entityId: f.org.id,
      before: { name: before.name, timeZone: "Asia/Shanghai", brandColor: "#e11d48", logo: null },
      after: { name: "鹿鸣咖啡", timeZone: "America/New_York", brandColor: "#0ea5e9", logo: null },
    });
    // The other organisation is untouched.
    expect(await org(other.org.id)).toMatchObject({ name: other.org.name, brandColor: "#e11d48", timeZone: "Asia/Shanghai" });
  });

  it("stores an uploaded PNG or JPEG as a data: URL, keeps it on the next save, and audits only its size", async () => {
    await updateOrganizationSettings(actor(), input({ logoSource: "upload" }), PNG);
    const saved = (await org()).logoUrl;
    expect(saved).toBe(`data:image/png;base64,${Buffer.from(PNG).toString("base64")}`);
    // "upload" without a new file keeps the uploaded logo
    await updateOrganizationSettings(actor(), input({ logoSource: "upload", name: "Renamed" }));
    expect((await org()).logoUrl).toBe(saved);
    await updateOrganizationSettings(actor(), input({ logoSource: "upload" }), JPEG);
    expect((await org()).logoUrl).toMatch(/^data:image\/jpeg;base64,/);
    const [last] = await db
      .select({ after: auditLogs.after })
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, f.org.id), eq(auditLogs.action, "organization.updated")))
      .orderBy(auditLogs.createdAt);
    expect(JSON.stringify(last.after)).not.toContain("base64");
  });

  it("saves an https link, and removes the logo with 'none'", async () => {
    await updateOrganizationSettings(actor(), input({ logoSource: "url", logoUrl: " https://cdn.example.com/logo.png " }));
    expect((await org()).logoUrl).toBe("https://cdn.example.com/logo.png");
    await updateOrganizationSettings(actor(), input({ logoSource: "none", logoUrl: "https://ignored.example.com/x.png" }));
    expect((await org()).logoUrl).toBeNull();
  });

  it("refuses an SVG, an unknown file or one over 200 KB on the file field, and changes nothing", async () => {
    const before = await org();
    const big = new Uint8Array(LOGO_MAX_BYTES + 1);
    big.set(PNG);
    for (const [bytes, message] of [
      [SVG, "settings.brand.errors.logoType"],
      [new TextEncoder().encode("GIF89a"), "settings.brand.errors.logoType"],
      [big, "settings.brand.errors.logoTooLarge"],
    ] as const) {
      expect(await refusal(updateOrganizationSettings(actor(), input({ logoSource: "upload", name: "Should not save" }), bytes))).toEqual({
        code: "invalid_input",
        errors: [{ path: "logoFile", message }],
      });
    }
    // "upload" with no file and nothing uploaded before
    expect(await refusal(updateOrganizationSettings(actor(), input({ logoSource: "upload", name: "Should not save" })))).toEqual({
      code: "invalid_input",
      errors: [{ path: "logoFile", message: "settings.brand.errors.logoFileRequired" }],
    });
    expect(await org()).toEqual(before);
  });

  it("is for owners only: every other role is refused and nothing is written", async () => {
    const before = await org();
    for (const role of ["marketer", "reviewer", "clerk", "influencer"] as const) {
      expect(await refusal(updateOrganizationSettings(actor(role), input({ name: `by ${role}` })))).toMatchObject({ code: "forbidden" });
    }
    expect(await org()).toEqual(before);
  });
});

describe("organisation settings input", () => {
  const errors = (over: Record<string, string>) => {
    const r = organizationSettingsSchema.safeParse({ name: "x", timeZone: "Asia/Shanghai", brandColor: "#e11d48", logoSource: "none", logoUrl: "", ...over });
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("refuses an unknown or offset time zone, a colour that is not hex, and a logo link that is not https, all at once", () => {
    expect(errors({ timeZone: "Mars/Olympus", brandColor: "red", logoSource: "url", logoUrl: "http://example.com/a.png", name: "" })).toEqual({
      name: "validation.required",
      timeZone: "settings.brand.errors.timeZone",
      brandColor: "settings.brand.errors.color",
      logoUrl: "settings.brand.errors.logoUrl",
    });
    expect(errors({ timeZone: "+08:00" })).toEqual({ timeZone: "settings.brand.errors.timeZone" });
    expect(errors({ logoSource: "url", logoUrl: "javascript:alert(1)" })).toEqual({ logoUrl: "settings.brand.errors.logoUrl" });
    expect(errors({ logoSource: "url", logoUrl: "data:image/png;base64,AAAA" })).toEqual({ logoUrl: "settings.brand.errors.logoUrl" });
    expect(errors({ logoSource: "url", logoUrl: "https://user:pw@example.com/a.png" })).toEqual({ logoUrl: "settings.brand.errors.logoUrl" });
  });
});

describe("updateOrganizationSettingsAction", () => {
  const form = (over: Record<string, string | Blob> = {}) => {
    const fd = new FormData();
    const fields = { name: "Action name", timeZone: "Asia/Tokyo", brandColor: "#16a34a", logoSource: "none", logoUrl: "", ...over };
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    return fd;
  };
  beforeEach(() => {
    session.userId = null;
    session.orgId = null;
  });

  it("saves for the owner, with the field errors of a bad form translated by key", async () => {
    session.userId = other.users.owner.id;
    session.orgId = other.org.id;
    expect(await updateOrganizationSettingsAction({}, form({ brandColor: "#12345", timeZone: "Nowhere" }))).toEqual({
      fieldErrors: { brandColor: "settings.brand.errors.color", timeZone: "settings.brand.errors.timeZone" },
      values: expect.objectContaining({ brandColor: "#12345" }),
    });
    const big = new File([new Uint8Array(LOGO_MAX_BYTES + 10)], "big.png", { type: "image/png" });
    expect((await updateOrganizationSettingsAction({}, form({ logoSource: "upload", logoFile: big }))).fieldErrors).toEqual({
      logoFile: "settings.brand.errors.logoTooLarge",
    });
    const svg = new File([SVG], "logo.png", { type: "image/png" });
    expect((await updateOrganizationSettingsAction({}, form({ logoSource: "upload", logoFile: svg }))).fieldErrors).toEqual({
      logoFile: "settings.brand.errors.logoType",
    });

    const png = new File([PNG], "logo.png", { type: "image/png" });
    expect(await updateOrganizationSettingsAction({}, form({ logoSource: "upload", logoFile: png }))).toEqual({ ok: true, message: "settings.brand.saved" });
    expect(await org(other.org.id)).toMatchObject({ name: "Action name", timeZone: "Asia/Tokyo", brandColor: "#16a34a", logoUrl: expect.stringMatching(/^data:image\/png;base64,/) });
    const [audit] = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, other.org.id), eq(auditLogs.action, "organization.updated")));
    expect(audit).toMatchObject({ actorUserId: other.users.owner.id, userAgent: "vitest" });
  });

  it("refuses a marketer and a signed-out visitor without writing", async () => {
    const before = await org(other.org.id);
    session.userId = other.users.marketer.id;
    session.orgId = other.org.id;
    expect(await updateOrganizationSettingsAction({}, form({ name: "Marketer was here" }))).toMatchObject({ message: "errors.forbidden.title" });
    session.userId = null;
    expect(await updateOrganizationSettingsAction({}, form({ name: "Nobody was here" }))).toMatchObject({ message: "errors.forbidden.title" });
    expect(await org(other.org.id)).toEqual(before);
  });
});

import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLogs, memberships, organizations, users } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { createOrganizationForUser, createOrganizationWithOwner } from "./mutations";
import { registerSchema } from "./schemas";

const unique = () => randomUUID().slice(0, 8);

function signUp(over: Partial<Record<"name" | "email" | "password" | "orgName" | "orgSlug", string>> = {}) {
  const id = unique();
  return registerSchema.parse({
    name: "测试老板",
    email: `owner-${id}@example.test`,
    password: "correct horse",
    orgName: `测试品牌 ${id}`,
    orgSlug: `org-${id}`,
    ...over,
  });
}

async function usersWithEmail(email: string) {
  return db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
}

async function fieldErrorOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(error)).toBe(true);
  if (!isAppError(error)) return undefined;
  expect(error.code).toBe("conflict");
  return error.errors?.[0];
}

describe("createOrganizationWithOwner", () => {
  it("creates the user, the organisation and the owner membership, with an audit row", async () => {
    const input = signUp({ email: `Mixed-${unique()}@Example.TEST` });
    const { userId, orgId } = await createOrganizationWithOwner(input);

    const [user] = await db.select().from(users).where(eq(users.id, userId));
    expect(user.email).toBe(input.email.toLowerCase());
    expect(user.name).toBe("测试老板");
    expect(user.passwordHash).toMatch(/^scrypt\$/);

    const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org.slug).toBe(input.orgSlug);
    expect(org.timeZone).toBe("Asia/Shanghai");

    const members = await db.select().from(memberships).where(eq(memberships.orgId, orgId));
    expect(members).toEqual([expect.objectContaining({ userId, role: "owner" })]);

    const audit = await db.select().from(auditLogs).where(eq(auditLogs.orgId, orgId));
    expect(audit.map((a) => a.action)).toEqual(["organization.created"]);
  });

  it("refuses a taken slug on the slug field and leaves no user behind", async () => {
    const first = signUp();
    await createOrganizationWithOwner(first);
    const second = signUp({ orgSlug: first.orgSlug });

    expect(await fieldErrorOf(createOrganizationWithOwner(second))).toEqual({ path: "orgSlug", message: "validation.slugTaken" });
    expect(await usersWithEmail(second.email)).toEqual([]);
    const orgs = await db.select().from(organizations).where(eq(organizations.slug, first.orgSlug));
    expect(orgs).toHaveLength(1);
  });

  it("refuses an email that exists in another case, and creates no organisation", async () => {
    const first = signUp();
    await createOrganizationWithOwner(first);
    const second = signUp();
    const shouting = { ...second, email: first.email.toUpperCase() };

    expect(await fieldErrorOf(createOrganizationWithOwner(shouting))).toEqual({ path: "email", message: "validation.emailTaken" });
    expect(await usersWithEmail(first.email)).toHaveLength(1);
    expect(await db.select().from(organizations).where(eq(organizations.slug, second.orgSlug))).toEqual([]);
  });

  it("lets only one of two racing sign-ups with the same slug win", async () => {
    const slug = `race-${unique()}`;
    const results = await Promise.allSettled([
      createOrganizationWithOwner(signUp({ orgSlug: slug })),
      createOrganizationWithOwner(signUp({ orgSlug: slug })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [org] = await db.select().from(organizations).where(eq(organizations.slug, slug));
    const members = await db.select().from(memberships).where(eq(memberships.orgId, org.id));
    expect(members).toHaveLength(1);
  });
});

describe("createOrganizationForUser", () => {
  it("makes an existing user the owner of a second organisation", async () => {
    const { userId } = await createOrganizationWithOwner(signUp());
    const slug = `second-${unique()}`;
    const { orgId } = await createOrganizationForUser(userId, { orgName: "第二个品牌", orgSlug: slug });
    const rows = await db.select().from(memberships).where(eq(memberships.userId, userId));
    expect(rows).toHaveLength(2);
    expect(rows.find((m) => m.orgId === orgId)?.role).toBe("owner");
  });

  it("refuses a taken slug without adding a membership", async () => {
    const first = signUp();
    const { userId } = await createOrganizationWithOwner(first);
    expect(await fieldErrorOf(createOrganizationForUser(userId, { orgName: "x", orgSlug: first.orgSlug }))).toEqual({
      path: "orgSlug",
      message: "validation.slugTaken",
    });
    expect(await db.select().from(memberships).where(eq(memberships.userId, userId))).toHaveLength(1);
  });
});

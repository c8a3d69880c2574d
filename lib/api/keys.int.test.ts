import { createHash, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { apiKeys, auditLogs } from "@/db/schema";
import { seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/permissions";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./keys";

let fixture: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
const as = (role: Role, f = fixture): Actor => ({ orgId: f.org.id, role, userId: f.users[role].id, apiKeyId: null });

beforeAll(async () => {
  fixture = await seedTestOrg(db, `keys-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `keys-${randomUUID().slice(0, 8)}`);
});

describe("API keys", () => {
  it("are created once in clear, stored only as a SHA-256 and listed by prefix", async () => {
    const { key, secret } = await createApiKey(as("owner"), { name: "Till 1", role: "clerk" });
    expect(secret).toMatch(/^cc_live_[0-9A-Za-z]{32}$/);
    expect(key).toMatchObject({ name: "Till 1", role: "clerk", prefix: secret.slice(0, 12), revokedAt: null, lastUsedAt: null });

    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row.keyHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(secret.slice(12));

    const listed = await listApiKeys(fixture.org.id);
    const mine = listed.find((k) => k.id === key.id)!;
    expect(Object.keys(mine).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name", "prefix", "revokedAt", "role"]);
    expect(mine.createdAt).toBeInstanceOf(Date);
    expect(await listApiKeys(other.org.id)).not.toContainEqual(expect.objectContaining({ id: key.id }));

    const audit = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, fixture.org.id), eq(auditLogs.entityId, key.id)));
    expect(audit.map((a) => a.action)).toEqual(["apiKey.created"]);
    expect(audit[0].actorUserId).toBe(fixture.users.owner.id);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("authenticate as an actor of their organisation and role, on behalf of their creator", async () => {
    const { key, secret } = await createApiKey(as("owner"), { name: "CRM", role: "marketer" });
    const actor = await authenticateApiKey(`Bearer ${secret}`, { ip: "203.0.113.9", userAgent: "pos/1.0" });
    expect(actor).toEqual({
      orgId: fixture.org.id,
      role: "marketer",
      userId: fixture.users.owner.id,
      apiKeyId: key.id,
      ip: "203.0.113.9",
      userAgent: "pos/1.0",
    });
    expect(await authenticateApiKey(secret)).toMatchObject({ apiKeyId: key.id });
  });

  it("record the last use at most once a minute", async () => {
    const { key, secret } = await createApiKey(as("owner"), { name: "Stamp", role: "clerk" });
    await authenticateApiKey(secret);
    const [first] = await db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(first.at).toBeInstanceOf(Date);
    await authenticateApiKey(secret);
    const [second] = await db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(second.at!.getTime()).toBe(first.at!.getTime());
  });

  it("refuse malformed and unknown keys", async () => {
    for (const bad of [null, "", "Bearer", "cc_live_short", `cc_live_${"A".repeat(32)}`, `Basic ${"x".repeat(40)}`]) {
      expect(await authenticateApiKey(bad)).toBeNull();
    }
  });

  it("stop authenticating once revoked, and revoke once only", async () => {
    const { key, secret } = await createApiKey(as("owner"), { name: "Old till", role: "clerk" });
    expect(await authenticateApiKey(secret)).not.toBeNull();
    const revoked = await revokeApiKey(as("owner"), key.id);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await authenticateApiKey(secret)).toBeNull();
    await expect(revokeApiKey(as("owner"), key.id)).rejects.toMatchObject({ code: "invalid_state" });
    const actions = await db
      .select({ action: auditLogs.action })
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, fixture.org.id), eq(auditLogs.entityId, key.id)));
    expect(actions.map((a) => a.action).sort()).toEqual(["apiKey.created", "apiKey.revoked"]);
  });

  it("cannot be revoked or seen across organisations", async () => {
    const { key, secret } = await createApiKey(as("owner"), { name: "Mine", role: "clerk" });
    await expect(revokeApiKey(as("owner", other), key.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeApiKey(as("owner"), "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
    expect(await authenticateApiKey(secret)).toMatchObject({ orgId: fixture.org.id });
  });

  it("are managed by owners only and never carry the owner role", async () => {
    for (const role of ["marketer", "reviewer", "clerk", "influencer"] as const) {
      await expect(createApiKey(as(role), { name: "x", role: "clerk" })).rejects.toMatchObject({ code: "forbidden" });
    }
    const { key } = await createApiKey(as("owner"), { name: "Victim", role: "clerk" });
    await expect(revokeApiKey(as("marketer"), key.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(createApiKey(as("owner"), { name: "Root", role: "owner" as never })).rejects.toThrow();
  });
});

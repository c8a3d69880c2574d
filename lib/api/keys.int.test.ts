import { createHash, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { apiKeys, auditLogs } from "@/db/schema";
import { seedStore, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { listRedeemStores } from "@/lib/redemptions/queries";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./keys";

let fixture: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
let till: string;
let corner: string;
let foreignStore: string;
const as = (role: Role, f = fixture): Actor => ({ orgId: f.org.id, role, userId: f.users[role].id, apiKeyId: null });

beforeAll(async () => {
  fixture = await seedTestOrg(db, `keys-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `keys-${randomUUID().slice(0, 8)}`);
  till = (await seedStore(db, { orgId: fixture.org.id, name: "南京路店" })).id;
  corner = (await seedStore(db, { orgId: fixture.org.id, name: "徐家汇店" })).id;
  foreignStore = (await seedStore(db, { orgId: other.org.id, name: "Other org store" })).id;
});

/** The AppError a call is refused with, as { code, fields }. */
async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return { code: e.code, fields: Object.fromEntries((e.errors ?? []).map((x) => [x.path, x.message])) };
}

describe("API keys", () => {
  it("are created once in clear, stored only as a SHA-256 and listed by prefix", async () => {
    const { key, secret } = await createApiKey(as("owner"), { name: "Till 1", role: "clerk", storeIds: [till] });
    expect(secret).toMatch(/^cc_live_[0-9A-Za-z]{32}$/);
    expect(key).toMatchObject({ name: "Till 1", role: "clerk", prefix: secret.slice(0, 12), revokedAt: null, lastUsedAt: null, storeIds: [till] });

    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row.keyHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(secret.slice(12));

    const listed = await listApiKeys(fixture.org.id);
    const mine = listed.find((k) => k.id === key.id)!;
    expect(Object.keys(mine).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name", "prefix", "revokedAt", "role", "storeIds", "stores"]);
    expect(mine.stores).toEqual([{ id: till, name: "南京路店" }]);
    expect(mine.createdAt).toBeInstanceOf(Date);
    expect(await listApiKeys(other.org.id)).not.toContainEqual(expect.objectContaining({ id: key.id }));

    const audit = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, fixture.org.id), eq(auditLogs.entityId, key.id)));
    expect(audit.map((a) => a.action)).toEqual(["apiKey.created"]);
    expect(audit[0].after).toMatchObject({ role: "clerk", storeIds: [till] });
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
    const { key, secret } = await createApiKey(as("owner"), { name: "Stamp", role: "clerk", storeIds: [till] });
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
    const { key, secret } = await createApiKey(as("owner"), { name: "Old till", role: "clerk", storeIds: [till] });
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
    const { key, secret } = await createApiKey(as("owner"), { name: "Mine", role: "clerk", storeIds: [till] });
    await expect(revokeApiKey(as("owner", other), key.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeApiKey(as("owner"), "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
    expect(await authenticateApiKey(secret)).toMatchObject({ orgId: fixture.org.id });
  });

  it("are managed by owners only and never carry the owner role", async () => {
    for (const role of ["marketer", "reviewer", "clerk", "influencer"] as const) {
      await expect(createApiKey(as(role), { name: "x", role: "clerk" })).rejects.toMatchObject({ code: "forbidden" });
    }
    const { key } = await createApiKey(as("owner"), { name: "Victim", role: "clerk", storeIds: [till] });
    await expect(revokeApiKey(as("marketer"), key.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(createApiKey(as("owner"), { name: "Root", role: "owner" as never })).rejects.toThrow();
  });

  it("of the clerk role must name at least one store of the organisation; other roles name none", async () => {
    expect(await refusal(createApiKey(as("owner"), { name: "No stores", role: "clerk" }))).toEqual({
      code: "invalid_input",
      fields: { storeIds: "apiKeys.errors.stores" },
    });
    expect(await refusal(createApiKey(as("owner"), { name: "Empty", role: "clerk", storeIds: [] }))).toMatchObject({ fields: { storeIds: "apiKeys.errors.stores" } });
    // Another organisation's store, an unknown one and an archived one are refused, and nothing is written.
    for (const storeIds of [[till, foreignStore], [randomUUID()]]) {
      expect(await refusal(createApiKey(as("owner"), { name: "Elsewhere", role: "clerk", storeIds }))).toEqual({
        code: "invalid_input",
        fields: { storeIds: "apiKeys.errors.storesUnknown" },
      });
    }
    const archived = await seedStore(db, { orgId: fixture.org.id, name: "Closed" });
    await db.execute(sql`update stores set archived_at = now() where id = ${archived.id}::uuid`);
    expect(await refusal(createApiKey(as("owner"), { name: "Closed", role: "clerk", storeIds: [archived.id] }))).toMatchObject({ fields: { storeIds: "apiKeys.errors.storesUnknown" } });
    expect(await refusal(createApiKey(as("owner"), { name: "Bad id", role: "clerk", storeIds: ["not-a-uuid"] }))).toMatchObject({ code: "invalid_input" });
    const names = (await listApiKeys(fixture.org.id)).map((k) => k.name);
    expect(names).not.toContain("Elsewhere");
    expect(names).not.toContain("No stores");

    // Duplicates collapse; the stores are listed by name.
    const { key } = await createApiKey(as("owner"), { name: "Two tills", role: "clerk", storeIds: [till, corner, till.toUpperCase()] });
    expect([...key.storeIds!].sort()).toEqual([till, corner].sort());
    const listed = (await listApiKeys(fixture.org.id)).find((k) => k.id === key.id)!;
    expect(listed.stores!.map((s) => s.name)).toEqual(["南京路店", "徐家汇店"].sort((a, b) => a.localeCompare(b)));

    // A marketer key carries no stores, even when some are sent.
    const { key: crm } = await createApiKey(as("owner"), { name: "CRM 2", role: "marketer", storeIds: [till] });
    expect(crm.storeIds).toBeNull();
    expect((await listApiKeys(fixture.org.id)).find((k) => k.id === crm.id)!.stores).toBeNull();
  });

  it("of the clerk role may pick only their stores at the counter", async () => {
    const { key, secret } = await createApiKey(as("owner"), { name: "Corner till", role: "clerk", storeIds: [corner] });
    const actor = await authenticateApiKey(secret);
    expect(actor).toMatchObject({ role: "clerk", apiKeyId: key.id });
    expect((await listRedeemStores(actor!)).map((s) => s.id)).toEqual([corner]);
  });
});

import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLogs, storeClerks, stores } from "@/db/schema";
import { seedMember, seedStore, seedTestOrg, seedUser } from "@/db/seed/builders";
import { parseListParams } from "@/components/data-table/params";
import { fieldErrorsOf } from "@/lib/action-state";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/permissions";
import { archiveStore, createStore, restoreStore, updateStore } from "./mutations";
import { getStore, listClerkAccounts, listStoresOfClerk, listStoresTable } from "./queries";
import { storeInputSchema, storeListParams } from "./schemas";

let fixture: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
/** A second clerk in `fixture`, so sets of clerks can change. */
let clerk2: Awaited<ReturnType<typeof seedUser>>;
const as = (role: Role, f = fixture): Actor => ({ orgId: f.org.id, role, userId: f.users[role].id, apiKeyId: null });
const unique = () => randomUUID().slice(0, 8);
const input = (over: Record<string, unknown> = {}) => storeInputSchema.parse({ name: `南京西路店 ${unique()}`, address: "南京西路 1 号", ...over });

async function clerkIdsOf(storeId: string) {
  const rows = await db.select({ userId: storeClerks.userId }).from(storeClerks).where(eq(storeClerks.storeId, storeId));
  return rows.map((r) => r.userId).sort();
}

async function auditOf(entityId: string) {
  return db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.entityType, "store"), eq(auditLogs.entityId, entityId)))
    .orderBy(asc(auditLogs.createdAt), asc(auditLogs.action));
}

beforeAll(async () => {
  fixture = await seedTestOrg(db, `st-${unique()}`);
  other = await seedTestOrg(db, `st-${unique()}`);
  clerk2 = await seedUser(db, { email: `clerk2-${unique()}@example.test`, name: "Clerk Two", passwordHash: "none" });
  await seedMember(db, { orgId: fixture.org.id, userId: clerk2.id, role: "clerk" });
});

describe("store mutations", () => {
  it("creates with clerks, replaces the clerk set on edit, archives and restores, each audited", async () => {
    const clerk1 = fixture.users.clerk.id;
    const created = await createStore(as("owner"), input({ name: "静安店", clerkIds: [clerk1, clerk1] }));
    expect(created).toMatchObject({ orgId: fixture.org.id, name: "静安店", address: "南京西路 1 号", clerkIds: [clerk1] });
    expect(await clerkIdsOf(created.id)).toEqual([clerk1]);

    const edited = await updateStore(as("owner"), created.id, input({ name: "静安寺店", address: "", clerkIds: [clerk2.id] }));
    expect(edited).toMatchObject({ name: "静安寺店", address: "", clerkIds: [clerk2.id] });
    expect(await clerkIdsOf(created.id)).toEqual([clerk2.id]);

    await updateStore(as("owner"), created.id, input({ name: "静安寺店", clerkIds: [clerk1, clerk2.id] }));
    expect(await clerkIdsOf(created.id)).toEqual([clerk1, clerk2.id].sort());
    await updateStore(as("owner"), created.id, input({ name: "静安寺店", clerkIds: [] }));
    expect(await clerkIdsOf(created.id)).toEqual([]);

    await archiveStore(as("owner"), created.id);
    await restoreStore(as("owner"), created.id);

    const audit = await auditOf(created.id);
    expect(audit.map((a) => a.action)).toEqual(["store.created", "store.updated", "store.updated", "store.updated", "store.archived", "store.restored"]);
    expect(audit.every((a) => a.actorUserId === fixture.users.owner.id && a.orgId === fixture.org.id)).toBe(true);
    expect(audit[0].after).toMatchObject({ name: "静安店", clerkIds: [clerk1] });
    expect(audit[1].before).toMatchObject({ name: "静安店", clerkIds: [clerk1] });
    expect(audit[1].after).toMatchObject({ name: "静安寺店", clerkIds: [clerk2.id] });
  });

  it("archived stores are read-only, leave the clerk's store list, and keep their clerks", async () => {
    const s = await createStore(as("owner"), input({ clerkIds: [fixture.users.clerk.id] }));
    expect((await listStoresOfClerk(fixture.org.id, fixture.users.clerk.id)).map((r) => r.id)).toContain(s.id);
    await archiveStore(as("owner"), s.id);
    expect((await listStoresOfClerk(fixture.org.id, fixture.users.clerk.id)).map((r) => r.id)).not.toContain(s.id);
    await expect(updateStore(as("owner"), s.id, input())).rejects.toMatchObject({ code: "invalid_state" });
    await expect(archiveStore(as("owner"), s.id)).rejects.toMatchObject({ code: "invalid_state" });
    await restoreStore(as("owner"), s.id);
    expect(await clerkIdsOf(s.id)).toEqual([fixture.users.clerk.id]);
  });

  it("gives field errors as message keys, from the schema and from the database", async () => {
    const parsed = storeInputSchema.safeParse({ name: " ", address: "x".repeat(201), clerkIds: ["nope"] });
    expect(fieldErrorsOf(parsed.error!)).toEqual({ name: "validation.required", address: "validation.tooLong", "clerkIds.0": "stores.errors.notClerk" });

    const first = await createStore(as("owner"), input());
    await expect(createStore(as("owner"), input({ name: first.name }))).rejects.toMatchObject({
      code: "conflict",
      errors: [{ path: "name", message: "stores.errors.nameTaken" }],
    });
    const second = await createStore(as("owner"), input());
    await expect(updateStore(as("owner"), second.id, input({ name: first.name }))).rejects.toMatchObject({
      errors: [{ path: "name", message: "stores.errors.nameTaken" }],
    });
    // The same name in another organisation is fine.
    await expect(createStore(as("owner", other), input({ name: first.name }))).resolves.toMatchObject({ name: first.name });
  });

  it("assigns only clerks of the organisation, and a refused edit changes nothing", async () => {
    const s = await createStore(as("owner"), input({ clerkIds: [fixture.users.clerk.id] }));
    const refusals = [fixture.users.marketer.id, fixture.users.owner.id, fixture.users.influencer.id, other.users.clerk.id, randomUUID()];
    for (const id of refusals) {
      await expect(updateStore(as("owner"), s.id, input({ name: "renamed", clerkIds: [fixture.users.clerk.id, id] }))).rejects.toMatchObject({
        code: "invalid_input",
        errors: [{ path: "clerkIds", message: "stores.errors.notClerk" }],
      });
      await expect(createStore(as("owner"), input({ clerkIds: [id] }))).rejects.toMatchObject({ code: "invalid_input" });
    }
    const after = await getStore(fixture.org.id, s.id);
    expect(after?.name).toBe(s.name);
    expect(after?.clerks.map((c) => c.id)).toEqual([fixture.users.clerk.id]);
    expect((await auditOf(s.id)).map((a) => a.action)).toEqual(["store.created"]);
  });

  it("only owners write stores: clerks, marketers, reviewers and influencers are refused", async () => {
    const s = await createStore(as("owner"), input());
    for (const role of ["marketer", "clerk", "reviewer", "influencer"] as const) {
      await expect(createStore(as(role), input())).rejects.toMatchObject({ code: "forbidden" });
      await expect(updateStore(as(role), s.id, input())).rejects.toMatchObject({ code: "forbidden" });
      await expect(archiveStore(as(role), s.id)).rejects.toMatchObject({ code: "forbidden" });
      await expect(restoreStore(as(role), s.id)).rejects.toMatchObject({ code: "forbidden" });
    }
    expect((await auditOf(s.id)).map((a) => a.action)).toEqual(["store.created"]);
  });
});

describe("tenancy", () => {
  it("another organisation's store is not found, for reads and every change", async () => {
    const mine = await createStore(as("owner"), input({ clerkIds: [fixture.users.clerk.id] }));
    expect(await getStore(other.org.id, mine.id)).toBeNull();
    await expect(updateStore(as("owner", other), mine.id, input({ clerkIds: [other.users.clerk.id] }))).rejects.toMatchObject({ code: "not_found" });
    await expect(archiveStore(as("owner", other), mine.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(restoreStore(as("owner", other), mine.id)).rejects.toMatchObject({ code: "not_found" });
    const [row] = await db.select().from(stores).where(eq(stores.id, mine.id));
    expect(row).toMatchObject({ name: mine.name, archivedAt: null });
    expect(await clerkIdsOf(mine.id)).toEqual([fixture.users.clerk.id]);
  });

  it("a malformed id is not found rather than a database error", async () => {
    expect(await getStore(fixture.org.id, "42")).toBeNull();
    await expect(updateStore(as("owner"), "42", input())).rejects.toMatchObject({ code: "not_found" });
    await expect(restoreStore(as("owner"), "")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("listStoresTable", () => {
  let list: Awaited<ReturnType<typeof seedTestOrg>>;
  let extraClerk: Awaited<ReturnType<typeof seedUser>>;
  const params = (query: Record<string, string> = {}) => parseListParams(storeListParams, query);
  const names = (rows: { name: string }[]) => rows.map((r) => r.name);

  beforeAll(async () => {
    list = await seedTestOrg(db, `st-list-${unique()}`);
    extraClerk = await seedUser(db, { email: `extra-${unique()}@example.test`, name: "Another clerk", passwordHash: "none" });
    await seedMember(db, { orgId: list.org.id, userId: extraClerk.id, role: "clerk" });
    // 23 open stores "Store 01" … "Store 23"; Store 04 has two clerks, Store 09 one; 1 archived store.
    for (let i = 1; i <= 23; i++) {
      const clerkIds = i === 4 ? [list.users.clerk.id, extraClerk.id] : i === 9 ? [list.users.clerk.id] : [];
      await seedStore(db, { orgId: list.org.id, name: `Store ${String(i).padStart(2, "0")}`, address: i === 12 ? "88 Huaihai Rd" : `${i} Main St`, clerkIds });
    }
    await seedStore(db, { orgId: list.org.id, name: "Closed store", address: "gone", clerkIds: [] }).then((s) =>
      db.update(stores).set({ archivedAt: new Date() }).where(eq(stores.id, s.id)),
    );
  });

  it("pages by name with the total over all pages, and the clerks of each row", async () => {
    const first = await listStoresTable(list.org.id, params({ pageSize: "10" }));
    expect(first.total).toBe(23);
    expect(names(first.rows)).toEqual(Array.from({ length: 10 }, (_, i) => `Store ${String(i + 1).padStart(2, "0")}`));
    const store04 = first.rows.find((r) => r.name === "Store 04")!;
    expect(store04.clerkCount).toBe(2);
    expect(store04.clerks.map((c) => c.name)).toEqual(["Another clerk", `clerk ${list.org.slug}`]);
    const last = await listStoresTable(list.org.id, params({ pageSize: "10", page: "3" }));
    expect(names(last.rows)).toEqual(["Store 21", "Store 22", "Store 23"]);
  });

  it("sorts by clerk count, creation and name, both ways", async () => {
    const byClerks = await listStoresTable(list.org.id, params({ sort: "clerkCount", dir: "desc", pageSize: "10" }));
    expect(byClerks.rows.slice(0, 2).map((r) => [r.name, r.clerkCount])).toEqual([
      ["Store 04", 2],
      ["Store 09", 1],
    ]);
    const newest = await listStoresTable(list.org.id, params({ sort: "createdAt", dir: "desc", pageSize: "10" }));
    expect(newest.rows.map((r) => r.createdAt.getTime())).toEqual([...newest.rows.map((r) => r.createdAt.getTime())].sort((a, b) => b - a));
    const desc = await listStoresTable(list.org.id, params({ dir: "desc", pageSize: "10" }));
    expect(names(desc.rows)[0]).toBe("Store 23");
  });

  it("searches name and address, and shows archived stores only when asked", async () => {
    const huaihai = await listStoresTable(list.org.id, params({ q: "huaihai" }));
    expect({ names: names(huaihai.rows), total: huaihai.total }).toEqual({ names: ["Store 12"], total: 1 });
    expect((await listStoresTable(list.org.id, params({ q: "closed" }))).total).toBe(0);
    const withArchived = await listStoresTable(list.org.id, params({ q: "closed", archived: "1" }));
    expect(withArchived.rows.map((r) => [r.name, r.archivedAt instanceof Date])).toEqual([["Closed store", true]]);
    expect((await listStoresTable(list.org.id, params({ archived: "1" }))).total).toBe(24);
  });

  it("never shows another organisation's stores", async () => {
    await seedStore(db, { orgId: other.org.id, name: "Store 00" });
    expect(names((await listStoresTable(list.org.id, params({ q: "Store 00" }))).rows)).toEqual([]);
  });
});

describe("listClerkAccounts", () => {
  it("lists the organisation's clerks only", async () => {
    expect((await listClerkAccounts(fixture.org.id)).map((c) => c.id).sort()).toEqual([fixture.users.clerk.id, clerk2.id].sort());
  });
});

import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { db, type Executor } from "@/db";
import { memberships, storeClerks, stores } from "@/db/schema";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { StoreInput } from "./schemas";

export type Store = typeof stores.$inferSelect;
/** A store with the ids of its assigned clerks, as the audit log records it. */
export type StoreWithClerks = Store & { clerkIds: string[] };

function notFound(): AppError {
  return new AppError("not_found", "No such store.");
}

/** A malformed id can name no row; refusing it here keeps Postgres from answering with a cast error (500). */
function assertId(id: string): void {
  if (!z.uuid().safeParse(id).success) throw notFound();
}

/** Store names are unique per organisation (stores_org_name_key): a clash is the name field's error. */
function nameTaken(e: unknown): never {
  if (isUniqueViolation(e, "stores_org_name_key")) {
    throw new AppError("conflict", "Another store already has this name.", { errors: [{ path: "name", message: "stores.errors.nameTaken" }] });
  }
  throw e;
}

async function clerkIdsOf(tx: Executor, orgId: string, storeId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: storeClerks.userId })
    .from(storeClerks)
    .where(and(eq(storeClerks.orgId, orgId), eq(storeClerks.storeId, storeId)))
    .orderBy(asc(storeClerks.userId));
  return rows.map((r) => r.userId);
}

/**
 * Replaces the store's clerks with `clerkIds` (as a set), inside the caller's transaction. Every id must
 * be a member of the organisation with role `clerk`: an owner cannot put an outsider behind a counter.
 */
async function setClerks(tx: Executor, orgId: string, storeId: string, clerkIds: string[]): Promise<string[]> {
  const ids = [...new Set(clerkIds)].sort();
  if (ids.length) {
    const found = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "clerk"), inArray(memberships.userId, ids)));
    if (found.length !== ids.length) {
      throw new AppError("invalid_input", "Only clerks of this organisation can be assigned to a store.", {
        errors: [{ path: "clerkIds", message: "stores.errors.notClerk" }],
      });
    }
  }
  await tx.delete(storeClerks).where(and(eq(storeClerks.orgId, orgId), eq(storeClerks.storeId, storeId)));
  if (ids.length) await tx.insert(storeClerks).values(ids.map((userId) => ({ orgId, storeId, userId })));
  return ids;
}

/** A new store of the owner's organisation with its clerks. */
export async function createStore(actor: Actor, input: StoreInput): Promise<StoreWithClerks> {
  assertCan(actor, "store:write");
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(stores).values({ orgId: actor.orgId, name: input.name, address: input.address }).returning();
      const clerkIds = await setClerks(tx, actor.orgId, row.id, input.clerkIds);
      const after = { ...row, clerkIds };
      await writeAudit(tx, { ...auditActor(actor), action: "store.created", entityType: "store", entityId: row.id, after });
      return after;
    });
  } catch (e) {
    return nameTaken(e);
  }
}

/** Replaces a store's name, address and clerks; archived stores are read-only until restored. */
export async function updateStore(actor: Actor, id: string, input: StoreInput): Promise<StoreWithClerks> {
  assertCan(actor, "store:write");
  assertId(id);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(stores)
        .where(and(eq(stores.id, id), eq(stores.orgId, actor.orgId)))
        .for("update");
      if (!row) throw notFound();
      if (row.archivedAt) throw new AppError("invalid_state", "Restore the store before editing it.");
      const before = { ...row, clerkIds: await clerkIdsOf(tx, actor.orgId, id) };
      const [updated] = await tx
        .update(stores)
        .set({ name: input.name, address: input.address })
        .where(and(eq(stores.id, id), eq(stores.orgId, actor.orgId)))
        .returning();
      const clerkIds = await setClerks(tx, actor.orgId, id, input.clerkIds);
      const after = { ...updated, clerkIds };
      await writeAudit(tx, { ...auditActor(actor), action: "store.updated", entityType: "store", entityId: id, before, after });
      return after;
    });
  } catch (e) {
    return nameTaken(e);
  }
}

/**
 * Archives (or restores) a store. An archived store takes no redemptions and leaves the pickers; its
 * clerk assignments and history stay, so restoring brings it back as it was.
 */
async function setArchived(actor: Actor, id: string, archived: boolean): Promise<Store> {
  assertCan(actor, "store:write");
  assertId(id);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(stores)
      .where(and(eq(stores.id, id), eq(stores.orgId, actor.orgId)))
      .for("update");
    if (!before) throw notFound();
    if (Boolean(before.archivedAt) === archived) {
      throw new AppError("invalid_state", archived ? "The store is already archived." : "The store is not archived.");
    }
    const [row] = await tx
      .update(stores)
      .set({ archivedAt: archived ? new Date() : null })
      .where(and(eq(stores.id, id), eq(stores.orgId, actor.orgId)))
      .returning();
    await writeAudit(tx, {
      ...auditActor(actor),
      action: archived ? "store.archived" : "store.restored",
      entityType: "store",
      entityId: id,
      before: { archivedAt: before.archivedAt },
      after: { archivedAt: row.archivedAt },
    });
    return row;
  });
}

/** Archives a store of the owner's organisation. */
export function archiveStore(actor: Actor, id: string): Promise<Store> {
  return setArchived(actor, id, true);
}

/** Brings an archived store back. */
export function restoreStore(actor: Actor, id: string): Promise<Store> {
  return setArchived(actor, id, false);
}

import "server-only";
import { and, asc, count, desc, eq, ilike, inArray, isNull, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { memberships, storeClerks, stores, users } from "@/db/schema";
import { decodeCursor, likePattern, toPage } from "@/lib/api/paging";
import { pageOffset } from "@/components/data-table/params";
import type { StoreListParams, StoreListQuery, StoreSort } from "./schemas";

/** The organisation's open stores with how many clerks are assigned to each. */
export async function listStores(orgId: string) {
  return db
    .select({
      id: stores.id,
      name: stores.name,
      address: stores.address,
      clerkCount: count(storeClerks.userId),
      createdAt: stores.createdAt,
    })
    .from(stores)
    .leftJoin(storeClerks, and(eq(storeClerks.storeId, stores.id), eq(storeClerks.orgId, orgId)))
    .where(and(eq(stores.orgId, orgId), isNull(stores.archivedAt)))
    .groupBy(stores.id)
    .orderBy(asc(stores.name));
}

/** The stores a clerk is assigned to in this organisation. */
export async function listStoresOfClerk(orgId: string, userId: string) {
  return db
    .select({ id: stores.id, name: stores.name, address: stores.address })
    .from(storeClerks)
    .innerJoin(stores, eq(stores.id, storeClerks.storeId))
    .where(and(eq(storeClerks.orgId, orgId), eq(storeClerks.userId, userId), eq(stores.orgId, orgId), isNull(stores.archivedAt)))
    .orderBy(asc(stores.name));
}

const storeCursor = z.tuple([z.string(), z.uuid()]);

/** One keyset page of the organisation's open stores by (name, id), optionally searched by name or address. */
export async function listStoresPage(orgId: string, query: StoreListQuery) {
  const conditions = [eq(stores.orgId, orgId), isNull(stores.archivedAt)];
  if (query.q) conditions.push(or(ilike(stores.name, likePattern(query.q)), ilike(stores.address, likePattern(query.q)))!);
  if (query.cursor) {
    const [name, id] = decodeCursor(query.cursor, storeCursor);
    conditions.push(sql`(${stores.name}, ${stores.id}) > (${name}, ${id}::uuid)`);
  }
  const rows = await db
    .select({ id: stores.id, name: stores.name, address: stores.address, createdAt: stores.createdAt })
    .from(stores)
    .where(and(...conditions))
    .orderBy(asc(stores.name), asc(stores.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, (r) => [r.name, r.id]);
}

// ---- Console list and edit page.

const clerkCount = sql<number>`(select count(*) from ${storeClerks} where ${storeClerks.storeId} = ${stores.id} and ${storeClerks.orgId} = ${stores.orgId})`.mapWith(Number);

const SORT_COLUMNS: Record<StoreSort, SQL | AnyColumn> = {
  name: stores.name,
  address: stores.address,
  clerkCount,
  createdAt: stores.createdAt,
};

export type StoreClerk = { id: string; name: string; email: string };

/** The assigned clerks of some stores of one organisation, by store id, each list by name. */
async function clerksOf(orgId: string, storeIds: string[]): Promise<Map<string, StoreClerk[]>> {
  const byStore = new Map<string, StoreClerk[]>();
  if (storeIds.length === 0) return byStore;
  const rows = await db
    .select({ storeId: storeClerks.storeId, id: users.id, name: users.name, email: users.email })
    .from(storeClerks)
    .innerJoin(users, eq(users.id, storeClerks.userId))
    .where(and(eq(storeClerks.orgId, orgId), inArray(storeClerks.storeId, storeIds)))
    .orderBy(asc(users.name), asc(users.email));
  for (const { storeId, ...clerk } of rows) {
    const list = byStore.get(storeId) ?? [];
    list.push(clerk);
    byStore.set(storeId, list);
  }
  return byStore;
}

/**
 * One page of the organisation's stores for the console table, searched (name or address), archived rows
 * only with `archived=1`, sorted by any sortable column with id as tie-breaker, with their clerks and the total.
 */
export async function listStoresTable(orgId: string, params: StoreListParams) {
  const conditions: SQL[] = [eq(stores.orgId, orgId)];
  if (!params.archived) conditions.push(isNull(stores.archivedAt));
  if (params.q) conditions.push(or(ilike(stores.name, likePattern(params.q)), ilike(stores.address, likePattern(params.q)))!);
  const where = and(...conditions);
  const order = params.dir === "desc" ? desc : asc;

  const [page, [{ total }]] = await Promise.all([
    db
      .select({
        id: stores.id,
        name: stores.name,
        address: stores.address,
        clerkCount,
        archivedAt: stores.archivedAt,
        createdAt: stores.createdAt,
      })
      .from(stores)
      .where(where)
      // Ties read best by name; id makes the order total, so pages never overlap.
      .orderBy(order(SORT_COLUMNS[params.sort]), asc(stores.name), asc(stores.id))
      .limit(params.pageSize)
      .offset(pageOffset(params)),
    db.select({ total: count() }).from(stores).where(where),
  ]);
  const clerks = await clerksOf(
    orgId,
    page.map((s) => s.id),
  );
  return { rows: page.map((s) => ({ ...s, clerks: clerks.get(s.id) ?? [] })), total };
}

export type StoreTableRow = Awaited<ReturnType<typeof listStoresTable>>["rows"][number];

/** One store of the organisation with its assigned clerks, or null (also for another organisation's id). */
export async function getStore(orgId: string, id: string) {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db
    .select({ id: stores.id, name: stores.name, address: stores.address, archivedAt: stores.archivedAt, createdAt: stores.createdAt })
    .from(stores)
    .where(and(eq(stores.id, id), eq(stores.orgId, orgId)))
    .limit(1);
  if (!row) return null;
  const clerks = await clerksOf(orgId, [row.id]);
  return { ...row, clerks: clerks.get(row.id) ?? [] };
}

export type StoreDetail = NonNullable<Awaited<ReturnType<typeof getStore>>>;

/** Members with role `clerk`: who can be assigned to a store. */
export async function listClerkAccounts(orgId: string): Promise<StoreClerk[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "clerk")))
    .orderBy(asc(users.name), asc(users.email));
}

import "server-only";
import { and, asc, count, eq, ilike, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { storeClerks, stores } from "@/db/schema";
import { decodeCursor, likePattern, toPage } from "@/lib/api/paging";
import type { StoreListQuery } from "./schemas";

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


import "server-only";
import { and, asc, count, desc, eq, ilike, isNull, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { codeGroups, influencers, memberships, users } from "@/db/schema";
import { decodeCursor, likePattern, toPage } from "@/lib/api/paging";
import { pageOffset } from "@/components/data-table/params";
import type { InfluencerListParams, InfluencerListQuery, InfluencerSort } from "./schemas";

/** The organisation's influencers (not archived), by display name. */
export async function listInfluencers(orgId: string) {
  return db
    .select({
      id: influencers.id,
      displayName: influencers.displayName,
      platform: influencers.platform,
      handle: influencers.handle,
      hasAccount: influencers.userId,
      createdAt: influencers.createdAt,
    })
    .from(influencers)
    .where(and(eq(influencers.orgId, orgId), isNull(influencers.archivedAt)))
    .orderBy(asc(influencers.displayName));
}

const influencerCursor = z.tuple([z.string(), z.uuid()]);

/** One keyset page of the organisation's influencers by (display name, id), optionally searched by name or handle. */
export async function listInfluencersPage(orgId: string, query: InfluencerListQuery) {
  const conditions = [eq(influencers.orgId, orgId), isNull(influencers.archivedAt)];
  if (query.q) {
    conditions.push(or(ilike(influencers.displayName, likePattern(query.q)), ilike(influencers.handle, likePattern(query.q)))!);
  }
  if (query.cursor) {
    const [displayName, id] = decodeCursor(query.cursor, influencerCursor);
    conditions.push(sql`(${influencers.displayName}, ${influencers.id}) > (${displayName}, ${id}::uuid)`);
  }
  const rows = await db
    .select({
      id: influencers.id,
      displayName: influencers.displayName,
      platform: influencers.platform,
      handle: influencers.handle,
      hasAccount: sql<boolean>`${influencers.userId} is not null`,
      createdAt: influencers.createdAt,
    })
    .from(influencers)
    .where(and(...conditions))
    .orderBy(asc(influencers.displayName), asc(influencers.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, (r) => [r.displayName, r.id]);
}

// ---- Console list and edit page.

/** Code groups bound to the influencer: a correlated count, cheap with code_groups_influencer_idx. */
const groupCount = sql<number>`(select count(*) from ${codeGroups} where ${codeGroups.influencerId} = ${influencers.id} and ${codeGroups.orgId} = ${influencers.orgId})`.mapWith(Number);

// Platforms sort in the enum's order (by reach), not alphabetically by key.
const SORT_COLUMNS: Record<InfluencerSort, SQL | AnyColumn> = {
  displayName: influencers.displayName,
  platform: influencers.platform,
  handle: influencers.handle,
  groupCount,
  createdAt: influencers.createdAt,
};

/**
 * One page of the organisation's influencers for the console table, searched (name or handle), filtered
 * (platform; archived rows only with `archived=1`), sorted by any sortable column with id as tie-breaker,
 * and the total over all pages.
 */
export async function listInfluencersTable(orgId: string, params: InfluencerListParams) {
  const conditions: SQL[] = [eq(influencers.orgId, orgId)];
  if (!params.archived) conditions.push(isNull(influencers.archivedAt));
  if (params.platform) conditions.push(eq(influencers.platform, params.platform));
  if (params.q) conditions.push(or(ilike(influencers.displayName, likePattern(params.q)), ilike(influencers.handle, likePattern(params.q)))!);
  const where = and(...conditions);
  const order = params.dir === "desc" ? desc : asc;

  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: influencers.id,
        displayName: influencers.displayName,
        platform: influencers.platform,
        handle: influencers.handle,
        userId: influencers.userId,
        userName: users.name,
        userEmail: users.email,
        groupCount,
        archivedAt: influencers.archivedAt,
        createdAt: influencers.createdAt,
      })
      .from(influencers)
      .leftJoin(users, eq(users.id, influencers.userId))
      .where(where)
      // Ties (same platform, same count) read best by name; id makes the order total, so pages never overlap.
      .orderBy(order(SORT_COLUMNS[params.sort]), asc(influencers.displayName), asc(influencers.id))
      .limit(params.pageSize)
      .offset(pageOffset(params)),
    db.select({ total: count() }).from(influencers).where(where),
  ]);
  return { rows, total };
}

export type InfluencerTableRow = Awaited<ReturnType<typeof listInfluencersTable>>["rows"][number];

const isUuid = (id: string) => z.uuid().safeParse(id).success;

/** One influencer of the organisation with its linked user, or null (also for another organisation's id). */
export async function getInfluencer(orgId: string, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({
      id: influencers.id,
      displayName: influencers.displayName,
      platform: influencers.platform,
      handle: influencers.handle,
      notes: influencers.notes,
      userId: influencers.userId,
      userName: users.name,
      userEmail: users.email,
      groupCount,
      archivedAt: influencers.archivedAt,
      createdAt: influencers.createdAt,
    })
    .from(influencers)
    .leftJoin(users, eq(users.id, influencers.userId))
    .where(and(eq(influencers.id, id), eq(influencers.orgId, orgId)))
    .limit(1);
  return row ?? null;
}

export type InfluencerDetail = NonNullable<Awaited<ReturnType<typeof getInfluencer>>>;

/** Members with role `influencer`: who an influencer can be linked to, with how many influencers each already has. */
export async function listInfluencerAccounts(orgId: string) {
  const linked = sql<number>`(select count(*) from ${influencers} where ${influencers.orgId} = ${orgId} and ${influencers.userId} = ${users.id})`.mapWith(Number);
  return db
    .select({ id: users.id, name: users.name, email: users.email, linkedCount: linked })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "influencer")))
    .orderBy(asc(users.name), asc(users.email));
}

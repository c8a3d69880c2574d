import "server-only";
import { and, asc, desc, eq, gt, lt, or, sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { campaigns, codeGroups, codes, groupJobs, influencers } from "@/db/schema";
import type { CodeListQuery } from "./schemas";

/** A code's status as people should see it: a held code past its expiry is `expired`, no batch job needed. */
export const effectiveStatus = sql<string>`case when ${codes.status} in ('available', 'claimed') and ${codes.expiresAt} < now() then 'expired' else ${codes.status}::text end`;

/**
 * Codes handed out so far. Shared groups keep it in claimed_count (a conditional counter is their
 * limit); unique groups are bounded by their pool, and claim_code touches no group-wide row so
 * claims never queue on one: their count is read from the claimed-codes index instead.
 */
export const claimedSoFar = sql<number>`case when ${codeGroups.mode} = 'unique'
  then (select count(*) from codes c where c.group_id = ${codeGroups.id} and c.claimed_at is not null)::int
  else ${codeGroups.claimedCount} end`;

function withClaimed<T extends { group: typeof codeGroups.$inferSelect; claimed: number }>(row: T) {
  const { claimed, ...rest } = row;
  return { ...rest, group: { ...row.group, claimedCount: Number(claimed) } };
}

export async function getGroup(orgId: string, id: string) {
  const [row] = await db
    .select({ group: codeGroups, claimed: claimedSoFar, campaign: campaigns, influencer: influencers })
    .from(codeGroups)
    .innerJoin(campaigns, eq(campaigns.id, codeGroups.campaignId))
    .leftJoin(influencers, eq(influencers.id, codeGroups.influencerId))
    .where(and(eq(codeGroups.id, id), eq(codeGroups.orgId, orgId)));
  return row ? withClaimed(row) : null;
}

export async function listGroups(orgId: string, campaignId: string) {
  const rows = await db
    .select({ group: codeGroups, claimed: claimedSoFar, influencerName: influencers.displayName })
    .from(codeGroups)
    .leftJoin(influencers, eq(influencers.id, codeGroups.influencerId))
    .where(and(eq(codeGroups.orgId, orgId), eq(codeGroups.campaignId, campaignId)))
    .orderBy(asc(codeGroups.createdAt));
  return rows.map(withClaimed);
}

/** Generation jobs of a campaign that are running or failed recently, for the progress panel. */
export async function listGroupJobs(orgId: string, campaignId: string) {
  return db
    .select()
    .from(groupJobs)
    .where(
      and(
        eq(groupJobs.orgId, orgId),
        eq(groupJobs.campaignId, campaignId),
        or(eq(groupJobs.status, "running"), and(eq(groupJobs.status, "failed"), gt(groupJobs.createdAt, sql`now() - interval '1 day'`))),
      ),
    )
    .orderBy(desc(groupJobs.createdAt));
}

const SORT_COLUMNS = { seq: codes.seq, code: codes.code, claimedAt: codes.claimedAt, redeemedAt: codes.redeemedAt } as const;

type Cursor = { v: string | number; id: number };

function encodeCursor(c: Cursor) {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}
function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, "base64url").toString()) as Cursor;
    return typeof c.id === "number" ? c : null;
  } catch {
    return null;
  }
}

export type CodeRow = {
  id: number;
  seq: number;
  code: string;
  status: string;
  claimedAt: Date | null;
  redeemedAt: Date | null;
  expiresAt: Date | null;
  balance: number | null;
};

/**
 * One page of a group's codes, keyset-paged on (sort column, id) so page 10,000 of a million-code
 * group costs what page 1 does. Search is a prefix match on the normalised code (uses the unique index).
 */
export async function listCodes(orgId: string, groupId: string, q: CodeListQuery) {
  const col = SORT_COLUMNS[q.sort];
  const cursor = decodeCursor(q.cursor);
  const cmp = q.dir === "asc" ? gt : lt;
  const conditions: (SQL | undefined)[] = [eq(codes.orgId, orgId), eq(codes.groupId, groupId)];
  if (q.status === "expired") conditions.push(sql`${codes.status} in ('available','claimed') and ${codes.expiresAt} < now()`);
  else if (q.status === "available" || q.status === "claimed") {
    conditions.push(eq(codes.status, q.status), sql`(${codes.expiresAt} is null or ${codes.expiresAt} >= now())`);
  } else if (q.status) conditions.push(eq(codes.status, q.status));
  if (q.q) {
    const prefix = q.q.toUpperCase().replace(/[\s-]+/g, "");
    conditions.push(sql`${codes.code} >= ${prefix} and ${codes.code} < ${prefix + "\uffff"}`);
  }
  if (q.sort === "claimedAt" || q.sort === "redeemedAt") conditions.push(sql`${col} is not null`);
  if (cursor) {
    const v = q.sort === "claimedAt" || q.sort === "redeemedAt" ? new Date(cursor.v as string) : cursor.v;
    conditions.push(or(cmp(col, v as never), and(eq(col, v as never), cmp(codes.id, cursor.id))));
  }
  const order = q.dir === "asc" ? [asc(col), asc(codes.id)] : [desc(col), desc(codes.id)];
  const rows: CodeRow[] = await db
    .select({
      id: codes.id,
      seq: codes.seq,
      code: codes.code,
      status: effectiveStatus,
      claimedAt: codes.claimedAt,
      redeemedAt: codes.redeemedAt,
      expiresAt: codes.expiresAt,
      balance: codes.balance,
    })
    .from(codes)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  const sortValue = (r: CodeRow) => {
    const v = r[q.sort];
    return v instanceof Date ? v.toISOString() : (v as string | number);
  };
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor({ v: sortValue(last), id: last.id }) : null };
}

/** Every code of a group in seq order, in batches, for streaming exports without loading them all. */
export async function* iterateCodes(orgId: string, groupId: string, batch = 10_000) {
  let after = 0;
  for (;;) {
    const page = await db
      .select({
        seq: codes.seq,
        code: codes.code,
        status: effectiveStatus,
        claimedAt: codes.claimedAt,
        redeemedAt: codes.redeemedAt,
        expiresAt: codes.expiresAt,
        balance: codes.balance,
      })
      .from(codes)
      .where(and(eq(codes.orgId, orgId), eq(codes.groupId, groupId), gt(codes.seq, after)))
      .orderBy(asc(codes.seq))
      .limit(batch);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].seq;
    if (page.length < batch) return;
  }
}

/** The organisation's unique-code groups of campaigns that have not ended, for pickers (a follow-up coupon's group). */
export async function listUniqueGroupChoices(orgId: string) {
  const found = await db
    .select({ id: codeGroups.id, name: codeGroups.name, campaignName: campaigns.name })
    .from(codeGroups)
    .innerJoin(campaigns, eq(campaigns.id, codeGroups.campaignId))
    .where(and(eq(codeGroups.orgId, orgId), eq(codeGroups.mode, "unique"), sql`${campaigns.status} <> 'ended'`))
    .orderBy(desc(codeGroups.createdAt))
    .limit(300);
  return found.map((g) => ({ id: g.id, label: `${g.campaignName} · ${g.name}` }));
}

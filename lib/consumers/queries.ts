import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { db, rows } from "@/db";
import { campaigns, claims, codeGroups, codes, consumerCounts, consumers, groupVariants, organizations, segments } from "@/db/schema";
import { decodeCursor, toPage, type Page } from "@/lib/api/paging";
import { maskPhone, normalizePhone } from "@/lib/claims/phone";
import { segmentWhere, taggedAny, type SegmentDay } from "@/lib/segments/sql";
import type { SegmentRules } from "@/lib/segments/rules";
import { zoneDay } from "@/lib/time";
import { z } from "zod";
import { offerWithVariant } from "@/lib/groups/rules";
import { couponStatus } from "./rules";
import type { ConsumerListParams, ConsumerListQuery, ConsumerSort } from "./schemas";

/** An organisation's public face (for consumer pages), by its slug; null when unknown. */
export async function findPublicOrg(slug: string) {
  if (typeof slug !== "string" || !/^[a-z0-9-]{1,64}$/.test(slug)) return null;
  const [org] = await db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name, timeZone: organizations.timeZone, brandColor: organizations.brandColor, logoUrl: organizations.logoUrl })
    .from(organizations)
    .where(eq(organizations.slug, slug));
  return org ?? null;
}

/**
 * The coupons a phone holds in one organisation, newest first, each with the status its holder sees
 * (expired once past its expiry). Only ever called with a phone the visitor has proved by SMS.
 */
export async function listCoupons(orgId: string, phone: string, now = new Date()) {
  const list = await db
    .select({
      claimId: claims.id,
      claimedAt: claims.createdAt,
      expiresAt: claims.expiresAt,
      code: codes.code,
      codeStatus: codes.status,
      codeExpiresAt: codes.expiresAt,
      balance: codes.balance,
      slug: codeGroups.slug,
      prefix: codeGroups.prefix,
      mode: codeGroups.mode,
      campaign: {
        name: campaigns.name,
        type: campaigns.type,
        value: campaigns.value,
        minSpend: campaigns.minSpend,
        percentOff: campaigns.percentOff,
        maxDiscount: campaigns.maxDiscount,
        giftName: campaigns.giftName,
        initialBalance: campaigns.initialBalance,
      },
      // A/B test: the variant the claim was given; its set fields replace the campaign's.
      variant: {
        value: groupVariants.value,
        minSpend: groupVariants.minSpend,
        percentOff: groupVariants.percentOff,
        maxDiscount: groupVariants.maxDiscount,
        tiers: groupVariants.tiers,
      },
    })
    .from(claims)
    .innerJoin(consumers, and(eq(consumers.id, claims.consumerId), eq(consumers.orgId, orgId)))
    .innerJoin(codes, eq(codes.id, claims.codeId))
    .innerJoin(codeGroups, eq(codeGroups.id, claims.groupId))
    .innerJoin(campaigns, eq(campaigns.id, claims.campaignId))
    .leftJoin(groupVariants, and(eq(groupVariants.id, claims.variantId), eq(groupVariants.orgId, orgId)))
    .where(and(eq(claims.orgId, orgId), eq(consumers.phone, phone)))
    .orderBy(desc(claims.createdAt), desc(claims.id))
    .limit(200);
  return list.map(({ variant, ...c }) => {
    const expiresAt = c.expiresAt ?? (c.mode === "unique" ? c.codeExpiresAt : null);
    return { ...c, campaign: offerWithVariant(c.campaign, variant), expiresAt, status: couponStatus({ codeStatus: c.codeStatus, expiresAt, mode: c.mode }, now) };
  });
}

export type Coupon = Awaited<ReturnType<typeof listCoupons>>[number];

// ── The consumers directory ─────────────────────────────────────────────────────────────────────────
// Every figure comes from the consumer row's own counters (kept by the claim and redemption
// statements), so a list of a million consumers reads one table: no scan of claims or redemptions.

export type ConsumerRow = {
  id: string;
  phone: string;
  tags: string[];
  firstSeenAt: Date;
  lastClaimAt: Date | null;
  lastRedemptionAt: Date | null;
  claims: number;
  redemptions: number;
  orderTotal: number;
  discountTotal: number;
  optedOut: boolean;
  erased: boolean;
};

const rowColumns = {
  id: consumers.id,
  phone: consumers.phone,
  tags: sql<string[]>`array(select t.tag from consumer_tags t where t.consumer_id = ${consumers.id} order by t.tag)`,
  firstSeenAt: consumers.firstSeenAt,
  lastClaimAt: consumers.lastClaimAt,
  lastRedemptionAt: consumers.lastRedemptionAt,
  claims: consumers.claimCount,
  redemptions: consumers.redemptionCount,
  orderTotal: consumers.orderTotal,
  discountTotal: consumers.discountTotal,
  optedOut: sql<boolean>`${consumers.optedOutAt} is not null`,
  erased: sql<boolean>`${consumers.erasedAt} is not null`,
};

/** A phone as lists show it: masked, or "erased". */
export function displayPhone(row: Pick<ConsumerRow, "phone" | "erased">): string {
  return row.erased ? "—" : maskPhone(row.phone);
}

/** The organisation's today, for segment rules counted in its local days. */
export async function segmentDayOf(orgId: string, now = new Date()): Promise<SegmentDay> {
  const [org] = await db.select({ tz: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
  const d = zoneDay(now, org?.tz ?? "Asia/Shanghai");
  return { today: d.day, todayStart: d.start };
}

/** A segment's rules, or null when it is not the organisation's. */
export async function segmentRulesOf(orgId: string, segmentId: string): Promise<SegmentRules | null> {
  const [row] = await db.select({ rules: segments.rules }).from(segments).where(and(eq(segments.id, segmentId), eq(segments.orgId, orgId)));
  return row?.rules ?? null;
}

/**
 * The search box: four digits match the last four of the number (an index on right(phone, 4)); a
 * whole number matches it exactly; anything else matches nothing.
 */
function searchCondition(q: string): SQL | null {
  const digits = q.normalize("NFKC").replace(/[\s-]/g, "");
  if (!digits) return null;
  if (/^\d{4}$/.test(digits)) return sql`right(${consumers.phone}, 4) = ${digits}`;
  const phone = normalizePhone(digits);
  return phone ? eq(consumers.phone, phone) : sql`false`;
}

type Filters = { q?: string; tag?: string; rules?: SegmentRules | null; optedOut?: boolean };

async function filterConditions(orgId: string, f: Filters): Promise<SQL> {
  const parts: SQL[] = [eq(consumers.orgId, orgId)];
  const search = f.q ? searchCondition(f.q) : null;
  if (search) parts.push(search);
  if (f.tag) parts.push(sql`${consumers.id} in (${taggedAny(orgId, [f.tag])})`);
  if (f.optedOut) parts.push(sql`${consumers.optedOutAt} is not null`);
  if (f.rules) parts.push(sql`${consumers.id} in (select k.id from consumers k where k.org_id = ${orgId}::uuid and ${segmentWhere(orgId, f.rules, await segmentDayOf(orgId))})`);
  return and(...parts)!;
}

const SORT_COLUMNS: Record<ConsumerSort, AnyPgColumn> = {
  firstSeenAt: consumers.firstSeenAt,
  lastClaimAt: consumers.lastClaimAt,
  lastRedemptionAt: consumers.lastRedemptionAt,
  claims: consumers.claimCount,
  redemptions: consumers.redemptionCount,
  orderTotal: consumers.orderTotal,
  discountTotal: consumers.discountTotal,
};

/**
 * One page of the console's consumers table with the total. Pages in the second half are read from
 * the other end (the order reversed), so the last page costs what the first does.
 */
export async function listConsumersTable(orgId: string, p: ConsumerListParams): Promise<{ rows: ConsumerRow[]; total: number; segmentMissing: boolean }> {
  const rules = p.segment ? await segmentRulesOf(orgId, p.segment) : null;
  const filtered = Boolean(p.q || p.tag || p.segment || p.optedOut === "1");
  const where = await filterConditions(orgId, { q: p.q, tag: p.tag, rules, optedOut: p.optedOut === "1" });
  // Unfiltered, the total is the kept count (a million rows are not counted for every page).
  const [{ total }] = filtered
    ? await db.select({ total: sql<number>`count(*)::int` }).from(consumers).where(where)
    : await db.select({ total: sql<number>`coalesce(sum(${consumerCounts.n}), 0)::int` }).from(consumerCounts).where(eq(consumerCounts.orgId, orgId));
  const column = SORT_COLUMNS[p.sort];
  const offset = (p.page - 1) * p.pageSize;
  const fromEnd = offset > total / 2;
  const desc_ = (p.dir === "desc") !== fromEnd;
  // The never-claimed and never-redeemed sort after the others when newest come first. The order is
  // spelt exactly as its index is (consumers_org_*_idx), so the first and last pages are index reads.
  const order = desc_
    ? [sql`${column} desc nulls last`, sql`${consumers.id} desc nulls last`]
    : [sql`${column} asc nulls first`, sql`${consumers.id} asc nulls first`];
  const limit = fromEnd ? Math.max(0, Math.min(p.pageSize, total - offset)) : p.pageSize;
  const found = await db
    .select(rowColumns)
    .from(consumers)
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .offset(fromEnd ? Math.max(0, total - offset - limit) : offset);
  return { rows: fromEnd ? found.reverse() : found, total, segmentMissing: Boolean(p.segment && !rules) };
}

const cursorShape = z.tuple([z.string(), z.uuid()]);

/** `GET /api/v1/consumers`: newest first, keyset-paged by (first seen, id). */
export async function listConsumersPage(orgId: string, q: ConsumerListQuery): Promise<Page<ConsumerRow>> {
  const rules = q.segmentId ? await segmentRulesOf(orgId, q.segmentId) : null;
  if (q.segmentId && !rules) return { items: [], nextCursor: null };
  const parts: SQL[] = [await filterConditions(orgId, { q: q.q, tag: q.tag, rules })];
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor, cursorShape);
    parts.push(sql`(${consumers.firstSeenAt}, ${consumers.id}) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const found = await db
    .select(rowColumns)
    .from(consumers)
    .where(and(...parts))
    .orderBy(sql`${consumers.firstSeenAt} desc nulls last`, sql`${consumers.id} desc nulls last`)
    .limit(q.limit + 1);
  return toPage(found, q.limit, (r) => [r.firstSeenAt.toISOString(), r.id]);
}

/** One consumer of the organisation, or null. */
export async function getConsumer(orgId: string, id: string): Promise<ConsumerRow | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db.select(rowColumns).from(consumers).where(and(eq(consumers.id, id), eq(consumers.orgId, orgId)));
  return row ?? null;
}

export type TimelineEntry = {
  kind: "claim" | "redemption";
  at: Date;
  campaignName: string;
  groupName: string;
  influencer: string | null;
  store: string | null;
  code: string;
  orderAmount: number | null;
  discount: number | null;
  reversed: boolean;
  via: "claim" | "send" | "follow_up" | "referral" | null;
};

/** A consumer's claims and redemptions, newest first (the latest 200 of each): who brought them, where they redeemed. */
export async function consumerTimeline(orgId: string, consumerId: string): Promise<TimelineEntry[]> {
  const found = await rows<{
    kind: "claim" | "redemption";
    at: Date | string;
    campaign_name: string;
    group_name: string;
    influencer: string | null;
    store: string | null;
    code: string;
    order_amount: number | null;
    discount: number | null;
    reversed: boolean;
    via: TimelineEntry["via"];
  }>(
    db,
    sql`(select 'claim' as kind, cl.created_at as at, c.name as campaign_name, g.name as group_name, i.display_name as influencer,
               null::text as store, co.code, null::int as order_amount, null::int as discount, false as reversed,
               case when cl.send_id is not null then 'send' when cl.follow_up_of is not null then 'follow_up'
                    when cl.is_referral_reward then 'referral' else 'claim' end as via
        from claims cl
        join campaigns c on c.id = cl.campaign_id
        join code_groups g on g.id = cl.group_id
        join codes co on co.id = cl.code_id
        left join influencers i on i.id = cl.influencer_id
        where cl.org_id = ${orgId}::uuid and cl.consumer_id = ${consumerId}::uuid
        order by cl.created_at desc limit 200)
      union all
      (select 'redemption', r.created_at, c.name, g.name, i.display_name, s.name, co.code, r.order_amount, r.discount,
              r.reversed_at is not null, null
        from redemptions r
        join campaigns c on c.id = r.campaign_id
        join code_groups g on g.id = r.group_id
        join codes co on co.id = r.code_id
        join stores s on s.id = r.store_id
        left join influencers i on i.id = r.influencer_id
        where r.org_id = ${orgId}::uuid and r.consumer_id = ${consumerId}::uuid
        order by r.created_at desc limit 200)
      order by at desc`,
  );
  return found.map((r) => ({
    kind: r.kind,
    at: new Date(r.at),
    campaignName: r.campaign_name,
    groupName: r.group_name,
    influencer: r.influencer,
    store: r.store,
    code: r.code,
    orderAmount: r.order_amount == null ? null : Number(r.order_amount),
    discount: r.discount == null ? null : Number(r.discount),
    reversed: Boolean(r.reversed),
    via: r.via,
  }));
}

/** The organisation's tags in use, most used first (for the filter and the editor's suggestions). */
export async function listTags(orgId: string, limit = 200): Promise<{ tag: string; consumers: number }[]> {
  const found = await rows<{ tag: string; n: number }>(
    db,
    sql`select t.tag, count(*)::int as n from consumer_tags t
        where t.org_id = ${orgId}::uuid group by t.tag order by n desc, t.tag asc limit ${limit}`,
  );
  return found.map((r) => ({ tag: r.tag, consumers: Number(r.n) }));
}

/** The API shape of a consumer row. */
export function toConsumerDto(r: ConsumerRow) {
  return {
    id: r.id,
    phone: displayPhone(r),
    tags: r.tags,
    firstSeenAt: r.firstSeenAt.toISOString(),
    lastClaimAt: r.lastClaimAt?.toISOString() ?? null,
    lastRedemptionAt: r.lastRedemptionAt?.toISOString() ?? null,
    claims: r.claims,
    redemptions: r.redemptions,
    orderTotal: Number(r.orderTotal),
    discountTotal: Number(r.discountTotal),
    optedOut: r.optedOut,
    erased: r.erased,
  };
}

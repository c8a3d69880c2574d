import "server-only";
import { and, count, eq, gte, isNull, sql, type SQL } from "drizzle-orm";
import { db, rows, type Executor } from "@/db";
import { campaigns, claims, codeGroups, redemptions } from "@/db/schema";
import { addDays, startOfDayInZone } from "@/lib/time";
import { delayBucketSql, localDay, localHour, ts, uuidArray } from "./sql";

const DAY = 86_400_000;

/** The dashboard's headline numbers: campaigns, live groups, and claims and redemptions of the last `days`. */
export async function getOverviewCounts(orgId: string, days = 30, now = new Date()) {
  const since = new Date(now.getTime() - days * DAY);
  const [campaignRows, groupRows, claimRows, redemptionRows] = await Promise.all([
    db
      .select({
        total: count(),
        running: sql<number>`count(*) filter (where ${campaigns.status} = 'approved' and ${campaigns.validUntil} > ${ts(now)})::int`,
      })
      .from(campaigns)
      .where(eq(campaigns.orgId, orgId)),
    db
      .select({ active: count() })
      .from(codeGroups)
      .where(and(eq(codeGroups.orgId, orgId), eq(codeGroups.status, "active"))),
    db
      .select({ total: count() })
      .from(claims)
      .where(and(eq(claims.orgId, orgId), gte(claims.createdAt, since))),
    db
      .select({
        total: count(),
        discount: sql<number>`coalesce(sum(${redemptions.discount}) filter (where ${campaigns.type} <> 'stored_value'), 0)::bigint`,
        storedValue: sql<number>`coalesce(sum(${redemptions.discount}) filter (where ${campaigns.type} = 'stored_value'), 0)::bigint`,
      })
      .from(redemptions)
      .innerJoin(campaigns, eq(campaigns.id, redemptions.campaignId))
      .where(and(eq(redemptions.orgId, orgId), gte(redemptions.createdAt, since), isNull(redemptions.reversedAt))),
  ]);
  return {
    campaigns: Number(campaignRows[0]?.total ?? 0),
    runningCampaigns: Number(campaignRows[0]?.running ?? 0),
    activeGroups: Number(groupRows[0]?.active ?? 0),
    claims: Number(claimRows[0]?.total ?? 0),
    redemptions: Number(redemptionRows[0]?.total ?? 0),
    discountFen: Number(redemptionRows[0]?.discount ?? 0),
    /** Paid from stored-value cards: a payment, not a discount. */
    storedValueFen: Number(redemptionRows[0]?.storedValue ?? 0),
  };
}

export type OverviewCounts = Awaited<ReturnType<typeof getOverviewCounts>>;

// ── Dashboard sections (docs/analytics.md) ────────────────────────────────────────────────────────
//
// Every section reads the rollup tables for rows created before the organisation's watermark and the
// raw tables for the rows after it (the "tail"), in ONE statement per section and all sections in one
// read-only REPEATABLE READ transaction: the job commits rollups and watermark together, so a snapshot
// sees each raw row exactly once. `raw: true` ignores the rollups (watermark treated as never), which is
// the benchmark's baseline and the integration tests' reference.

/** What a section is computed over: the organisation, optionally narrowed. */
export type AnalyticsScope = {
  campaignIds?: readonly string[];
  influencerIds?: readonly string[];
  groupIds?: readonly string[];
};

/** A section's inputs, fixed for one snapshot. */
export type AnalyticsQuery = {
  x: Executor;
  orgId: string;
  timeZone: string;
  /** Rows created before this are in the rollups; null: read everything raw. */
  watermark: Date | null;
  /** Local days, both included; null = unbounded. */
  fromDay: string | null;
  toDay: string | null;
  scope: AnalyticsScope;
};

/**
 * Runs `fn` in one read-only snapshot with the organisation's watermark. The rollups count only when
 * they were bucketed in the zone asked for (after a zone change the job rebuilds them; until then
 * everything is read raw).
 */
export async function withAnalytics<T>(
  orgId: string,
  opts: { timeZone: string; fromDay?: string | null; toDay?: string | null; scope?: AnalyticsScope; raw?: boolean },
  fn: (q: AnalyticsQuery) => Promise<T>,
): Promise<T> {
  return db.transaction(
    async (tx) => {
      let watermark: Date | null = null;
      if (!opts.raw) {
        const [state] = await rows<{ time_zone: string; rolled_until: Date | string | null }>(
          tx,
          sql`select time_zone, rolled_until from analytics_rollup_orgs where org_id = ${orgId}::uuid`,
        );
        if (state?.rolled_until && state.time_zone === opts.timeZone) watermark = new Date(state.rolled_until);
      }
      return fn({ x: tx, orgId, timeZone: opts.timeZone, watermark, fromDay: opts.fromDay ?? null, toDay: opts.toDay ?? null, scope: opts.scope ?? {} });
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

const DAY_MS = 86_400_000;

/**
 * The tail's bounds on created_at: from the watermark (or the window's start, whichever is later) to the
 * window's end. The window's instants are padded by a day each side so they only narrow the index scan;
 * the exact cut is the local-day filter, the same expression the job buckets with.
 */
function tailBounds(q: AnalyticsQuery): { lo: Date | null; hi: Date | null } {
  const since = q.fromDay ? new Date(startOfDayInZone(q.fromDay, q.timeZone).getTime() - DAY_MS) : null;
  const hi = q.toDay ? new Date(startOfDayInZone(q.toDay, q.timeZone).getTime() + 2 * DAY_MS) : null;
  const lo = q.watermark && since ? new Date(Math.max(q.watermark.getTime(), since.getTime())) : (q.watermark ?? since);
  return { lo, hi };
}

function timeRange(col: SQL, lo: Date | null, hi: Date | null): SQL {
  const parts = [lo ? sql`${col} >= ${ts(lo)}` : null, hi ? sql`${col} < ${ts(hi)}` : null].filter(Boolean) as SQL[];
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

function dayRange(col: SQL, q: AnalyticsQuery): SQL {
  const parts = [q.fromDay ? sql`${col} >= ${q.fromDay}::date` : null, q.toDay ? sql`${col} <= ${q.toDay}::date` : null].filter(Boolean) as SQL[];
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

/** The scope as conditions on a row's campaign, influencer and group columns. */
function scoped(q: AnalyticsQuery, cols: { campaign?: SQL; influencer?: SQL; group?: SQL }): SQL {
  const { campaignIds, influencerIds, groupIds } = q.scope;
  const parts: SQL[] = [];
  if (campaignIds) parts.push(cols.campaign ? sql`${cols.campaign} = any(${uuidArray(campaignIds)})` : sql`false`);
  if (influencerIds) parts.push(cols.influencer ? sql`${cols.influencer} = any(${uuidArray(influencerIds)})` : sql`false`);
  if (groupIds) parts.push(cols.group ? sql`${cols.group} = any(${uuidArray(groupIds)})` : sql`false`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

/**
 * Redemptions reversed after the watermark (all reversed ones when reading raw): the tail's negative side.
 * Uses the partial (org_id, reversed_at) index, which holds only reversed rows.
 */
function reversedSince(q: AnalyticsQuery): SQL {
  return q.watermark ? sql`r.reversed_at >= ${ts(q.watermark)}` : sql`r.reversed_at is not null`;
}

/**
 * Daily facts per group: one row per rollup row and per tail event, with the local day and the net
 * numbers (a reversal is −1 redemption and minus its money, on its redemption's day; a redemption
 * counts as reversed when its reversed_at is set, which the reversal sets with its reversals row).
 */
function dailyFacts(q: AnalyticsQuery): SQL {
  const tz = sql`${q.timeZone}::text`;
  const { lo, hi } = tailBounds(q);
  const rolled = q.watermark
    ? sql`
      select h.campaign_id, h.group_id, h.influencer_id, h.day, h.views, h.claims,
             h.redemptions - h.reversals as redemptions, h.discount - h.reversed_discount as discount,
             h.order_amount - h.reversed_order_amount as gmv
      from analytics_daily h
      where h.org_id = ${q.orgId}::uuid and ${dayRange(sql`h.day`, q)}
        and ${scoped(q, { campaign: sql`h.campaign_id`, influencer: sql`h.influencer_id`, group: sql`h.group_id` })}
      union all`
    : sql``;
  return sql`
    ${rolled}
    select t.campaign_id, t.group_id, t.influencer_id, ${localDay(sql`t.at`, tz)} as day,
           t.views, t.claims, t.redemptions, t.discount, t.gmv
    from (
      select g.campaign_id, e.group_id, e.influencer_id, e.created_at as at,
             1 as views, 0 as claims, 0 as redemptions, 0::bigint as discount, 0::bigint as gmv
      from code_groups g join landing_events e on e.group_id = g.id
      where g.org_id = ${q.orgId}::uuid and ${timeRange(sql`e.created_at`, lo, hi)}
        and ${scoped(q, { campaign: sql`g.campaign_id`, influencer: sql`e.influencer_id`, group: sql`g.id` })}
      union all
      select c.campaign_id, c.group_id, c.influencer_id, c.created_at, 0, 1, 0, 0, 0
      from claims c
      where c.org_id = ${q.orgId}::uuid and ${timeRange(sql`c.created_at`, lo, hi)}
        and ${scoped(q, { campaign: sql`c.campaign_id`, influencer: sql`c.influencer_id`, group: sql`c.group_id` })}
      union all
      select r.campaign_id, r.group_id, r.influencer_id, r.created_at, 0, 0, 1, r.discount, r.order_amount
      from redemptions r
      where r.org_id = ${q.orgId}::uuid and ${timeRange(sql`r.created_at`, lo, hi)}
        and ${scoped(q, { campaign: sql`r.campaign_id`, influencer: sql`r.influencer_id`, group: sql`r.group_id` })}
      union all
      select r.campaign_id, r.group_id, r.influencer_id, r.created_at, 0, 0, -1, -r.discount, -r.order_amount
      from redemptions r
      where r.org_id = ${q.orgId}::uuid and ${reversedSince(q)} and ${timeRange(sql`r.created_at`, tailBounds({ ...q, watermark: null }).lo, hi)}
        and ${scoped(q, { campaign: sql`r.campaign_id`, influencer: sql`r.influencer_id`, group: sql`r.group_id` })}
    ) t
    where ${dayRange(localDay(sql`t.at`, tz), q)}`;
}

/** The ways daily facts can be summed; each answers rows keyed by `key`. */
export type Grouping = "total" | "day" | "influencer" | "group" | "campaign";

/** `discount` leaves out stored-value cards' spend, which is `storedValue` (a redemption's `discount` column holds both). */
export type FactSums = { views: number; claims: number; redemptions: number; discount: number; storedValue: number; gmv: number };
export type GroupedSums = FactSums & { key: string | null };

const GROUPING_KEY: Record<Grouping, SQL> = {
  total: sql`null::text`,
  day: sql`f.day::text`,
  influencer: sql`f.influencer_id::text`,
  group: sql`f.group_id::text`,
  campaign: sql`f.campaign_id::text`,
};

/**
 * Views, claims, redemptions and money (reversals netted out) summed several ways in one statement: the
 * facts are read once (rollup rows plus tail) and summed per requested grouping.
 */
export async function factSums(q: AnalyticsQuery, groupings: readonly Grouping[]): Promise<Record<Grouping, GroupedSums[]>> {
  const selects = groupings.map(
    (g) => sql`
      select ${g}::text as grouping, ${GROUPING_KEY[g]} as key,
             sum(f.views)::float8 as views, sum(f.claims)::float8 as claims, sum(f.redemptions)::float8 as redemptions,
             sum(f.discount) filter (where not f.card)::float8 as discount, sum(f.discount) filter (where f.card)::float8 as stored_value,
             sum(f.gmv)::float8 as gmv
      from f ${g === "total" ? sql`` : sql`group by 2`}`,
  );
  const result = await rows<{ grouping: Grouping; key: string | null } & FactRow>(
    q.x,
    sql`with f as materialized (
          select d.*, k.type = 'stored_value' as card from (${dailyFacts(q)}) d join campaigns k on k.id = d.campaign_id
        ) ${sql.join(selects, sql` union all `)}`,
  );
  const out = Object.fromEntries(groupings.map((g) => [g, [] as GroupedSums[]])) as Record<Grouping, GroupedSums[]>;
  for (const r of result) out[r.grouping].push({ key: r.key, ...sums(r) });
  return out;
}

/**
 * Redemptions (reversals netted out) per ISO weekday (1 = Monday) and local hour, from the per-campaign
 * hourly rollup plus the tail. Campaign scope only.
 */
export async function weekdayHourSums(q: AnalyticsQuery): Promise<{ weekday: number; hour: number; redemptions: number }[]> {
  const tz = sql`${q.timeZone}::text`;
  const { lo, hi } = tailBounds(q);
  const campaign = scoped({ ...q, scope: { campaignIds: q.scope.campaignIds } }, { campaign: sql`campaign_id` });
  const rolled = q.watermark
    ? sql`
      select h.day, h.hour::int as hour, h.redemptions - h.reversals as n
      from analytics_hourly h
      where h.org_id = ${q.orgId}::uuid and ${dayRange(sql`h.day`, q)} and ${campaign}
      union all`
    : sql``;
  const result = await rows<{ weekday: number; hour: number; n: number | string }>(
    q.x,
    sql`
    select extract(isodow from f.day)::int as weekday, f.hour, sum(f.n)::float8 as n
    from (
      ${rolled}
      select ${localDay(sql`t.at`, tz)} as day, ${localHour(sql`t.at`, tz)} as hour, t.n from (
        select r.created_at as at, 1 as n from redemptions r
        where r.org_id = ${q.orgId}::uuid and ${timeRange(sql`r.created_at`, lo, hi)} and ${campaign}
        union all
        select r.created_at, -1 from redemptions r
        where r.org_id = ${q.orgId}::uuid and ${reversedSince(q)}
          and ${timeRange(sql`r.created_at`, tailBounds({ ...q, watermark: null }).lo, hi)} and ${campaign}
      ) t
      where ${dayRange(localDay(sql`t.at`, tz), q)}
    ) f
    group by 1, 2`,
  );
  return result.map((r) => ({ weekday: Number(r.weekday), hour: Number(r.hour), redemptions: Number(r.n) }));
}

type FactRow = Record<"views" | "claims" | "redemptions" | "discount" | "stored_value" | "gmv", number | string | null>;

function sums(r: FactRow): FactSums {
  return {
    views: Number(r.views ?? 0),
    claims: Number(r.claims ?? 0),
    redemptions: Number(r.redemptions ?? 0),
    discount: Number(r.discount ?? 0),
    storedValue: Number(r.stored_value ?? 0),
    gmv: Number(r.gmv ?? 0),
  };
}

/** Redemptions, discount, stored-value spend and GMV per store (reversals netted out). Campaign scope only. */
export async function storeSums(q: AnalyticsQuery): Promise<{ storeId: string; redemptions: number; discount: number; storedValue: number; gmv: number }[]> {
  const tz = sql`${q.timeZone}::text`;
  const { lo, hi } = tailBounds(q);
  const campaign = scoped({ ...q, scope: { campaignIds: q.scope.campaignIds } }, { campaign: sql`campaign_id` });
  const rolled = q.watermark
    ? sql`
      select s.store_id, s.campaign_id, s.redemptions - s.reversals as n, s.discount - s.reversed_discount as discount,
             s.order_amount - s.reversed_order_amount as gmv
      from analytics_store_daily s
      where s.org_id = ${q.orgId}::uuid and ${dayRange(sql`s.day`, q)} and ${campaign}
      union all`
    : sql``;
  const result = await rows<{ store_id: string; n: number | string; discount: number | string | null; stored_value: number | string | null; gmv: number | string }>(
    q.x,
    sql`
    select f.store_id, sum(f.n)::float8 as n, sum(f.discount) filter (where k.type <> 'stored_value')::float8 as discount,
           sum(f.discount) filter (where k.type = 'stored_value')::float8 as stored_value, sum(f.gmv)::float8 as gmv
    from (
      ${rolled}
      select t.store_id, t.campaign_id, t.n, t.discount, t.gmv from (
        select r.store_id, r.campaign_id, r.created_at as at, 1 as n, r.discount::bigint as discount, r.order_amount::bigint as gmv
        from redemptions r
        where r.org_id = ${q.orgId}::uuid and ${timeRange(sql`r.created_at`, lo, hi)} and ${campaign}
        union all
        select r.store_id, r.campaign_id, r.created_at, -1, -r.discount::bigint, -r.order_amount::bigint
        from redemptions r
        where r.org_id = ${q.orgId}::uuid and ${reversedSince(q)}
          and ${timeRange(sql`r.created_at`, tailBounds({ ...q, watermark: null }).lo, hi)} and ${campaign}
      ) t
      where ${dayRange(localDay(sql`t.at`, tz), q)}
    ) f
    join campaigns k on k.id = f.campaign_id
    group by f.store_id`,
  );
  return result.map((r) => ({
    storeId: r.store_id,
    redemptions: Number(r.n),
    discount: Number(r.discount ?? 0),
    storedValue: Number(r.stored_value ?? 0),
    gmv: Number(r.gmv),
  }));
}

/** Redemptions (reversals netted out) per fine delay bucket, for those with a claim time. Campaign scope only. */
export async function delaySums(q: AnalyticsQuery): Promise<Map<number, number>> {
  const tz = sql`${q.timeZone}::text`;
  const { lo, hi } = tailBounds(q);
  const campaign = scoped({ ...q, scope: { campaignIds: q.scope.campaignIds } }, { campaign: sql`campaign_id` });
  const rolled = q.watermark
    ? sql`
      select d.bucket::int as bucket, d.redemptions - d.reversals as n
      from analytics_delay_daily d
      where d.org_id = ${q.orgId}::uuid and ${dayRange(sql`d.day`, q)} and ${campaign}
      union all`
    : sql``;
  const result = await rows<{ bucket: number; n: number | string }>(
    q.x,
    sql`
    select f.bucket, sum(f.n)::float8 as n
    from (
      ${rolled}
      select t.bucket, t.n from (
        select ${delayBucketSql(sql`r.created_at`, sql`r.claimed_at`)} as bucket, r.created_at as at, 1 as n
        from redemptions r
        where r.org_id = ${q.orgId}::uuid and r.claimed_at is not null and ${timeRange(sql`r.created_at`, lo, hi)} and ${campaign}
        union all
        select ${delayBucketSql(sql`r.created_at`, sql`r.claimed_at`)}, r.created_at, -1
        from redemptions r
        where r.org_id = ${q.orgId}::uuid and ${reversedSince(q)}
          and r.claimed_at is not null and ${timeRange(sql`r.created_at`, tailBounds({ ...q, watermark: null }).lo, hi)} and ${campaign}
      ) t
      where ${dayRange(localDay(sql`t.at`, tz), q)}
    ) f
    group by f.bucket`,
  );
  return new Map(result.filter((r) => Number(r.n) !== 0).map((r) => [Number(r.bucket), Number(r.n)]));
}

/** The code groups in scope (not still generating): what they are bound to and how many codes they hold. */
export async function scopeGroups(
  q: AnalyticsQuery,
): Promise<{ id: string; name: string; slug: string; campaignId: string; influencerId: string | null; quantity: number }[]> {
  const result = await rows<{ id: string; name: string; slug: string; campaign_id: string; influencer_id: string | null; quantity: number }>(
    q.x,
    sql`select g.id, g.name, g.slug, g.campaign_id, g.influencer_id, g.quantity
        from code_groups g
        where g.org_id = ${q.orgId}::uuid and g.status <> 'generating'
          and ${scoped(q, { campaign: sql`g.campaign_id`, influencer: sql`g.influencer_id`, group: sql`g.id` })}
        order by g.created_at, g.name`,
  );
  return result.map((g) => ({ id: g.id, name: g.name, slug: g.slug, campaignId: g.campaign_id, influencerId: g.influencer_id, quantity: Number(g.quantity) }));
}

export type ReminderEffect = { reminded: { claims: number; redeemed: number }; notReminded: { claims: number; redeemed: number } };

/**
 * Redemption rate of codes that got an expiry reminder against those that did not, for the claims of
 * the local days in range (of one campaign, or of every campaign that sends reminders). A code counts
 * as redeemed when a redemption of it stands (not reversed).
 */
export async function getReminderEffect(orgId: string, q: { timeZone: string; from: string; to: string; campaignId?: string | null }): Promise<ReminderEffect | null> {
  const start = startOfDayInZone(q.from, q.timeZone);
  const end = startOfDayInZone(addDays(q.to, 1), q.timeZone);
  const found = await rows<{ reminded: boolean; claims: number; redeemed: number }>(
    db,
    sql`select exists (select 1 from sms_queue s where s.claim_id = cl.id and s.kind = 'expiry' and s.sent_at is not null) as reminded,
               count(*)::int as claims,
               count(*) filter (where exists (select 1 from redemptions r where r.code_id = cl.code_id and r.reversed_at is null))::int as redeemed
        from claims cl join campaigns c on c.id = cl.campaign_id
        join code_groups g on g.id = cl.group_id
        where cl.org_id = ${orgId}::uuid and g.mode = 'unique'
          and cl.created_at >= ${ts(start)} and cl.created_at < ${ts(end)}
          and ${q.campaignId ? sql`cl.campaign_id = ${q.campaignId}::uuid` : sql`c.reminders is not null`}
        group by 1`,
  );
  if (found.length === 0) return null;
  const pick = (r: boolean) => {
    const row = found.find((f) => f.reminded === r);
    return { claims: Number(row?.claims ?? 0), redeemed: Number(row?.redeemed ?? 0) };
  };
  const effect = { reminded: pick(true), notReminded: pick(false) };
  return effect.reminded.claims === 0 && !q.campaignId ? null : effect;
}

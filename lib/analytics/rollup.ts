import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { db, rows, type Executor } from "@/db";
import { delayBucketSql, localDay, localHour, ts, uuidArray } from "./sql";

// The rollup job (docs/analytics.md): moves each organisation's watermark forward and adds the raw rows
// created in between to the rollup tables, all in one transaction, so a reader sees the rollups and
// the watermark change together. Nothing on the claim or redemption path writes here: those stay
// single statements that touch no shared counter row.
//
// Why a time watermark with a lag, not the last id: claims, redemptions and reversals have random uuid
// keys, and even a sequence hands out ids in an order transactions do not commit in. A row is written
// with its creation time (now() or the app's clock) and committed moments later; rolling up only rows
// older than `now() − lag`, and never past the start of a transaction still open, leaves every row that
// could still appear to the dashboard's raw tail. A back-dated insert older than the watermark (an
// import, a test) is the one thing that can slip behind it: `resetAnalyticsRollups` rebuilds an organisation.

/** Seconds a row's creation time must be in the past before it is rolled up (ANALYTICS_ROLLUP_LAG_SECONDS). */
export const DEFAULT_LAG_SECONDS = 120;
/** An open transaction holds the watermark back at most this long (a forgotten session must not stall it). */
const MAX_HOLD_BACK = "1 hour";
// One job at a time across every app instance.
const LOCK = sql`hashtextextended('coupon:analytics-rollup', 0)`;

export type RollupResult = { ran: boolean; until: Date | null; orgs: number; rebuilt: number };

/**
 * One run of the job. `until` fixes the new watermark (tests, the benchmark); by default it is now() minus
 * the lag, held back to the start of the oldest open transaction. `orgIds` limits the run to those
 * organisations (tests that must not move other organisations' watermarks). Returns ran: false when
 * another instance holds the job's lock.
 */
export async function rollUpAnalytics(
  opts: { until?: Date; lagSeconds?: number; orgIds?: readonly string[]; executor?: Executor } = {},
): Promise<RollupResult> {
  const lag = opts.lagSeconds ?? DEFAULT_LAG_SECONDS;
  const only = opts.orgIds ? sql`and o.id = any(${uuidArray(opts.orgIds)})` : sql``;
  return (opts.executor ?? db).transaction(async (tx) => {
    const [lock] = await rows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${LOCK}) as ok`);
    if (!lock?.ok) return { ran: false, until: null, orgs: 0, rebuilt: 0 };

    // An organisation whose time zone changed is rebuilt in its new zone: its rollups are dropped and
    // its watermark cleared, so the slice below covers its whole history.
    const changed = await rows<{ id: string }>(
      tx,
      sql`select o.id from organizations o join analytics_rollup_orgs r on r.org_id = o.id
          where r.time_zone <> o.time_zone ${only}`,
    );
    if (changed.length) {
      const ids = uuidArray(changed.map((c) => c.id));
      await deleteRollups(tx, ids);
      await tx.execute(sql`
        update analytics_rollup_orgs r set time_zone = o.time_zone, rolled_until = null, updated_at = now()
        from organizations o where o.id = r.org_id and r.org_id = any(${ids})`);
    }
    await tx.execute(sql`
      insert into analytics_rollup_orgs (org_id, time_zone)
      select o.id, o.time_zone from organizations o where true ${only}
      on conflict (org_id) do nothing`);

    const until = opts.until ?? (await safeUntil(tx, lag));
    // Organisations sharing a watermark (normally all of them) are rolled up together.
    const slices = await rows<{ since: Date | string | null; ids: string; n: number }>(
      tx,
      sql`select r.rolled_until as since, string_agg(r.org_id::text, ',') as ids, count(*)::int as n
          from analytics_rollup_orgs r join organizations o on o.id = r.org_id
          where (r.rolled_until is null or r.rolled_until < ${ts(until)}) ${only}
          group by r.rolled_until`,
    );
    let orgs = 0;
    for (const s of slices) {
      const ids = s.ids.split(",");
      await addSlice(tx, ids, s.since === null ? null : new Date(s.since), until);
      await tx.execute(sql`
        update analytics_rollup_orgs set rolled_until = ${ts(until)}, updated_at = now()
        where org_id = any(${uuidArray(ids)})`);
      orgs += s.n;
    }
    return { ran: true, until, orgs, rebuilt: changed.length };
  });
}

/**
 * Drops an organisation's rollups and clears its watermark: until the next run its dashboard reads the
 * raw tables, and that run rebuilds everything. For after a back-dated import, or a change of the bucket edges.
 */
export async function resetAnalyticsRollups(orgId: string, executor: Executor = db): Promise<void> {
  await executor.transaction(async (tx) => {
    const ids = uuidArray([orgId]);
    await deleteRollups(tx, ids);
    await tx.execute(sql`update analytics_rollup_orgs set rolled_until = null, updated_at = now() where org_id = any(${ids})`);
  });
}

async function deleteRollups(tx: Executor, ids: SQL) {
  await tx.execute(sql`delete from analytics_daily where org_id = any(${ids})`);
  await tx.execute(sql`delete from analytics_hourly where org_id = any(${ids})`);
  await tx.execute(sql`delete from analytics_store_daily where org_id = any(${ids})`);
  await tx.execute(sql`delete from analytics_delay_daily where org_id = any(${ids})`);
}

/** now() − lag, but never later than (start of the oldest other open transaction − lag), within the hold-back cap. */
async function safeUntil(tx: Executor, lagSeconds: number): Promise<Date> {
  const [row] = await rows<{ until: Date | string }>(
    tx,
    sql`select least(
          now() - make_interval(secs => ${lagSeconds}),
          greatest(now() - interval '${sql.raw(MAX_HOLD_BACK)}',
                   coalesce((select min(a.xact_start) from pg_stat_activity a
                             where a.datname = current_database() and a.pid <> pg_backend_pid() and a.xact_start is not null),
                            'infinity'::timestamptz) - make_interval(secs => ${lagSeconds}))
        ) as until`,
  );
  return new Date(row.until);
}

/**
 * Adds the raw rows of `orgIds` created in [since, until) (since null: from the beginning) to the four
 * rollup tables, in one statement: the slice is read once, then summed per table. Each raw table is
 * read through its own time index, per organisation (claims and redemptions: org_id, created_at; reversed
 * redemptions: org_id, reversed_at) or per code group (landing_events: group_id, created_at), so a run
 * costs what its slice holds.
 * A reversal (the redemption's reversed_at) is counted when its reversed_at falls in the slice, on its
 * redemption's day, hour, store and delay bucket, in the reversed_* columns.
 */
async function addSlice(tx: Executor, orgIds: string[], since: Date | null, until: Date) {
  const range = (col: SQL) => sql`${since ? sql`${col} >= ${ts(since)} and` : sql``} ${col} < ${ts(until)}`;
  const tz = sql`o.tz`;
  await tx.execute(sql`
    with o as materialized (
      select r.org_id, r.time_zone as tz from analytics_rollup_orgs r where r.org_id = any(${uuidArray(orgIds)})
    ),
    red as materialized (
      select r.org_id, r.campaign_id, r.group_id, r.influencer_id, r.store_id, r.created_at as at, r.claimed_at, o.tz,
             1 as n, r.discount::bigint as discount, r.order_amount::bigint as amount, 0 as rn, 0::bigint as rdiscount, 0::bigint as ramount
      from o cross join lateral (
        select * from redemptions r where r.org_id = o.org_id and ${range(sql`r.created_at`)}
      ) r
      union all
      select r.org_id, r.campaign_id, r.group_id, r.influencer_id, r.store_id, r.created_at, r.claimed_at, o.tz,
             0, 0, 0, 1, r.discount::bigint, r.order_amount::bigint
      from o cross join lateral (
        select * from redemptions r where r.org_id = o.org_id and r.reversed_at is not null and ${range(sql`r.reversed_at`)}
      ) r
    ),
    ev as materialized (
      select g.org_id, g.campaign_id, e.group_id, e.influencer_id, e.created_at as at, o.tz,
             1 as views, 0 as claims, 0 as n, 0::bigint as discount, 0::bigint as amount, 0 as rn, 0::bigint as rdiscount, 0::bigint as ramount
      from o join code_groups g on g.org_id = o.org_id
      cross join lateral (
        select e.group_id, e.influencer_id, e.created_at from landing_events e where e.group_id = g.id and ${range(sql`e.created_at`)}
      ) e
      union all
      select c.org_id, c.campaign_id, c.group_id, c.influencer_id, c.created_at, o.tz, 0, 1, 0, 0, 0, 0, 0, 0
      from o cross join lateral (
        select c.org_id, c.campaign_id, c.group_id, c.influencer_id, c.created_at from claims c
        where c.org_id = o.org_id and ${range(sql`c.created_at`)}
      ) c
      union all
      select red.org_id, red.campaign_id, red.group_id, red.influencer_id, red.at, red.tz, 0, 0, n, discount, amount, rn, rdiscount, ramount
      from red
    ),
    daily as (
      insert into analytics_daily as h (org_id, campaign_id, group_id, influencer_id, day, views, claims, redemptions,
                                        discount, order_amount, reversals, reversed_discount, reversed_order_amount)
      select org_id, campaign_id, group_id, influencer_id, ${localDay(sql`at`, tz)},
             sum(views), sum(claims), sum(n), sum(discount), sum(amount), sum(rn), sum(rdiscount), sum(ramount)
      from ev o
      group by 1, 2, 3, 4, 5
      on conflict on constraint analytics_daily_key do update set
        views = h.views + excluded.views, claims = h.claims + excluded.claims, redemptions = h.redemptions + excluded.redemptions,
        discount = h.discount + excluded.discount, order_amount = h.order_amount + excluded.order_amount,
        reversals = h.reversals + excluded.reversals, reversed_discount = h.reversed_discount + excluded.reversed_discount,
        reversed_order_amount = h.reversed_order_amount + excluded.reversed_order_amount
      returning 1
    ),
    hourly as (
      insert into analytics_hourly as h (org_id, campaign_id, day, hour, views, claims, redemptions, reversals)
      select org_id, campaign_id, ${localDay(sql`at`, tz)}, ${localHour(sql`at`, tz)}, sum(views), sum(claims), sum(n), sum(rn)
      from ev o
      group by 1, 2, 3, 4
      on conflict on constraint analytics_hourly_key do update set
        views = h.views + excluded.views, claims = h.claims + excluded.claims,
        redemptions = h.redemptions + excluded.redemptions, reversals = h.reversals + excluded.reversals
      returning 1
    ),
    stores as (
      insert into analytics_store_daily as s (org_id, campaign_id, store_id, day, redemptions, discount, order_amount,
                                              reversals, reversed_discount, reversed_order_amount)
      select org_id, campaign_id, store_id, ${localDay(sql`at`, tz)}, sum(n), sum(discount), sum(amount), sum(rn), sum(rdiscount), sum(ramount)
      from red o
      group by 1, 2, 3, 4
      on conflict on constraint analytics_store_daily_key do update set
        redemptions = s.redemptions + excluded.redemptions, discount = s.discount + excluded.discount,
        order_amount = s.order_amount + excluded.order_amount, reversals = s.reversals + excluded.reversals,
        reversed_discount = s.reversed_discount + excluded.reversed_discount,
        reversed_order_amount = s.reversed_order_amount + excluded.reversed_order_amount
      returning 1
    ),
    delays as (
      insert into analytics_delay_daily as d (org_id, campaign_id, day, bucket, redemptions, reversals)
      select org_id, campaign_id, ${localDay(sql`at`, tz)}, ${delayBucketSql(sql`at`, sql`claimed_at`)}, sum(n), sum(rn)
      from red o
      where claimed_at is not null
      group by 1, 2, 3, 4
      on conflict on constraint analytics_delay_daily_key do update set
        redemptions = d.redemptions + excluded.redemptions, reversals = d.reversals + excluded.reversals
      returning 1
    )
    select (select count(*) from daily) + (select count(*) from hourly) + (select count(*) from stores) + (select count(*) from delays) as n`);
}

import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db, rows } from "@/db";

// The influencer's own numbers. Every query here is scoped twice: by organisation, and by the
// influencer profiles linked to the signed-in user (influencers.user_id). A group counts as "theirs"
// when it is bound to one of those profiles; groups are never re-bound, so a group's whole history
// belongs to the influencer it is bound to. Nothing in this module takes "all influencers" as an
// option, so no caller can widen it by mistake.

/** One local day of one influencer's groups: page views, claims and redemptions (reversed ones left out). */
export type DailyStats = { day: string; views: number; claims: number; redemptions: number };
/** The same counts over the whole window, for one group. */
export type GroupStats = { groupId: string; name: string; slug: string; campaignName: string; views: number; claims: number; redemptions: number };
export type InfluencerStats = {
  /** First and last local day of the window (YYYY-MM-DD), both included. */
  from: string;
  to: string;
  timeZone: string;
  days: DailyStats[];
  groups: GroupStats[];
  totals: { views: number; claims: number; redemptions: number };
};

const uuid = z.uuid();

/** The ids of the code groups bound to the user's influencer profiles in `orgId`, as a subquery. */
function ownGroups(orgId: string, userId: string, groupId?: string): SQL {
  return sql`
    select g.id, g.name, g.slug, g.campaign_id, g.created_at
    from code_groups g
    join influencers i on i.id = g.influencer_id and i.org_id = ${orgId}::uuid
    where g.org_id = ${orgId}::uuid and i.user_id = ${userId}::uuid
      ${groupId ? sql`and g.id = ${groupId}::uuid` : sql``}`;
}

/**
 * Views, claims and redemptions of the user's own groups in the window, one row per event with its
 * local day. Each table is read by (org or group, created_at) within the window's UTC bounds, so the
 * time indexes are used; the local day is computed only for the rows inside it.
 */
function events(orgId: string, tz: string): SQL {
  return sql`
    select e.group_id, (e.created_at at time zone ${tz})::date as day, 1 as views, 0 as claims, 0 as redemptions
    from landing_events e, win
    where e.org_id = ${orgId}::uuid and e.group_id in (select id from mine)
      and e.created_at >= win.since and e.created_at < win.until
    union all
    select c.group_id, (c.created_at at time zone ${tz})::date, 0, 1, 0
    from claims c, win
    where c.org_id = ${orgId}::uuid and c.group_id in (select id from mine)
      and c.created_at >= win.since and c.created_at < win.until
    union all
    select r.group_id, (r.created_at at time zone ${tz})::date, 0, 0, 1
    from redemptions r, win
    where r.org_id = ${orgId}::uuid and r.group_id in (select id from mine)
      and r.reversed_at is null
      and r.created_at >= win.since and r.created_at < win.until`;
}

/**
 * The common head of both queries: the window's local days (generate_series over dates in the
 * organisation's zone, so a day is a local calendar day even across a daylight-saving change), its
 * UTC bounds (local midnight of the first day to local midnight after the last), and the user's groups.
 */
function head(orgId: string, userId: string, tz: string, days: number, asOf: Date, groupId?: string): SQL {
  return sql`
    with today as (select (${asOf.toISOString()}::timestamptz at time zone ${tz})::date as d),
    days as (
      select gs::date as day
      -- timestamp (without zone) arguments: plain calendar arithmetic, whatever the session's zone.
      from today, generate_series((today.d - ${days - 1}::int)::timestamp, today.d::timestamp, interval '1 day') as gs
    ),
    win as (
      select (min(day)::timestamp at time zone ${tz}) as since, ((max(day) + 1)::timestamp at time zone ${tz}) as until
      from days
    ),
    mine as (${ownGroups(orgId, userId, groupId)}),
    ev as (${events(orgId, tz)})`;
}

type CountRow = { views: number | string; claims: number | string; redemptions: number | string };
const counts = (r: CountRow) => ({ views: Number(r.views), claims: Number(r.claims), redemptions: Number(r.redemptions) });

/**
 * Per-day and per-group numbers of the last `days` local days (today included) for the groups bound
 * to the user's influencer profiles, in the organisation's time zone. With `groupId`, the daily series
 * covers that group only (and is empty of counts when it is not the user's).
 */
export async function getInfluencerStats(
  orgId: string,
  userId: string,
  opts: { timeZone: string; days?: number; now?: Date; groupId?: string },
): Promise<InfluencerStats> {
  const days = Math.min(Math.max(Math.trunc(opts.days ?? 30), 1), 366);
  const asOf = opts.now ?? new Date();
  const tz = opts.timeZone;
  const groupId = opts.groupId && uuid.safeParse(opts.groupId).success ? opts.groupId : undefined;

  const [daily, perGroup] = await Promise.all([
    rows<{ day: string } & CountRow>(
      db,
      sql`${head(orgId, userId, tz, days, asOf, groupId)}
      select days.day::text as day,
        coalesce(sum(ev.views), 0)::int as views,
        coalesce(sum(ev.claims), 0)::int as claims,
        coalesce(sum(ev.redemptions), 0)::int as redemptions
      from days left join ev on ev.day = days.day
      group by days.day
      order by days.day`,
    ),
    rows<{ group_id: string; name: string; slug: string; campaign_name: string } & CountRow>(
      db,
      sql`${head(orgId, userId, tz, days, asOf)}
      select mine.id as group_id, mine.name, mine.slug, c.name as campaign_name,
        coalesce(sum(ev.views), 0)::int as views,
        coalesce(sum(ev.claims), 0)::int as claims,
        coalesce(sum(ev.redemptions), 0)::int as redemptions
      from mine
      join campaigns c on c.id = mine.campaign_id and c.org_id = ${orgId}::uuid
      left join ev on ev.group_id = mine.id
      group by mine.id, mine.name, mine.slug, c.name, mine.created_at
      order by mine.created_at, mine.name`,
    ),
  ]);

  const series = daily.map((r) => ({ day: r.day, ...counts(r) }));
  const groups = perGroup.map((r) => ({ groupId: r.group_id, name: r.name, slug: r.slug, campaignName: r.campaign_name, ...counts(r) }));
  const totals = series.reduce(
    (t, d) => ({ views: t.views + d.views, claims: t.claims + d.claims, redemptions: t.redemptions + d.redemptions }),
    { views: 0, claims: 0, redemptions: 0 },
  );
  return { from: series[0]?.day ?? "", to: series.at(-1)?.day ?? "", timeZone: tz, days: series, groups, totals };
}

/**
 * The group behind an influencer's QR download: one of the user's own groups, or with `anyGroup`
 * (a role that may read every group, i.e. the owner) any group of the organisation. Null otherwise,
 * which the route answers with 404 so another influencer's group looks like no group at all.
 */
export async function findPortalGroup(
  orgId: string,
  userId: string,
  groupId: string,
  opts: { anyGroup?: boolean } = {},
): Promise<{ id: string; slug: string; name: string } | null> {
  if (!uuid.safeParse(groupId).success) return null;
  const found = await rows<{ id: string; slug: string; name: string }>(
    db,
    opts.anyGroup
      ? sql`select g.id, g.slug, g.name from code_groups g where g.org_id = ${orgId}::uuid and g.id = ${groupId}::uuid`
      : sql`select id, slug, name from (${ownGroups(orgId, userId, groupId)}) as mine`,
  );
  return found[0] ?? null;
}

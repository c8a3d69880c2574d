import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db, rows } from "@/db";
import { daysOf } from "@/lib/analytics/metrics";
import { factSums, withAnalytics } from "@/lib/analytics/queries";
import { addDays, dateInZone } from "@/lib/time";

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

type Counts = { views: number; claims: number; redemptions: number };
const counts = (r: Counts | undefined): Counts => ({ views: r?.views ?? 0, claims: r?.claims ?? 0, redemptions: r?.redemptions ?? 0 });

/**
 * Per-day and per-group numbers of the last `days` local days (today included) for the groups bound
 * to the user's influencer profiles, in the organisation's time zone. With `groupId`, the daily series
 * covers that group only (and is empty of counts when it is not the user's). The numbers come from the
 * analytics dashboard's queries (lib/analytics: rollups plus the raw tail), narrowed to the user's groups.
 */
export async function getInfluencerStats(
  orgId: string,
  userId: string,
  opts: { timeZone: string; days?: number; now?: Date; groupId?: string },
): Promise<InfluencerStats> {
  const days = Math.min(Math.max(Math.trunc(opts.days ?? 30), 1), 366);
  const tz = opts.timeZone;
  const to = dateInZone(opts.now ?? new Date(), tz);
  const from = addDays(to, -(days - 1));
  const groupId = opts.groupId && uuid.safeParse(opts.groupId).success ? opts.groupId : undefined;

  const mine = await rows<{ id: string; name: string; slug: string; campaign_name: string }>(
    db,
    sql`select mine.id, mine.name, mine.slug, c.name as campaign_name
        from (${ownGroups(orgId, userId)}) as mine
        join campaigns c on c.id = mine.campaign_id and c.org_id = ${orgId}::uuid
        order by mine.created_at, mine.name`,
  );
  const ids = mine.map((g) => g.id);
  const seriesIds = groupId ? ids.filter((id) => id === groupId) : ids;
  // One snapshot: the per-group totals over all the user's groups, the series over the chosen ones.
  const [byDay, byGroup] = await withAnalytics(orgId, { timeZone: tz, fromDay: from, toDay: to, scope: { groupIds: ids } }, async (q) => [
    (await factSums({ ...q, scope: { groupIds: seriesIds } }, ["day"])).day,
    (await factSums(q, ["group"])).group,
  ]);
  const perDay = new Map(byDay.map((r) => [r.key, r]));
  const perGroup = new Map(byGroup.map((r) => [r.key, r]));

  const series = daysOf(from, to).map((day) => ({ day, ...counts(perDay.get(day)) }));
  const groups = mine.map((g) => ({ groupId: g.id, name: g.name, slug: g.slug, campaignName: g.campaign_name, ...counts(perGroup.get(g.id)) }));
  const totals = series.reduce(
    (t, d) => ({ views: t.views + d.views, claims: t.claims + d.claims, redemptions: t.redemptions + d.redemptions }),
    { views: 0, claims: 0, redemptions: 0 },
  );
  return { from, to, timeZone: tz, days: series, groups, totals };
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

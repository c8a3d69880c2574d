import "server-only";
import { sql } from "drizzle-orm";
import { db, rows } from "@/db";
import {
  addTotals,
  daysOf,
  displayDelayBuckets,
  medianDelaySeconds,
  metricsOf,
  ZERO_TOTALS,
  type DayRange,
  type DelayDisplayKey,
  type Metrics,
  type Totals,
} from "./metrics";
import { delaySums, factSums, scopeGroups, storeSums, weekdayHourSums, withAnalytics, type AnalyticsQuery, type FactSums, type GroupedSums } from "./queries";
import { uuidArray } from "./sql";

// The dashboard, compare page and stats API, assembled from the section queries of ./queries.ts.
// Numbers are sums over the window of local days in the organisation's zone; reversed redemptions are
// left out everywhere, counted on the day the redemption happened (docs/analytics.md).

export type DayPoint = Totals & { day: string };

export type LeaderboardRow = Totals & {
  influencerId: string;
  name: string;
  platform: string | null;
  archived: boolean;
  /** Codes the influencer's groups in scope hold. */
  issued: number;
  groups: number;
} & Metrics;

export type StoreRow = { storeId: string; name: string; redemptions: number; discount: number; storedValue: number; gmv: number; share: number | null };

export type Dashboard = {
  range: DayRange;
  timeZone: string;
  totals: Totals;
  issued: number;
  metrics: Metrics;
  series: DayPoint[];
  leaderboard: LeaderboardRow[];
  stores: StoreRow[];
  /** Redemptions per local hour 0–23, per ISO weekday (index 0 = Monday), and per weekday × hour. */
  hours: number[];
  weekdays: number[];
  weekdayHours: number[][];
  delay: { buckets: { key: DelayDisplayKey; count: number }[]; medianSeconds: number | null; total: number };
  groups: { id: string; name: string; slug: string; campaignId: string; influencerId: string | null; quantity: number }[];
  /** Rows created before this came from the rollups; null: everything was read raw. */
  watermark: Date | null;
};

const totalsOf = (s: FactSums | undefined): Totals =>
  s ? { views: s.views, claims: s.claims, redemptions: s.redemptions, discount: s.discount, storedValue: s.storedValue, gmv: s.gmv } : { ...ZERO_TOTALS };

const byKey = (list: GroupedSums[]) => new Map(list.map((r) => [r.key, r]));

/**
 * Everything the dashboard shows for the organisation, or one campaign, over `range`. `raw` reads the
 * raw tables only (the benchmark's baseline; the same numbers).
 */
export async function getDashboard(
  orgId: string,
  input: { timeZone: string; range: DayRange; campaignId?: string | null; raw?: boolean },
): Promise<Dashboard> {
  const scope = input.campaignId ? { campaignIds: [input.campaignId] } : {};
  return withAnalytics(orgId, { timeZone: input.timeZone, fromDay: input.range.from, toDay: input.range.to, scope, raw: input.raw }, async (q) => {
    const sums = await factSums(q, ["total", "day", "influencer"]);
    const byHour = await weekdayHourSums(q);
    const storeList = await storeSums(q);
    const delay = await delaySums(q);
    const groups = await scopeGroups(q);
    const names = await influencerNames(q, [...new Set([...groups.map((g) => g.influencerId), ...sums.influencer.map((r) => r.key)])]);
    const storeNames = await storeNamesOf(q, storeList.map((s) => s.storeId));

    const totals = totalsOf(sums.total[0]);
    const issued = groups.reduce((s, g) => s + g.quantity, 0);
    const days = byKey(sums.day);
    const series = daysOf(input.range.from, input.range.to).map((day) => ({ day, ...totalsOf(days.get(day)) }));

    const perInfluencer = byKey(sums.influencer);
    const leaderboard: LeaderboardRow[] = [...names.keys()].map((id) => {
      const own = groups.filter((g) => g.influencerId === id);
      const t = totalsOf(perInfluencer.get(id));
      const issuedBy = own.reduce((s, g) => s + g.quantity, 0);
      const who = names.get(id)!;
      return { influencerId: id, ...who, ...t, issued: issuedBy, groups: own.length, ...metricsOf(t, issuedBy) };
    });
    leaderboard.sort((a, b) => b.redemptions - a.redemptions || b.claims - a.claims || a.name.localeCompare(b.name, "zh-CN"));

    const storeTotal = storeList.reduce((s, r) => s + r.redemptions, 0);
    const stores = storeList
      .filter((s) => s.redemptions !== 0 || s.gmv !== 0)
      .map((s) => ({ ...s, name: storeNames.get(s.storeId) ?? "—", share: storeTotal > 0 ? s.redemptions / storeTotal : null }))
      .sort((a, b) => b.redemptions - a.redemptions || a.name.localeCompare(b.name, "zh-CN"));

    const weekdayHours = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
    for (const r of byHour) {
      if (r.weekday >= 1 && r.weekday <= 7 && r.hour >= 0 && r.hour < 24) weekdayHours[r.weekday - 1][r.hour] += r.redemptions;
    }
    const hours = Array.from({ length: 24 }, (_, h) => weekdayHours.reduce((s, row) => s + row[h], 0));
    const weekdays = weekdayHours.map((row) => row.reduce((s, n) => s + n, 0));

    return {
      range: input.range,
      timeZone: input.timeZone,
      totals,
      issued,
      metrics: metricsOf(totals, issued),
      series,
      leaderboard,
      stores,
      hours,
      weekdays,
      weekdayHours,
      delay: { buckets: displayDelayBuckets(delay), medianSeconds: medianDelaySeconds(delay), total: [...delay.values()].reduce((s, n) => s + n, 0) },
      groups,
      watermark: q.watermark,
    };
  });
}

/** Influencers by id (only those given, only this organisation's): name, platform, archived. */
async function influencerNames(q: AnalyticsQuery, ids: (string | null)[]) {
  const wanted = ids.filter((id): id is string => Boolean(id));
  const out = new Map<string, { name: string; platform: string | null; archived: boolean }>();
  if (!wanted.length) return out;
  const found = await rows<{ id: string; display_name: string; platform: string; archived: boolean }>(
    q.x,
    sql`select id, display_name, platform, archived_at is not null as archived from influencers
        where org_id = ${q.orgId}::uuid and id = any(${uuidArray(wanted)}) order by display_name`,
  );
  for (const r of found) out.set(r.id, { name: r.display_name, platform: r.platform, archived: r.archived });
  return out;
}

async function storeNamesOf(q: AnalyticsQuery, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const found = await rows<{ id: string; name: string }>(
    q.x,
    sql`select id, name from stores where org_id = ${q.orgId}::uuid and id = any(${uuidArray(ids)})`,
  );
  return new Map(found.map((r) => [r.id, r.name]));
}

// ── Compare ───────────────────────────────────────────────────────────────────────────────────────

export type CompareKind = "campaign" | "influencer";
export type CompareRow = Totals & Metrics & { id: string; name: string; detail: string | null; issued: number };

/**
 * The same metrics for two or more campaigns or influencers over `range`, in the order asked. Ids that
 * are not this organisation's are dropped.
 */
export async function getComparison(
  orgId: string,
  input: { timeZone: string; range: DayRange; kind: CompareKind; ids: readonly string[]; raw?: boolean },
): Promise<CompareRow[]> {
  if (input.ids.length === 0) return [];
  const scope = input.kind === "campaign" ? { campaignIds: input.ids } : { influencerIds: input.ids };
  return withAnalytics(orgId, { timeZone: input.timeZone, fromDay: input.range.from, toDay: input.range.to, scope, raw: input.raw }, async (q) => {
    const grouping = input.kind === "campaign" ? "campaign" : "influencer";
    const sums = await factSums(q, [grouping]);
    const groups = await scopeGroups(q);
    const entities =
      input.kind === "campaign"
        ? await rows<{ id: string; name: string; detail: string }>(
            q.x,
            sql`select id, name, status::text as detail from campaigns where org_id = ${q.orgId}::uuid and id = any(${uuidArray(input.ids)})`,
          )
        : await rows<{ id: string; name: string; detail: string }>(
            q.x,
            sql`select id, display_name as name, platform::text as detail from influencers where org_id = ${q.orgId}::uuid and id = any(${uuidArray(input.ids)})`,
          );
    const found = new Map(entities.map((e) => [e.id, e]));
    const per = byKey(sums[grouping]);
    const result = input.ids
      .filter((id) => found.has(id))
      .map((id) => {
        const t = totalsOf(per.get(id));
        const issued = groups.filter((g) => (input.kind === "campaign" ? g.campaignId : g.influencerId) === id).reduce((s, g) => s + g.quantity, 0);
        return { id, name: found.get(id)!.name, detail: found.get(id)!.detail, issued, ...t, ...metricsOf(t, issued) };
      });
    return result;
  });
}

// ── Stats API ─────────────────────────────────────────────────────────────────────────────────────

export type GroupStatsRow = {
  groupId: string;
  influencerId: string | null;
  views: number;
  claims: number;
  redemptions: number;
  discountTotal: number;
  /** Paid from stored-value cards: not a discount. */
  storedValueTotal: number;
  orderTotal: number;
};
export type CampaignStats = Omit<GroupStatsRow, "groupId" | "influencerId"> & { byGroup: GroupStatsRow[] };

/**
 * `GET /api/v1/campaigns/{id}/stats`: the campaign's funnel and money, in total and per group (every group
 * of the campaign, zeros included), optionally between two local days.
 */
export async function getCampaignStats(
  orgId: string,
  campaignId: string,
  input: { timeZone: string; fromDay?: string | null; toDay?: string | null; raw?: boolean },
): Promise<CampaignStats> {
  return withAnalytics(orgId, { timeZone: input.timeZone, fromDay: input.fromDay, toDay: input.toDay, scope: { campaignIds: [campaignId] }, raw: input.raw }, async (q) => {
    const sums = await factSums(q, ["total", "group"]);
    const groups = await scopeGroups(q);
    const per = byKey(sums.group);
    const known = new Set(groups.map((g) => g.id));
    const stat = (s: FactSums | undefined) => {
      const t = totalsOf(s);
      return { views: t.views, claims: t.claims, redemptions: t.redemptions, discountTotal: t.discount, storedValueTotal: t.storedValue, orderTotal: t.gmv };
    };
    const byGroup: GroupStatsRow[] = [
      ...groups.map((g) => ({ groupId: g.id, influencerId: g.influencerId, ...stat(per.get(g.id)) })),
      ...sums.group.filter((r) => r.key && !known.has(r.key)).map((r) => ({ groupId: r.key!, influencerId: null, ...stat(r) })),
    ];
    return { ...stat(sums.total[0]), byGroup };
  });
}

/** Sums of several rows (a table's footer). */
export function sumTotals(list: readonly Totals[]): Totals {
  return list.reduce<Totals>((t, r) => addTotals(t, r), { ...ZERO_TOTALS });
}

/** A campaign of the organisation with the organisation's time zone, or null (another organisation's id included). */
export async function findCampaignForStats(orgId: string, campaignId: string): Promise<{ id: string; name: string; timeZone: string } | null> {
  const [row] = await rows<{ id: string; name: string; time_zone: string }>(
    db,
    sql`select c.id, c.name, o.time_zone from campaigns c join organizations o on o.id = c.org_id
        where c.org_id = ${orgId}::uuid and c.id = ${campaignId}::uuid`,
  );
  return row ? { id: row.id, name: row.name, timeZone: row.time_zone } : null;
}

/** The campaigns a dashboard can be narrowed to (those that ever went live), newest first. */
export async function listAnalyticsCampaigns(orgId: string): Promise<{ id: string; name: string; status: string }[]> {
  return rows<{ id: string; name: string; status: string }>(
    db,
    sql`select id, name, status::text as status from campaigns
        where org_id = ${orgId}::uuid and status not in ('draft', 'in_review')
        order by created_at desc, id desc`,
  );
}

/** The organisation's influencers for the compare picker (archived ones last). */
export async function listAnalyticsInfluencers(orgId: string): Promise<{ id: string; name: string; platform: string; archived: boolean }[]> {
  return rows<{ id: string; name: string; platform: string; archived: boolean }>(
    db,
    sql`select id, display_name as name, platform::text as platform, archived_at is not null as archived from influencers
        where org_id = ${orgId}::uuid order by archived_at is not null, display_name`,
  );
}

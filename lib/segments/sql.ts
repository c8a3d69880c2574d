import { sql, type SQL } from "drizzle-orm";
import type { SegmentRules } from "./rules";

// A segment's rules as a WHERE condition on `consumers k` (the same meaning as the SQL function
// consumer_in_segment(), which claims and sends ask for one consumer at a time): for the consumers
// list, a segment's live size and a send's batches, over any number of consumers in one statement.
// A tag rule is a read of consumer_tags and a window rule ("spent ¥X within N days") one grouped
// read of consumer_days, each joined by id.

/** The organisation's today: its date, and the instant it began (both from lib/time zoneDay). */
export type SegmentDay = { today: string; todayStart: Date };

/** A text[] parameter (drizzle spreads a JS array into a list of parameters, which no array literal takes). */
export function textArray(values: readonly string[]): SQL {
  return values.length ? sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]` : sql`'{}'::text[]`;
}

/** The consumers carrying any of the tags: an index-only read of consumer_tags (org, tag, consumer). */
export function taggedAny(orgId: string, tags: readonly string[]): SQL {
  return sql`select t.consumer_id from consumer_tags t where t.org_id = ${orgId}::uuid and t.tag = any (${textArray(tags)})`;
}

/** A segment's tag rules as sets of consumer ids, all of which a member is in: any of `tagsAny`, and each of `tagsAll`. */
function tagSets(orgId: string, rules: SegmentRules): SQL[] {
  const sets: SQL[] = [];
  if (rules.tagsAny?.length) sets.push(taggedAny(orgId, rules.tagsAny));
  for (const tag of rules.tagsAll ?? []) sets.push(taggedAny(orgId, [tag]));
  return sets;
}

/**
 * A segment of tag rules only, as one set of consumer ids from consumer_tags (any of `tagsAny`, and
 * each of `tagsAll`); null when it has another kind of rule. The set may hold erased consumers (the
 * caller takes them out): erasure deletes tags, but rows written by hand need not have.
 */
export function tagOnlyMembers(orgId: string, rules: SegmentRules): SQL | null {
  const other = rules.newConsumer !== undefined || rules.dormantDays !== undefined || rules.minOrderTotal !== undefined || rules.minRedemptions !== undefined;
  const sets = tagSets(orgId, rules);
  if (other || sets.length === 0) return null;
  if (sets.length > 1) return sql.join(sets.map((s) => sql`(${s})`), sql` intersect `);
  // One tag: one row per consumer already (the primary key); several: the same consumer once.
  return (rules.tagsAny?.length ?? 1) > 1 ? sql`select distinct s.consumer_id from (${sets[0]}) s` : sets[0];
}

export function segmentWhere(orgId: string, rules: SegmentRules, day: SegmentDay): SQL {
  const parts: SQL[] = [sql`k.erased_at is null`];
  const sets = tagSets(orgId, rules);
  if (rules.newConsumer === true) parts.push(sql`k.claim_count = 0`);
  if (rules.newConsumer === false) parts.push(sql`k.claim_count > 0`);
  if (rules.dormantDays !== undefined) {
    const boundary = new Date(day.todayStart.getTime() - (rules.dormantDays - 1) * 86_400_000);
    parts.push(sql`k.last_redemption_at < ${boundary.toISOString()}::timestamptz`);
  }
  const windowed = (rules.minOrderTotal !== undefined || rules.minRedemptions !== undefined) && rules.withinDays !== undefined;
  if (!windowed) {
    for (const set of sets) parts.push(sql`k.id in (${set})`);
    if (rules.minOrderTotal !== undefined) parts.push(sql`k.order_total >= ${rules.minOrderTotal}`);
    if (rules.minRedemptions !== undefined) parts.push(sql`k.redemption_count >= ${rules.minRedemptions}`);
  } else {
    // The window's members, already narrowed to the tags, drive the read: consumers are then fetched
    // by key (an array the planner probes the primary key with) instead of scanned and hashed, which
    // halves the heaviest size ("vip with 2 redemptions in 90 days": BENCHMARKS.md).
    const having: SQL[] = [];
    if (rules.minOrderTotal !== undefined) having.push(sql`sum(d.order_total) >= ${rules.minOrderTotal}`);
    if (rules.minRedemptions !== undefined) having.push(sql`sum(d.redemptions) >= ${rules.minRedemptions}`);
    parts.push(sql`k.id = any (array(
      select d.consumer_id from consumer_days d
      where d.org_id = ${orgId}::uuid and d.day > ${day.today}::date - ${rules.withinDays}::int${sql.join(
        sets.map((set) => sql` and d.consumer_id in (${set})`),
        sql``,
      )}
      group by d.consumer_id having ${sql.join(having, sql` and `)}))`);
  }
  return sql.join(parts, sql` and `);
}

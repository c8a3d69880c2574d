import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { db, rows } from "@/db";
import { segments } from "@/db/schema";
import { segmentDayOf } from "@/lib/consumers/queries";
import type { SegmentRules } from "./rules";
import { segmentWhere, tagOnlyMembers } from "./sql";

export type Segment = typeof segments.$inferSelect;

/** How many consumers meet `rules` now, and how many of them may be texted (not opted out). */
export async function segmentSize(orgId: string, rules: SegmentRules, now = new Date()): Promise<{ size: number; textable: number }> {
  const tagged = tagOnlyMembers(orgId, rules);
  if (tagged) {
    // Tags only: count the members in consumer_tags (index-only), less the few erased or opted out
    // among them (a partial index holds those) — no other member's row is read.
    const [row] = await rows<{ size: number; textable: number }>(
      db,
      sql`with m as materialized (${tagged}),
               x as (select k.erased_at is not null as erased from consumers k
                     where k.org_id = ${orgId}::uuid and (k.opted_out_at is not null or k.erased_at is not null) and k.id in (select consumer_id from m))
          select ((select count(*) from m) - (select count(*) from x where erased))::int as size,
                 ((select count(*) from m) - (select count(*) from x))::int as textable`,
    );
    return { size: Number(row.size), textable: Number(row.textable) };
  }
  const day = await segmentDayOf(orgId, now);
  const [row] = await rows<{ size: number; textable: number }>(
    db,
    sql`select count(*)::int as size, count(*) filter (where k.opted_out_at is null)::int as textable
        from consumers k where k.org_id = ${orgId}::uuid and ${segmentWhere(orgId, rules, day)}`,
  );
  return { size: Number(row.size), textable: Number(row.textable) };
}

export async function listSegments(orgId: string): Promise<Segment[]> {
  return db.select().from(segments).where(eq(segments.orgId, orgId)).orderBy(asc(segments.name));
}

export async function getSegment(orgId: string, id: string): Promise<Segment | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await db.select().from(segments).where(and(eq(segments.id, id), eq(segments.orgId, orgId)));
  return row ?? null;
}

export function toSegmentDto(s: Segment, size: number) {
  return { id: s.id, name: s.name, rules: s.rules, size, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}

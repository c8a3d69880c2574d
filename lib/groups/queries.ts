import "server-only";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { db, rows } from "@/db";
import { campaigns, codeGroups, groupVariants, influencers } from "@/db/schema";
import { claimedSoFar } from "@/lib/codes/queries";
import { uuidArray } from "@/lib/analytics/sql";

/**
 * Influencer-bound code groups with their public claim slug. With `userId`, only the groups of the
 * influencer profiles linked to that user (an influencer sees their own links and nobody else's).
 */
export async function listInfluencerLinks(orgId: string, filter: { userId?: string } = {}) {
  return db
    .select({
      id: codeGroups.id,
      name: codeGroups.name,
      slug: codeGroups.slug,
      mode: codeGroups.mode,
      sharedCode: codeGroups.sharedCode,
      status: codeGroups.status,
      quantity: codeGroups.quantity,
      claimedCount: claimedSoFar,
      campaignName: campaigns.name,
      influencerName: influencers.displayName,
      platform: influencers.platform,
    })
    .from(codeGroups)
    .innerJoin(influencers, and(eq(influencers.id, codeGroups.influencerId), eq(influencers.orgId, orgId)))
    .innerJoin(campaigns, and(eq(campaigns.id, codeGroups.campaignId), eq(campaigns.orgId, orgId)))
    .where(
      and(
        eq(codeGroups.orgId, orgId),
        isNotNull(codeGroups.influencerId),
        filter.userId ? eq(influencers.userId, filter.userId) : undefined,
      ),
    )
    .orderBy(asc(influencers.displayName), asc(codeGroups.name));
}

export type InfluencerLink = Awaited<ReturnType<typeof listInfluencerLinks>>[number];

// ── A/B variants ────────────────────────────────────────────────────────────────────────────────────

/** A group's variants in position order (A first). */
export async function listGroupVariants(orgId: string, groupId: string) {
  return db
    .select()
    .from(groupVariants)
    .where(and(eq(groupVariants.orgId, orgId), eq(groupVariants.groupId, groupId)))
    .orderBy(asc(groupVariants.position));
}

export type GroupVariantRow = Awaited<ReturnType<typeof listGroupVariants>>[number];

/** One variant of a group (what a claim was given), or null. */
export async function getGroupVariant(orgId: string, groupId: string, variantId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(variantId)) return null;
  const [row] = await db
    .select()
    .from(groupVariants)
    .where(and(eq(groupVariants.id, variantId), eq(groupVariants.groupId, groupId), eq(groupVariants.orgId, orgId)));
  return row ?? null;
}

/** A variant's A/B sums: claims given it, its codes redeemed (not reversed), their discount and GMV (fen). */
export type VariantSumsRow = {
  groupId: string;
  variantId: string;
  position: number;
  label: string;
  claims: number;
  redemptions: number;
  discount: number;
  gmv: number;
};

type SumsRecord = {
  group_id: string;
  variant_id: string;
  position: number | string;
  label: string;
  claims: number | string;
  redemptions: number | string;
  discount: number | string;
  gmv: number | string;
};

/**
 * Per variant of the given groups: claims (claims.variant_id) and redemptions that were not reversed
 * (redemptions.variant_id), whole test so far. `redemptions` counts redeemed codes (a single-use code
 * once), so the rate is a share of claims; GMV sums order_amount, which several codes on one order
 * carry on the first only. Every table is read within the organisation.
 */
export async function variantSums(orgId: string, groupIds: readonly string[]): Promise<VariantSumsRow[]> {
  if (groupIds.length === 0) return [];
  const groups = uuidArray(groupIds);
  const result = await rows<SumsRecord>(
    db,
    sql`with c as (
          select cl.variant_id, count(*)::int as n
          from claims cl
          where cl.org_id = ${orgId}::uuid and cl.group_id = any(${groups}) and cl.variant_id is not null
          group by cl.variant_id
        ), r as (
          select rd.variant_id, count(distinct rd.code_id)::int as n,
                 coalesce(sum(rd.discount), 0)::bigint as discount, coalesce(sum(rd.order_amount), 0)::bigint as gmv
          from redemptions rd
          where rd.org_id = ${orgId}::uuid and rd.group_id = any(${groups}) and rd.variant_id is not null and rd.reversed_at is null
          group by rd.variant_id
        )
        select v.group_id, v.id as variant_id, v.position, v.label,
               coalesce(c.n, 0) as claims, coalesce(r.n, 0) as redemptions,
               coalesce(r.discount, 0) as discount, coalesce(r.gmv, 0) as gmv
        from group_variants v
        left join c on c.variant_id = v.id
        left join r on r.variant_id = v.id
        where v.org_id = ${orgId}::uuid and v.group_id = any(${groups})
        order by v.group_id, v.position`,
  );
  return result.map((r) => ({
    groupId: r.group_id,
    variantId: r.variant_id,
    position: Number(r.position),
    label: r.label,
    claims: Number(r.claims),
    redemptions: Number(r.redemptions),
    discount: Number(r.discount),
    gmv: Number(r.gmv),
  }));
}

/**
 * Groups that carry variants, of one campaign or of the whole organisation (the most recent first,
 * at most `limit`), each with its variants' sums: the analytics page's A/B section.
 */
export async function groupsWithVariants(orgId: string, opts: { campaignId?: string | null; limit?: number } = {}) {
  const list = await db
    .select({
      id: codeGroups.id,
      name: codeGroups.name,
      fixedVariantId: codeGroups.fixedVariantId,
      campaignId: campaigns.id,
      campaignName: campaigns.name,
    })
    .from(codeGroups)
    .innerJoin(campaigns, and(eq(campaigns.id, codeGroups.campaignId), eq(campaigns.orgId, orgId)))
    .where(
      and(
        eq(codeGroups.orgId, orgId),
        opts.campaignId ? eq(codeGroups.campaignId, opts.campaignId) : undefined,
        sql`exists (select 1 from ${groupVariants} v where v.group_id = ${codeGroups.id} and v.org_id = ${orgId}::uuid)`,
      ),
    )
    .orderBy(sql`${codeGroups.createdAt} desc`)
    .limit(opts.limit ?? 20);
  const sums = await variantSums(
    orgId,
    list.map((g) => g.id),
  );
  return list.map((g) => ({ ...g, variants: sums.filter((s) => s.groupId === g.id) }));
}

export type GroupWithVariants = Awaited<ReturnType<typeof groupsWithVariants>>[number];

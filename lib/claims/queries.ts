import "server-only";
import { cache } from "react";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { campaignStores, campaigns, claims, codeGroups, codes, groupVariants, influencers, landingEvents, organizations, stores } from "@/db/schema";
import { availableCount, findGroupBySlug } from "./claim";
import { claimState, remaining } from "./rules";

/** The stores where a campaign's codes are accepted: its chosen stores, or every open store. */
export async function campaignStoreList(orgId: string, campaignId: string) {
  const chosen = await db
    .select({ storeId: campaignStores.storeId })
    .from(campaignStores)
    .where(and(eq(campaignStores.orgId, orgId), eq(campaignStores.campaignId, campaignId)));
  return db
    .select({ id: stores.id, name: stores.name, address: stores.address })
    .from(stores)
    .where(
      and(
        eq(stores.orgId, orgId),
        isNull(stores.archivedAt),
        chosen.length ? inArray(stores.id, chosen.map((c) => c.storeId)) : undefined,
      ),
    )
    .orderBy(asc(stores.name));
}

/**
 * Everything the landing page of `slug` shows, or null for an unknown or unpublished offer.
 * Cached per request: the page and its metadata ask for the same slug.
 */
export const landingData = cache(async function landingData(slug: string) {
  const now = new Date();
  const found = await findGroupBySlug(slug);
  if (!found) return null;
  const { group, campaign, org } = found;
  const [influencer, storeList, available] = await Promise.all([
    group.influencerId
      ? db
          .select({ displayName: influencers.displayName, platform: influencers.platform, handle: influencers.handle })
          .from(influencers)
          .where(eq(influencers.id, group.influencerId))
          .then((r) => r[0] ?? null)
      : null,
    campaignStoreList(org.id, campaign.id),
    group.mode === "unique" ? availableCount(group.id) : 0,
  ]);
  const input = { campaign, group, available };
  // A campaign not approved yet ("unpublished") is returned too: its link says the offer is not open
  // yet (instead of "no such offer"), and the page shows nothing of the offer itself.
  const state = claimState(input, now);
  return { group, campaign, org, influencer, stores: storeList, state, remaining: remaining(input) };
});

export type LandingData = NonNullable<Awaited<ReturnType<typeof landingData>>>;

/**
 * Records a page view for attribution, once per visitor per group per 30 minutes, in one statement.
 * Called after the response is sent, so the page never waits on it.
 */
export async function recordView(v: {
  orgId: string;
  groupId: string;
  influencerId: string | null;
  visitorHash: string;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  referrer: string | null;
}) {
  await db.execute(sql`
    insert into ${landingEvents} (org_id, group_id, influencer_id, visitor_hash, utm_source, utm_medium, utm_campaign, referrer)
    select ${v.orgId}::uuid, ${v.groupId}::uuid, ${v.influencerId}::uuid, ${v.visitorHash}, ${v.utmSource}, ${v.utmMedium}, ${v.utmCampaign}, ${v.referrer}
    where not exists (
      select 1 from ${landingEvents}
      where group_id = ${v.groupId}::uuid and visitor_hash = ${v.visitorHash} and created_at > now() - interval '30 minutes'
    )`);
}

/** A claim as its result page shows it; the claim id (a random UUID) is the bearer of the code. */
export async function claimForDisplay(claimId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(claimId)) return null;
  const [row] = await db
    .select({
      claim: claims,
      code: { code: codes.code, status: codes.status, balance: codes.balance },
      group: { slug: codeGroups.slug, prefix: codeGroups.prefix, mode: codeGroups.mode },
      campaign: campaigns,
      org: { id: organizations.id, slug: organizations.slug, name: organizations.name, timeZone: organizations.timeZone, brandColor: organizations.brandColor, logoUrl: organizations.logoUrl },
      // A/B test: the variant this claim was given; its set fields replace the campaign's in the offer shown.
      variant: {
        id: groupVariants.id,
        value: groupVariants.value,
        minSpend: groupVariants.minSpend,
        percentOff: groupVariants.percentOff,
        maxDiscount: groupVariants.maxDiscount,
        tiers: groupVariants.tiers,
      },
    })
    .from(claims)
    .innerJoin(codes, eq(codes.id, claims.codeId))
    .innerJoin(codeGroups, eq(codeGroups.id, claims.groupId))
    .innerJoin(campaigns, eq(campaigns.id, claims.campaignId))
    .innerJoin(organizations, eq(organizations.id, claims.orgId))
    .leftJoin(groupVariants, and(eq(groupVariants.id, claims.variantId), eq(groupVariants.orgId, claims.orgId)))
    .where(eq(claims.id, claimId));
  if (!row) return null;
  return { ...row, stores: await campaignStoreList(row.org.id, row.campaign.id) };
}

import "server-only";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { db } from "@/db";
import { campaigns, codeGroups, influencers } from "@/db/schema";
import { claimedSoFar } from "@/lib/codes/queries";

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

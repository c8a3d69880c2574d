import "server-only";
import { and, count, eq, gte, isNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { campaigns, claims, codeGroups, redemptions } from "@/db/schema";

const DAY = 86_400_000;

/** The dashboard's headline numbers: campaigns, live groups, and claims and redemptions of the last `days`. */
export async function getOverviewCounts(orgId: string, days = 30, now = new Date()) {
  const since = new Date(now.getTime() - days * DAY);
  const [campaignRows, groupRows, claimRows, redemptionRows] = await Promise.all([
    db
      .select({
        total: count(),
        running: sql<number>`count(*) filter (where ${campaigns.status} = 'approved' and ${campaigns.validUntil} > ${now})::int`,
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
      .select({ total: count(), discount: sql<number>`coalesce(sum(${redemptions.discount}), 0)::bigint` })
      .from(redemptions)
      .where(and(eq(redemptions.orgId, orgId), gte(redemptions.createdAt, since), isNull(redemptions.reversedAt))),
  ]);
  return {
    campaigns: Number(campaignRows[0]?.total ?? 0),
    runningCampaigns: Number(campaignRows[0]?.running ?? 0),
    activeGroups: Number(groupRows[0]?.active ?? 0),
    claims: Number(claimRows[0]?.total ?? 0),
    redemptions: Number(redemptionRows[0]?.total ?? 0),
    discountFen: Number(redemptionRows[0]?.discount ?? 0),
  };
}

export type OverviewCounts = Awaited<ReturnType<typeof getOverviewCounts>>;

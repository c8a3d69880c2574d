import "server-only";
import { and, count, eq } from "drizzle-orm";
import { db } from "@/db";
import { campaigns, claims, codeGroups, consumers } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { claimCode } from "./claim";

/** Friends who claimed through `referrerId`'s share link in a campaign. */
export async function referralCount(campaignId: string, referrerId: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(claims)
    .where(and(eq(claims.campaignId, campaignId), eq(claims.referrerId, referrerId)));
  return Number(r.n);
}

/** The referral settings of a campaign with its bonus group's slug, or null when it has none. */
export async function referralProgram(campaignId: string) {
  const [row] = await db
    .select({ threshold: campaigns.referralThreshold, groupId: campaigns.referralGroupId, slug: codeGroups.slug })
    .from(campaigns)
    .innerJoin(codeGroups, and(eq(codeGroups.id, campaigns.referralGroupId), eq(codeGroups.orgId, campaigns.orgId)))
    .where(eq(campaigns.id, campaignId));
  return row?.threshold ? { threshold: row.threshold, groupId: row.groupId!, slug: row.slug } : null;
}

/**
 * Share to unlock: once `threshold` friends have claimed through a consumer's link, the consumer gets
 * a code of the bonus group, claimed for their phone by the same atomic claim_code (so the bonus
 * group's own limits hold, and asking twice hands back the same code). Safe to call after every
 * referred claim: below the threshold it does nothing, above it the claim is a repeat.
 */
export async function rewardReferrer(campaignId: string, referrerId: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(referrerId)) return null;
  const program = await referralProgram(campaignId);
  if (!program) return null;
  if ((await referralCount(campaignId, referrerId)) < program.threshold) return null;
  const [referrer] = await db.select({ phone: consumers.phone }).from(consumers).where(eq(consumers.id, referrerId));
  if (!referrer) return null;
  try {
    return await claimCode({ slug: program.slug, phone: referrer.phone });
  } catch (e) {
    if (isAppError(e)) return null; // the bonus group is sold out, ended… the friend's claim stands
    throw e;
  }
}

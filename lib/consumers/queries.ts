import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { campaigns, claims, codeGroups, codes, consumers, organizations } from "@/db/schema";
import { couponStatus } from "./rules";

/** An organisation's public face (for consumer pages), by its slug; null when unknown. */
export async function findPublicOrg(slug: string) {
  if (typeof slug !== "string" || !/^[a-z0-9-]{1,64}$/.test(slug)) return null;
  const [org] = await db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name, timeZone: organizations.timeZone, brandColor: organizations.brandColor, logoUrl: organizations.logoUrl })
    .from(organizations)
    .where(eq(organizations.slug, slug));
  return org ?? null;
}

/**
 * The coupons a phone holds in one organisation, newest first, each with the status its holder sees
 * (expired once past its expiry). Only ever called with a phone the visitor has proved by SMS.
 */
export async function listCoupons(orgId: string, phone: string, now = new Date()) {
  const list = await db
    .select({
      claimId: claims.id,
      claimedAt: claims.createdAt,
      expiresAt: claims.expiresAt,
      code: codes.code,
      codeStatus: codes.status,
      codeExpiresAt: codes.expiresAt,
      balance: codes.balance,
      slug: codeGroups.slug,
      prefix: codeGroups.prefix,
      mode: codeGroups.mode,
      campaign: {
        name: campaigns.name,
        type: campaigns.type,
        value: campaigns.value,
        minSpend: campaigns.minSpend,
        percentOff: campaigns.percentOff,
        maxDiscount: campaigns.maxDiscount,
        giftName: campaigns.giftName,
        initialBalance: campaigns.initialBalance,
      },
    })
    .from(claims)
    .innerJoin(consumers, and(eq(consumers.id, claims.consumerId), eq(consumers.orgId, orgId)))
    .innerJoin(codes, eq(codes.id, claims.codeId))
    .innerJoin(codeGroups, eq(codeGroups.id, claims.groupId))
    .innerJoin(campaigns, eq(campaigns.id, claims.campaignId))
    .where(and(eq(claims.orgId, orgId), eq(consumers.phone, phone)))
    .orderBy(desc(claims.createdAt), desc(claims.id))
    .limit(200);
  return list.map((c) => {
    const expiresAt = c.expiresAt ?? (c.mode === "unique" ? c.codeExpiresAt : null);
    return { ...c, expiresAt, status: couponStatus({ codeStatus: c.codeStatus, expiresAt, mode: c.mode }, now) };
  });
}

export type Coupon = Awaited<ReturnType<typeof listCoupons>>[number];

import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { claims, codes, landingEvents, redemptions } from "@/db/schema";
import { seedGroup } from "@/db/seed/builders";

// Rows for analytics tests, written directly (the real claim and redemption paths have their own tests):
// shaped as those paths write them, at chosen instants.

/** A shared-code group (one code row that every claim and redemption of it points at), with its code id. */
export async function sharedTestGroup(
  x: Executor,
  v: { orgId: string; campaignId: string; influencerId: string | null; name?: string; quantity?: number },
) {
  const slug = `an-${randomUUID().slice(0, 12)}`;
  const group = await seedGroup(x, {
    orgId: v.orgId,
    campaignId: v.campaignId,
    name: v.name ?? slug,
    slug,
    influencerId: v.influencerId,
    channel: v.influencerId ? null : "poster",
    mode: "shared",
    quantity: v.quantity ?? 1000,
    sharedCode: `S${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`,
  });
  const [code] = await x.select({ id: codes.id }).from(codes).where(eq(codes.groupId, group.id));
  return { ...group, codeId: code.id };
}

type Group = Awaited<ReturnType<typeof sharedTestGroup>>;

export async function insertView(x: Executor, g: Group, at: Date) {
  await x.insert(landingEvents).values({ orgId: g.orgId, groupId: g.id, influencerId: g.influencerId, visitorHash: randomUUID(), createdAt: at });
}

export async function insertClaim(x: Executor, g: Group, consumerId: string, at: Date) {
  await x.insert(claims).values({ orgId: g.orgId, campaignId: g.campaignId, groupId: g.id, codeId: g.codeId, consumerId, influencerId: g.influencerId, createdAt: at });
}

/** A redemption as apply_redemption writes it (attribution copied from the group, the claim time kept). */
export async function insertRedemption(
  x: Executor,
  g: Group,
  v: { storeId: string; consumerId: string | null; at: Date; claimedAt: Date | null; orderAmount: number; discount: number },
): Promise<string> {
  const [row] = await x
    .insert(redemptions)
    .values({
      orgId: g.orgId,
      codeId: g.codeId,
      campaignId: g.campaignId,
      groupId: g.id,
      storeId: v.storeId,
      influencerId: g.influencerId,
      consumerId: v.consumerId,
      orderAmount: v.orderAmount,
      discount: v.discount,
      claimedAt: v.claimedAt,
      createdAt: v.at,
    })
    .returning({ id: redemptions.id });
  return row.id;
}

/** A reversal as lib/redemptions writes it: a reversals row and the redemption's reversed_at, same instant. */
export async function insertReversal(x: Executor, v: { orgId: string; redemptionId: string; at: Date; reason?: string }) {
  await x.execute(sql`
    insert into reversals (org_id, redemption_id, reason, created_at)
    values (${v.orgId}::uuid, ${v.redemptionId}::uuid, ${v.reason ?? "test"}, ${v.at.toISOString()}::timestamptz)`);
  await x.execute(sql`update redemptions set reversed_at = ${v.at.toISOString()}::timestamptz where id = ${v.redemptionId}::uuid`);
}

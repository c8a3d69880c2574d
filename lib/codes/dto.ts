import { z } from "zod";
import type { codeGroups } from "@/db/schema";
import type { CodeRow } from "./queries";

export function claimUrl(origin: string, slug: string): string {
  return `${origin}/c/${slug}`;
}

export const codeGroupSchema = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    name: z.string(),
    slug: z.string(),
    claimUrl: z.string().meta({ description: "The public landing page consumers claim from (also the QR code's content)." }),
    influencerId: z.uuid().nullable(),
    channel: z.string().nullable(),
    mode: z.enum(["unique", "shared"]),
    quantity: z.number().int(),
    claimedCount: z.number().int(),
    sharedCode: z.string().nullable(),
    perConsumerLimit: z.number().int().nullable(),
    prefix: z.string(),
    codeLength: z.number().int().nullable(),
    status: z.enum(["generating", "active", "frozen"]),
    frozenReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "CodeGroup" });

export type CodeGroupDto = z.infer<typeof codeGroupSchema>;

export function toGroupDto(g: typeof codeGroups.$inferSelect, origin: string): CodeGroupDto {
  return {
    id: g.id,
    campaignId: g.campaignId,
    name: g.name,
    slug: g.slug,
    claimUrl: claimUrl(origin, g.slug),
    influencerId: g.influencerId,
    channel: g.channel,
    mode: g.mode,
    quantity: g.quantity,
    claimedCount: g.claimedCount,
    sharedCode: g.sharedCode,
    perConsumerLimit: g.perConsumerLimit,
    prefix: g.prefix,
    codeLength: g.codeLength,
    status: g.status,
    frozenReason: g.frozenReason,
    createdAt: g.createdAt.toISOString(),
  };
}

export const codeSchema = z
  .object({
    code: z.string(),
    status: z.enum(["available", "claimed", "redeemed", "expired", "void", "frozen"]),
    claimedAt: z.string().nullable(),
    redeemedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    balance: z.number().int().nullable().meta({ description: "Remaining stored value in fen (stored_value campaigns)." }),
  })
  .meta({ id: "Code" });

export function toCodeDto(c: CodeRow): z.infer<typeof codeSchema> {
  return {
    code: c.code,
    status: c.status as z.infer<typeof codeSchema>["status"],
    claimedAt: c.claimedAt?.toISOString() ?? null,
    redeemedAt: c.redeemedAt?.toISOString() ?? null,
    expiresAt: c.expiresAt?.toISOString() ?? null,
    balance: c.balance,
  };
}

export const freezeBodySchema = z.object({ reason: z.string().trim().min(1).max(500) }).meta({ id: "FreezeInput" });

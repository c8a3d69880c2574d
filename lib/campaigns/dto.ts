import { z } from "zod";
import type { campaigns } from "@/db/schema";
import { CAMPAIGN_STATUSES } from "./lifecycle";
import { campaignFieldsSchema, CLAIM_MODES, productScopeSchema, tierSchema, usableHoursSchema } from "./schemas";

/** A campaign as the API returns it: money in fen, times ISO 8601. */
export const campaignSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: campaignFieldsSchema.shape.type,
    value: z.number().int().nullable(),
    minSpend: z.number().int(),
    percentOff: z.number().int().nullable(),
    maxDiscount: z.number().int().nullable(),
    giftName: z.string().nullable(),
    initialBalance: z.number().int().nullable(),
    tiers: z.array(tierSchema).nullable().meta({ description: "tiered_off: ascending by minSpend." }),
    budget: z
      .object({ total: z.number().int().nullable(), daily: z.number().int().nullable(), spent: z.number().int() })
      .nullable()
      .meta({ description: "Discount budget in fen and what redemptions have spent of it; null when none is set." }),
    productScope: productScopeSchema.nullable(),
    claimMode: z.enum(CLAIM_MODES),
    validFrom: z.string(),
    validUntil: z.string(),
    validDaysAfterClaim: z.number().int().nullable(),
    totalQuantity: z.number().int().nullable(),
    perConsumerLimit: z.number().int(),
    dailyClaimLimit: z.number().int().nullable(),
    dailyPerConsumerLimit: z.number().int().nullable(),
    usableHours: usableHoursSchema.nullable(),
    releaseAt: z.string().nullable(),
    claimEndsAt: z.string().nullable(),
    audience: campaignFieldsSchema.shape.audience.unwrap(),
    audienceTag: z.string().nullable(),
    segmentId: z.uuid().nullable(),
    followUp: z.object({ groupId: z.uuid() }).nullable(),
    reminders: z.object({ onClaim: z.boolean(), daysBeforeExpiry: z.array(z.number().int()) }).nullable(),
    storeIds: z.array(z.uuid()).optional().meta({ description: "Allowed stores; absent or empty means every store." }),
    stackable: z.boolean(),
    requirePhoneVerification: z.boolean(),
    showRemaining: z.boolean(),
    terms: z.string(),
    status: z.enum(CAMPAIGN_STATUSES),
    submittedAt: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    reviewComment: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Campaign" });

export type CampaignDto = z.infer<typeof campaignSchema>;

type CampaignRow = typeof campaigns.$inferSelect & { storeIds?: string[] };

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The API shape of a campaign row (plus its store ids when loaded); internal columns stay inside. */
export function toCampaignDto(c: CampaignRow): CampaignDto {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    value: c.value,
    minSpend: c.minSpend,
    percentOff: c.percentOff,
    maxDiscount: c.maxDiscount,
    giftName: c.giftName,
    initialBalance: c.initialBalance,
    tiers: c.tiers ?? null,
    budget: c.budgetTotal != null || c.budgetDaily != null ? { total: c.budgetTotal, daily: c.budgetDaily, spent: c.budgetSpent } : null,
    productScope: c.productScope ?? null,
    claimMode: c.claimMode,
    validFrom: c.validFrom.toISOString(),
    validUntil: c.validUntil.toISOString(),
    validDaysAfterClaim: c.validDaysAfterClaim,
    totalQuantity: c.totalQuantity,
    perConsumerLimit: c.perConsumerLimit,
    dailyClaimLimit: c.dailyClaimLimit,
    dailyPerConsumerLimit: c.dailyPerConsumerLimit,
    usableHours: c.usableHours ?? null,
    releaseAt: iso(c.releaseAt),
    claimEndsAt: iso(c.claimEndsAt),
    audience: c.audience,
    audienceTag: c.audienceTag,
    segmentId: c.segmentId,
    followUp: c.followUpGroupId ? { groupId: c.followUpGroupId } : null,
    reminders: c.reminders ? { onClaim: Boolean(c.reminders.onClaim), daysBeforeExpiry: c.reminders.daysBeforeExpiry ?? [] } : null,
    ...(c.storeIds ? { storeIds: c.storeIds } : {}),
    stackable: c.stackable,
    requirePhoneVerification: c.requirePhoneVerification,
    showRemaining: c.showRemaining,
    terms: c.terms,
    status: c.status,
    submittedAt: iso(c.submittedAt),
    reviewedAt: iso(c.reviewedAt),
    reviewComment: c.reviewComment,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** The fields a stored campaign would submit, so PATCH can merge a partial body over them. */
export function campaignToInput(c: CampaignDto): Record<string, unknown> {
  const { id: _id, status: _s, submittedAt: _a, reviewedAt: _b, reviewComment: _c, createdAt: _d, updatedAt: _e, ...fields } = c;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
}

export const campaignListQuerySchema = z.object({
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const fields = campaignFieldsSchema.shape;

// A patch names only what changes: the create schema's defaults (claimMode "open", stackable false…)
// must not fill in the fields a body leaves out, or they would overwrite the stored values on merge.
export const campaignPatchSchema = campaignFieldsSchema
  .partial()
  .extend({
    minSpend: fields.minSpend.unwrap().optional(),
    claimMode: fields.claimMode.unwrap().optional(),
    perConsumerLimit: fields.perConsumerLimit.unwrap().optional(),
    audience: fields.audience.unwrap().optional(),
    stackable: fields.stackable.unwrap().optional(),
    requirePhoneVerification: fields.requirePhoneVerification.unwrap().optional(),
    showRemaining: fields.showRemaining.unwrap().optional(),
    terms: fields.terms.unwrap().optional(),
  })
  .meta({ id: "CampaignPatch" });

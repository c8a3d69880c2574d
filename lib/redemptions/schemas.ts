import { z } from "zod";

/** The body of validate and redeem (API.md): the code as typed or scanned, the store, the order in fen. */
export const redemptionInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .min(1, "redeem.errors.code")
      .max(64, "redeem.errors.code")
      .meta({ description: "The code as typed or scanned; case, spaces and dashes do not matter." }),
    storeId: z.uuid("redeem.errors.store"),
    orderAmount: z
      .number("redeem.errors.amount")
      .int("redeem.errors.amount")
      .min(0, "redeem.errors.amount")
      .max(100_000_000, "redeem.errors.amount")
      .meta({ description: "The order total in fen before the discount. For a stored-value card, the amount to pay from it." }),
  })
  .meta({ id: "RedemptionInput" });
export type RedemptionInput = z.infer<typeof redemptionInputSchema>;

/** `Idempotency-Key`: one per redemption attempt (a UUID is ideal); retries send the same one. */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(8, "The Idempotency-Key header must be 8–200 characters (a UUID per redemption attempt is ideal).")
  .max(200, "The Idempotency-Key header must be 8–200 characters (a UUID per redemption attempt is ideal).")
  .regex(/^[\x21-\x7e]+$/, "The Idempotency-Key header must be printable ASCII without spaces.");

export const reversalInputSchema = z
  .object({
    reason: z
      .string()
      .trim()
      .min(2, "redeem.errors.reason")
      .max(500, "redeem.errors.reason")
      .meta({ description: "Why the redemption is undone (kept in the audit log)." }),
  })
  .meta({ id: "ReversalInput" });

const offerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: z.enum(["amount_off", "percent_off", "gift", "stored_value"]),
    value: z.number().int().nullable(),
    minSpend: z.number().int(),
    percentOff: z.number().int().nullable(),
    maxDiscount: z.number().int().nullable(),
    giftName: z.string().nullable(),
  })
  .meta({ id: "RedemptionCampaign" });

const codeInfoSchema = z
  .object({
    code: z.string().meta({ description: "The code as stored (upper case, no separators)." }),
    display: z.string().meta({ description: "The code grouped for reading aloud." }),
    status: z.enum(["available", "claimed", "redeemed", "expired", "void", "frozen"]),
    expiresAt: z.string().meta({ description: "When the code stops being usable." }),
    consumer: z.string().nullable().meta({ description: "The claiming consumer's phone, masked." }),
    influencer: z.string().nullable(),
    balance: z.number().int().nullable().meta({ description: "Stored value left before this order, in fen." }),
  })
  .meta({ id: "RedemptionCode" });

export const validationResultSchema = z
  .union([
    z.object({
      valid: z.literal(true),
      discount: z.number().int(),
      payable: z.number().int(),
      balanceAfter: z.number().int().nullable(),
      campaign: offerSchema,
      code: codeInfoSchema,
    }),
    z.object({
      valid: z.literal(false),
      code: z.string().meta({ description: "The refusal: one of the stable error codes (already_redeemed, expired, below_min_spend, wrong_store…)." }),
      detail: z.string(),
      facts: z
        .object({
          at: z.string().optional().meta({ description: "already_redeemed: when." }),
          storeName: z.string().optional().meta({ description: "already_redeemed: where." }),
          minSpend: z.number().int().optional().meta({ description: "below_min_spend: the minimum order in fen." }),
          expiresAt: z.string().optional().meta({ description: "expired / ended: when the code stopped being usable." }),
          validFrom: z.string().optional().meta({ description: "not_started: when it can be used." }),
        })
        .meta({ description: "The facts behind the refusal, for a message in the reader's language." }),
      campaign: offerSchema.optional(),
      codeInfo: codeInfoSchema.optional(),
    }),
  ])
  .meta({ id: "RedemptionValidation" });

export const redemptionResultSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    discount: z.number().int(),
    payable: z.number().int(),
    redeemedAt: z.string(),
    storeId: z.uuid(),
    balance: z.number().int().nullable().meta({ description: "Stored value: what is left on the card after this order." }),
    followUp: z
      .object({ code: z.string(), campaignName: z.string() })
      .nullable()
      .meta({ description: "复购券: the code this redemption gave the consumer from the campaign's follow-up group, if any." }),
  })
  .meta({ id: "Redemption" });

export const reversalResultSchema = z
  .object({
    id: z.uuid(),
    redemptionId: z.uuid(),
    reversedAt: z.string(),
    codeStatus: z.string(),
    balance: z.number().int().nullable(),
  })
  .meta({ id: "Reversal" });

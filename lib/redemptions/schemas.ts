import { z } from "zod";
import { productScopeSchema } from "@/lib/campaigns/schemas";

const fenAmount = z
  .number("redeem.errors.amount")
  .int("redeem.errors.amount")
  .min(0, "redeem.errors.amount")
  .max(100_000_000, "redeem.errors.amount");
const codeString = z
  .string()
  .trim()
  .min(1, "redeem.errors.code")
  .max(64, "redeem.errors.code")
  .meta({ description: "The code as typed or scanned; case, spaces and dashes do not matter." });

export const orderItemSchema = z
  .object({
    sku: z.string().trim().min(1, "redeem.errors.item").max(64, "redeem.errors.item"),
    category: z.string().trim().max(64, "redeem.errors.item").nullish(),
    amount: fenAmount.meta({ description: "The line's amount in fen." }),
  })
  .meta({ id: "OrderItem" });

/**
 * The body of validate and redeem (API.md): the code (or several, applied in order), the store, the
 * order in fen, and for campaigns limited to some products the order's lines (or the eligible amount
 * per code, as the counter's clerk types it).
 */
export const redemptionInputSchema = z
  .object({
    code: codeString.optional(),
    codes: z
      .array(codeString)
      .min(1, "redeem.errors.code")
      .max(5, "redeem.errors.tooManyCodes")
      .optional()
      .meta({ description: "Several codes on one order, applied in this order (stored-value cards last); each must be stackable." }),
    storeId: z.uuid("redeem.errors.store"),
    orderAmount: fenAmount.meta({ description: "The order total in fen before the discount. For a stored-value card, the amount to pay from it." }),
    items: z
      .array(orderItemSchema)
      .max(200, "redeem.errors.items")
      .optional()
      .meta({ description: "The order's lines, for campaigns limited to categories or SKUs: only eligible lines count." }),
    eligibleAmounts: z
      .record(z.string().max(64), fenAmount)
      .optional()
      .meta({ description: "Without items: the eligible amount in fen per code (as typed or scanned) of a campaign limited to some products." }),
  })
  .superRefine((v, ctx) => {
    if ((v.code == null) === (v.codes == null)) ctx.addIssue({ code: "custom", path: ["code"], message: "redeem.errors.codeOrCodes" });
    if (v.items && v.items.reduce((sum, i) => sum + i.amount, 0) > v.orderAmount) {
      ctx.addIssue({ code: "custom", path: ["items"], message: "redeem.errors.itemsAboveOrder" });
    }
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
    wholeOrder: z
      .boolean()
      .optional()
      .meta({ description: "A redemption of an order of several codes: reverse every code of the order together (else this one only)." }),
  })
  .meta({ id: "ReversalInput" });

const nextTierSchema = z
  .object({ spendMore: z.number().int(), value: z.number().int(), minSpend: z.number().int() })
  .meta({ id: "NextTier", description: "tiered_off: spend `spendMore` fen more to reach the tier of `value` fen off." });

const offerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: z.enum(["amount_off", "percent_off", "gift", "stored_value", "tiered_off"]),
    value: z.number().int().nullable(),
    minSpend: z.number().int(),
    percentOff: z.number().int().nullable(),
    maxDiscount: z.number().int().nullable(),
    giftName: z.string().nullable(),
    tiers: z.array(z.object({ minSpend: z.number().int(), value: z.number().int() })).nullable().meta({ description: "tiered_off: 满减 tiers, ascending." }),
    stackable: z.boolean(),
    variant: z.string().nullable().meta({ description: "A/B test: the label of the variant this code was claimed with." }),
    productLimited: z.boolean().meta({ description: "The campaign counts only some products: send `items`, or the eligible amount in `eligibleAmounts`." }),
    productScope: productScopeSchema.nullable().meta({ description: "Which categories and SKUs count, when limited." }),
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
      campaign: offerSchema.meta({ description: "The (first) code's campaign." }),
      code: codeInfoSchema,
      nextTier: nextTierSchema.nullable(),
      lines: z
        .array(
          z.object({
            campaign: offerSchema,
            code: codeInfoSchema,
            base: z.number().int().meta({ description: "What this code's discount applies to: its eligible lines less earlier codes' discounts." }),
            discount: z.number().int(),
            balanceAfter: z.number().int().nullable(),
            nextTier: nextTierSchema.nullable(),
          }),
        )
        .meta({ description: "Every code of the order in the order applied (stored-value cards last)." }),
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
          codes: z.array(z.string()).optional().meta({ description: "not_stackable: the codes that do not combine." }),
        })
        .meta({ description: "The facts behind the refusal, for a message in the reader's language." }),
      campaign: offerSchema.optional(),
      codeInfo: codeInfoSchema.optional(),
      failedCode: z.string().optional().meta({ description: "Several codes: the one refused." }),
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
    orderId: z.uuid().optional().meta({ description: "Several codes on one order: the order's id." }),
    redemptions: z
      .array(
        z.object({
          id: z.uuid(),
          code: z.string(),
          discount: z.number().int(),
          balance: z.number().int().nullable(),
          followUp: z.object({ code: z.string(), campaignName: z.string() }).nullable(),
        }),
      )
      .optional()
      .meta({ description: "Several codes: each code's redemption, in the order applied; `discount` above is their sum." }),
  })
  .meta({ id: "Redemption" });

export const reversalResultSchema = z
  .object({
    id: z.uuid(),
    redemptionId: z.uuid(),
    reversedAt: z.string(),
    codeStatus: z.string(),
    balance: z.number().int().nullable(),
    reversals: z
      .array(z.object({ id: z.uuid(), redemptionId: z.uuid(), reversedAt: z.string(), codeStatus: z.string(), balance: z.number().int().nullable() }))
      .optional()
      .meta({ description: "wholeOrder: every redemption of the order reversed now." }),
  })
  .meta({ id: "Reversal" });

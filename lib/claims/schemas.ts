import { z } from "zod";

export const claimBodySchema = z
  .object({
    phone: z.string().trim().min(5, "claim.errors.phone").max(32, "claim.errors.phone"),
    /** The share link's consumer token (share to unlock), if the page was opened from one. */
    ref: z.string().max(64).optional(),
    /** The one-time code texted to `phone` (POST …/otp); required when the campaign verifies phones. */
    otp: z
      .string()
      .trim()
      .max(16, "claim.errors.otp_wrong")
      .optional()
      .meta({ description: "The six-digit code texted to `phone` by `POST /api/v1/public/groups/{slug}/otp`. Required when the offer verifies phone numbers (`otp_required`, `otp_invalid`)." }),
  })
  .meta({ id: "ClaimInput" });

export const otpBodySchema = z
  .object({
    phone: z.string().trim().min(5, "claim.errors.phone").max(32, "claim.errors.phone"),
    /** The language of the text message. */
    locale: z.enum(["zh-CN", "en"]).optional(),
  })
  .meta({ id: "OtpRequest" });

export const otpResultSchema = z
  .object({
    sent: z.literal(true),
    expiresAt: z.string().meta({ description: "When the code stops working." }),
  })
  .meta({ id: "OtpSent" });

export const claimResultSchema = z
  .object({
    code: z.string(),
    repeat: z.boolean().meta({ description: "True when this phone already held the code: the same code is handed back." }),
    expiresAt: z.string().nullable(),
    campaign: z.object({
      name: z.string(),
      type: z.enum(["amount_off", "percent_off", "gift", "stored_value", "tiered_off"]),
      value: z.number().int().nullable(),
      minSpend: z.number().int(),
      percentOff: z.number().int().nullable(),
      maxDiscount: z.number().int().nullable(),
      giftName: z.string().nullable(),
      initialBalance: z.number().int().nullable(),
      tiers: z.array(z.object({ minSpend: z.number().int(), value: z.number().int() })).nullable(),
      terms: z.string(),
    }).meta({ description: "The offer this code carries: in an A/B test, the variant's amounts over the campaign's." }),
  })
  .meta({ id: "ClaimResult" });

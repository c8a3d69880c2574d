import { z } from "zod";

export const claimBodySchema = z
  .object({
    phone: z.string().trim().min(5, "claim.errors.phone").max(32, "claim.errors.phone"),
    /** The share link's consumer token (share to unlock), if the page was opened from one. */
    ref: z.string().max(64).optional(),
  })
  .meta({ id: "ClaimInput" });

export const claimResultSchema = z
  .object({
    code: z.string(),
    repeat: z.boolean().meta({ description: "True when this phone already held the code: the same code is handed back." }),
    expiresAt: z.string().nullable(),
    campaign: z.object({
      name: z.string(),
      type: z.enum(["amount_off", "percent_off", "gift", "stored_value"]),
      value: z.number().int().nullable(),
      minSpend: z.number().int(),
      percentOff: z.number().int().nullable(),
      maxDiscount: z.number().int().nullable(),
      giftName: z.string().nullable(),
      initialBalance: z.number().int().nullable(),
      terms: z.string(),
    }),
  })
  .meta({ id: "ClaimResult" });

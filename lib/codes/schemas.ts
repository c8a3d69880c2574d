import { z } from "zod";
import { isValidSharedCode, MAX_CODE_LENGTH, MIN_CODE_LENGTH, normalizeCode } from "./rules";

export const MAX_GROUP_QUANTITY = 1_000_000;

export const createGroupSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]{2,47}$/, "group.errors.slug")
      .nullish(),
    influencerId: z.uuid().nullish(),
    channel: z.string().trim().max(60).nullish(),
    mode: z.enum(["unique", "shared"]),
    quantity: z.number().int().min(1).max(100_000_000),
    sharedCode: z.string().trim().nullish(),
    perConsumerLimit: z.number().int().min(1).max(1000).nullish(),
    prefix: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{0,8}$/, "group.errors.prefix")
      .default(""),
    codeLength: z.number().int().min(MIN_CODE_LENGTH).max(MAX_CODE_LENGTH).nullish(),
  })
  .superRefine((g, ctx) => {
    if (g.mode === "unique" && g.quantity > MAX_GROUP_QUANTITY) {
      ctx.addIssue({ code: "custom", path: ["quantity"], message: "group.errors.quantityTooLarge" });
    }
    if (g.mode === "shared") {
      if (!isValidSharedCode(normalizeCode(g.sharedCode ?? ""))) ctx.addIssue({ code: "custom", path: ["sharedCode"], message: "group.errors.sharedCode" });
    }
  })
  .meta({ id: "CodeGroupInput" });

export type CreateGroupInput = z.infer<typeof createGroupSchema>;

export const codeListQuerySchema = z.object({
  status: z.enum(["available", "claimed", "redeemed", "expired", "void", "frozen"]).optional(),
  q: z.string().trim().max(40).optional(),
  sort: z.enum(["seq", "code", "claimedAt", "redeemedAt"]).default("seq"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type CodeListQuery = z.infer<typeof codeListQuerySchema>;

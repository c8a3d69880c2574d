import { z } from "zod";
import { segmentRulesSchema } from "./rules";

export const segmentInputSchema = z
  .object({
    name: z.string("segments.errors.name").trim().min(1, "segments.errors.name").max(60, "segments.errors.name"),
    rules: segmentRulesSchema,
  })
  .meta({ id: "SegmentInput" });
export type SegmentInput = z.infer<typeof segmentInputSchema>;

export const segmentPatchSchema = z
  .object({ name: segmentInputSchema.shape.name.optional(), rules: segmentRulesSchema.optional() })
  .refine((v) => v.name !== undefined || v.rules !== undefined, { message: "segments.errors.nothingToChange" });

export const segmentSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    rules: z.record(z.string(), z.unknown()),
    size: z.number().int().meta({ description: "Consumers who meet the rules now" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Segment" });

/** `POST /api/v1/segments/{id}/send` */
export const sendInputSchema = z
  .object({
    groupId: z.uuid("sends.errors.group"),
    sms: z.boolean().default(false),
  })
  .meta({ id: "SendInput" });
export type SendInput = z.infer<typeof sendInputSchema>;

/** `GET /api/v1/jobs/{id}` */
export const jobSchema = z
  .object({
    id: z.uuid(),
    kind: z.literal("send"),
    status: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    issued: z.number().int(),
    texts: z.number().int(),
    errors: z.record(z.string(), z.number().int()).meta({ description: "Members who got nothing, by reason" }),
  })
  .meta({ id: "Job" });

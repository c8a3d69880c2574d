import { z } from "zod";
import { listParamsSchema } from "@/components/data-table/params";
import { pageQuerySchema } from "@/lib/api/paging";
import { tagListSchema, tagSchema } from "@/lib/segments/rules";

// The consumers list, its API and the tag inputs. Messages are message keys.

export const CONSUMER_SORTS = ["firstSeenAt", "lastClaimAt", "lastRedemptionAt", "claims", "redemptions", "orderTotal", "discountTotal"] as const;
export type ConsumerSort = (typeof CONSUMER_SORTS)[number];

/** `?q=&tag=&segment=&sort=&dir=&page=&pageSize=` for /consumers. */
export const consumerListParams = listParamsSchema({
  sort: CONSUMER_SORTS,
  defaultSort: "firstSeenAt",
  defaultDir: "desc",
  defaultPageSize: 50,
  filters: { tag: tagSchema, segment: z.uuid(), optedOut: z.literal("1") },
});
export type ConsumerListParams = z.output<typeof consumerListParams>;

/** `GET /api/v1/consumers?q=&tag=&segmentId=&cursor=&limit=` (newest first). */
export const consumerListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(40).optional().meta({ description: "The last four digits, or the whole number." }),
  tag: tagSchema.optional(),
  segmentId: z.uuid().optional(),
});
export type ConsumerListQuery = z.infer<typeof consumerListQuerySchema>;

export const consumerSchema = z
  .object({
    id: z.uuid(),
    phone: z.string().meta({ description: "Masked: +86 139****5678" }),
    tags: z.array(z.string()),
    firstSeenAt: z.string(),
    lastClaimAt: z.string().nullable(),
    lastRedemptionAt: z.string().nullable(),
    claims: z.number().int(),
    redemptions: z.number().int(),
    orderTotal: z.number().int().meta({ description: "fen, net of reversals" }),
    discountTotal: z.number().int().meta({ description: "fen, net of reversals" }),
    optedOut: z.boolean().meta({ description: "Opted out of marketing texts (回复T退订)" }),
    erased: z.boolean(),
  })
  .meta({ id: "Consumer" });

export const consumerDetailSchema = consumerSchema
  .extend({
    timeline: z.array(
      z.object({
        kind: z.enum(["claim", "redemption"]),
        at: z.string(),
        campaignName: z.string(),
        groupName: z.string(),
        influencer: z.string().nullable(),
        store: z.string().nullable(),
        code: z.string(),
        orderAmount: z.number().int().nullable(),
        discount: z.number().int().nullable(),
        reversed: z.boolean(),
        via: z.enum(["claim", "send", "follow_up", "referral"]).nullable(),
      }),
    ),
  })
  .meta({ id: "ConsumerDetail" });

/** `PUT /api/v1/consumers/tags`: the consumer's whole tag list, by phone (a CRM sync); creates the consumer. */
export const putTagsSchema = z.object({
  phone: z.string().min(1).max(40),
  tags: tagListSchema,
});

/** Adding one tag on the consumer's page. */
export const addTagSchema = z.object({ consumerId: z.uuid(), tag: tagSchema });

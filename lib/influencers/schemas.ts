import { z } from "zod";
import { pageQuerySchema } from "@/lib/api/paging";
import { platformEnum } from "@/db/schema/enums";
import { listParamsSchema } from "@/components/data-table/params";

/** `GET /api/v1/influencers` query: paging plus an optional search on display name or handle. */
export const influencerListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(80).optional().meta({ description: "Case-insensitive search in display name and handle." }),
});
export type InfluencerListQuery = z.infer<typeof influencerListQuerySchema>;

/** An influencer as the API returns it. */
export const influencerSchema = z
  .object({
    id: z.uuid(),
    displayName: z.string(),
    platform: z.enum(platformEnum.enumValues),
    handle: z.string(),
    hasAccount: z.boolean().meta({ description: "Whether the influencer can sign in to see their own links." }),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "Influencer" });
export type InfluencerDto = z.infer<typeof influencerSchema>;

// ---- Console: form input and the list's URL params. Messages are message keys, translated by the form.

export const INFLUENCER_PLATFORMS = platformEnum.enumValues;
export type Platform = (typeof INFLUENCER_PLATFORMS)[number];

/** "" from a form's "none" option means no linked user. */
const optionalUuid = (message: string) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : v), z.uuid(message).nullish());

/** An influencer as the console form (and the API) submits it; the whole row is replaced on edit. */
export const influencerInputSchema = z.object({
  displayName: z.string().trim().min(1, "validation.required").max(80, "validation.tooLong"),
  platform: z.enum(INFLUENCER_PLATFORMS, "influencers.errors.platform"),
  handle: z.string().trim().max(100, "validation.tooLong").default(""),
  notes: z.string().trim().max(2000, "validation.tooLong").default(""),
  /** A member of the organisation with role `influencer`, who then sees this influencer's links. */
  userId: optionalUuid("influencers.errors.userNotInfluencer"),
});
export type InfluencerInput = z.infer<typeof influencerInputSchema>;

/** Columns the console list sorts by (the data table's sortable column ids). */
export const INFLUENCER_SORTS = ["displayName", "platform", "handle", "groupCount", "createdAt"] as const;
export type InfluencerSort = (typeof INFLUENCER_SORTS)[number];

/** `/influencers?q=&sort=&dir=&page=&pageSize=&platform=&archived=1`; `archived=1` includes archived rows. */
export const influencerListParams = listParamsSchema({
  sort: INFLUENCER_SORTS,
  defaultSort: "displayName",
  filters: { platform: z.enum(INFLUENCER_PLATFORMS), archived: z.literal("1") },
});
export type InfluencerListParams = z.output<typeof influencerListParams>;

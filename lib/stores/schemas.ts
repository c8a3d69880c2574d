import { z } from "zod";
import { pageQuerySchema } from "@/lib/api/paging";

/** `GET /api/v1/stores` query: paging plus an optional search on name or address. */
export const storeListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(80).optional().meta({ description: "Case-insensitive search in name and address." }),
});
export type StoreListQuery = z.infer<typeof storeListQuerySchema>;

/** A store as the API returns it. */
export const storeSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    address: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "Store" });
export type StoreDto = z.infer<typeof storeSchema>;

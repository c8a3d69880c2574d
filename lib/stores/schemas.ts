import { z } from "zod";
import { pageQuerySchema } from "@/lib/api/paging";
import { listParamsSchema } from "@/components/data-table/params";

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

// ---- Console: form input and the list's URL params. Messages are message keys, translated by the form.

/** A store as the console form submits it; `clerkIds` replaces the set of assigned clerks. */
export const storeInputSchema = z.object({
  name: z.string().trim().min(1, "validation.required").max(80, "validation.tooLong"),
  address: z.string().trim().max(200, "validation.tooLong").default(""),
  clerkIds: z
    .array(z.uuid("stores.errors.notClerk"))
    .max(200, "stores.errors.tooManyClerks")
    .default([])
    .transform((ids) => [...new Set(ids)]),
});
export type StoreInput = z.infer<typeof storeInputSchema>;

/** Columns the console list sorts by (the data table's sortable column ids). */
export const STORE_SORTS = ["name", "address", "clerkCount", "createdAt"] as const;
export type StoreSort = (typeof STORE_SORTS)[number];

/** `/stores?q=&sort=&dir=&page=&pageSize=&archived=1`; `archived=1` includes archived stores. */
export const storeListParams = listParamsSchema({
  sort: STORE_SORTS,
  defaultSort: "name",
  filters: { archived: z.literal("1") },
});
export type StoreListParams = z.output<typeof storeListParams>;

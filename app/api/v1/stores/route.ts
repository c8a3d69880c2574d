import { apiRoute } from "@/lib/api/handler";
import { listStoresPage } from "@/lib/stores/queries";
import { storeListQuerySchema, type StoreDto } from "@/lib/stores/schemas";

// A page of the organisation's open stores, e.g. for a POS to pick the store it redeems in.
export const GET = apiRoute({ permission: "store:read", query: storeListQuerySchema }, async ({ actor, query }) => {
  const page = await listStoresPage(actor.orgId, query);
  const items: StoreDto[] = page.items.map((s) => ({
    id: s.id,
    name: s.name,
    address: s.address,
    createdAt: s.createdAt.toISOString(),
  }));
  return { items, nextCursor: page.nextCursor };
});

import { apiRoute } from "@/lib/api/handler";
import { listInfluencersPage } from "@/lib/influencers/queries";
import { influencerListQuerySchema, type InfluencerDto } from "@/lib/influencers/schemas";

// A page of the organisation's influencers, e.g. for a CRM to map its contacts to ours.
export const GET = apiRoute({ permission: "influencer:read", query: influencerListQuerySchema }, async ({ actor, query }) => {
  const page = await listInfluencersPage(actor.orgId, query);
  const items: InfluencerDto[] = page.items.map((i) => ({
    id: i.id,
    displayName: i.displayName,
    platform: i.platform,
    handle: i.handle,
    hasAccount: i.hasAccount,
    createdAt: i.createdAt.toISOString(),
  }));
  return { items, nextCursor: page.nextCursor };
});

import { apiRoute } from "@/lib/api/handler";
import { listConsumersPage, toConsumerDto } from "@/lib/consumers/queries";
import { consumerListQuerySchema } from "@/lib/consumers/schemas";

// The organisation's consumers, newest first: masked phones, tags and counters.
export const GET = apiRoute({ permission: "consumer:read", query: consumerListQuerySchema }, async ({ actor, query }) => {
  const page = await listConsumersPage(actor.orgId, query);
  return { items: page.items.map(toConsumerDto), nextCursor: page.nextCursor };
});

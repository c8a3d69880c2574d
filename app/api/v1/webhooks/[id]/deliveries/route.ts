import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { listWebhookDeliveries, toDeliveryDto } from "@/lib/webhooks/endpoints";
import { deliveryListQuerySchema } from "@/lib/webhooks/schemas";

const params = z.object({ id: z.uuid() });

// The endpoint's deliveries, newest first, cursor-paged; `status` filters.
export const GET = apiRoute({ permission: "webhook:manage", params, query: deliveryListQuerySchema }, async ({ actor, params, query }) => {
  const page = await listWebhookDeliveries(actor.orgId, params.id, query);
  return { items: page.items.map(toDeliveryDto), nextCursor: page.nextCursor };
});

import { apiRoute, json } from "@/lib/api/handler";
import { createWebhookEndpoint, listWebhookEndpoints, toWebhookDto } from "@/lib/webhooks/endpoints";
import { createWebhookSchema } from "@/lib/webhooks/schemas";

// The organisation's webhook endpoints (a handful: one page, oldest first).
export const GET = apiRoute({ permission: "webhook:manage" }, async ({ actor }) => {
  const endpoints = await listWebhookEndpoints(actor.orgId);
  return { items: endpoints.map(toWebhookDto), nextCursor: null };
});

// Registers an endpoint; the answer carries its signing secret, which is never shown again.
export const POST = apiRoute({ permission: "webhook:manage", body: createWebhookSchema }, async ({ actor, body }) => {
  const { endpoint, secret } = await createWebhookEndpoint(actor, body);
  return json({ ...toWebhookDto(endpoint), secret }, { status: 201 });
});

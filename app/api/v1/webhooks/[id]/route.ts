import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { deleteWebhookEndpoint, getWebhookEndpoint, toWebhookDto, updateWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { wakeWebhookWorker } from "@/lib/webhooks/outbox";
import { updateWebhookSchema } from "@/lib/webhooks/schemas";

const params = z.object({ id: z.uuid() });

// One endpoint (never its secret).
export const GET = apiRoute({ permission: "webhook:manage", params }, async ({ actor, params }) => {
  const endpoint = await getWebhookEndpoint(actor.orgId, params.id);
  if (!endpoint) throw new AppError("not_found", "No such webhook endpoint.");
  return toWebhookDto(endpoint);
});

// Changes URL, event types, description, or enables/disables it (`active`).
export const PATCH = apiRoute({ permission: "webhook:manage", params, body: updateWebhookSchema }, async ({ actor, params, body }) => {
  const endpoint = await updateWebhookEndpoint(actor, params.id, body);
  if (body.active) wakeWebhookWorker();
  return toWebhookDto(endpoint);
});

// Deletes the endpoint and its delivery history.
export const DELETE = apiRoute({ permission: "webhook:manage", params }, async ({ actor, params }) => {
  await deleteWebhookEndpoint(actor, params.id);
  return new Response(null, { status: 204 });
});

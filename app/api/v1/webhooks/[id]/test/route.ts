import { z } from "zod";
import { apiRoute, json } from "@/lib/api/handler";
import { sendTestEvent } from "@/lib/webhooks/endpoints";
import { wakeWebhookWorker } from "@/lib/webhooks/outbox";

const params = z.object({ id: z.uuid() });

// Queues a `webhook.test` event for this endpoint only.
export const POST = apiRoute({ permission: "webhook:manage", params }, async ({ actor, params }) => {
  const { deliveryId, eventId } = await sendTestEvent(actor, params.id);
  wakeWebhookWorker();
  return json({ deliveryId: String(deliveryId), eventId }, { status: 202 });
});

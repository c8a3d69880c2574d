import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { redeliverWebhook, toDeliveryDto } from "@/lib/webhooks/endpoints";
import { wakeWebhookWorker } from "@/lib/webhooks/outbox";

const params = z.object({ id: z.string().regex(/^[1-9]\d{0,15}$/) });

// Sends a failed or dead delivery again, now (409 invalid_state for a pending or delivered one).
export const POST = apiRoute({ permission: "webhook:manage", params }, async ({ actor, params }) => {
  const delivery = await redeliverWebhook(actor, Number(params.id));
  wakeWebhookWorker();
  return toDeliveryDto(delivery);
});

import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { rotateWebhookSecret, toWebhookDto } from "@/lib/webhooks/endpoints";

const params = z.object({ id: z.uuid() });

// Replaces the signing secret at once; the answer carries the new one, never shown again.
export const POST = apiRoute({ permission: "webhook:manage", params }, async ({ actor, params }) => {
  const { endpoint, secret } = await rotateWebhookSecret(actor, params.id);
  return { ...toWebhookDto(endpoint), secret };
});

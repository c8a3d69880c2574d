import { z } from "zod";
import { apiRoute, json } from "@/lib/api/handler";
import { sendInputSchema } from "@/lib/segments/schemas";
import { createSend } from "@/lib/sends/sends";

const params = z.object({ id: z.uuid() });

// 定向发放: every member of the segment gets one code of the group (never two), texted when `sms`.
// 202 with the job to follow; above the owner's threshold it waits for a reviewer (`pending_approval`).
export const POST = apiRoute({ permission: "send:create", params, body: sendInputSchema }, async ({ actor, params, body }) => {
  const send = await createSend(actor, params.id, body);
  return json({ jobId: send.id, status: send.status, total: send.total }, { status: 202 });
});

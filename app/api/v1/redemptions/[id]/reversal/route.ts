import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { reverseRedemption } from "@/lib/redemptions/reverse";
import { reversalInputSchema } from "@/lib/redemptions/schemas";

// POST /redemptions/{id}/reversal {reason, wholeOrder?}: the code is usable again (with wholeOrder, every code of its order).
// Clerks within the owner's window at their stores; reviewers and owners (redemption:reverse_any) at any time.
export const POST = apiRoute(
  { permission: "redemption:reverse", params: z.object({ id: z.uuid() }), body: reversalInputSchema },
  async ({ actor, params, body }) => reverseRedemption(actor, params.id, body.reason, new Date(), { wholeOrder: body.wholeOrder }),
);

import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { optOutByPhone } from "@/lib/consumers/mutations";

// A gateway's inbound "T" (退订) reply, by phone: no more marketing texts to it.
export const POST = apiRoute({ permission: "consumer:write", body: z.object({ phone: z.string().min(1).max(40) }) }, async ({ actor, body }) => {
  return optOutByPhone(actor, body.phone);
});

import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { toCampaignDto } from "@/lib/campaigns/dto";
import { CAMPAIGN_ACTIONS } from "@/lib/campaigns/lifecycle";
import { transitionCampaign } from "@/lib/campaigns/mutations";
import { getCampaign } from "@/lib/campaigns/queries";
import { rejectCampaignSchema } from "@/lib/campaigns/schemas";

const params = z.object({ id: z.uuid(), action: z.enum(CAMPAIGN_ACTIONS) });
const body = z.object({ comment: z.string().trim().max(1000).optional() }).optional();

// POST /campaigns/{id}/submit | approve | reject {comment} | pause | resume | end.
// The role each needs is checked by the domain (campaign:write, or campaign:review for decisions).
export const POST = apiRoute({ permission: "campaign:read", params, body }, async ({ actor, params, body }) => {
  const comment = params.action === "reject" ? rejectCampaignSchema.parse(body ?? {}).comment : body?.comment;
  await transitionCampaign(actor, params.id, params.action, comment);
  return toCampaignDto((await getCampaign(actor.orgId, params.id))!);
});

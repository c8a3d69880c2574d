import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { campaignPatchSchema, campaignToInput, toCampaignDto } from "@/lib/campaigns/dto";
import { setClaimMode, updateCampaign } from "@/lib/campaigns/mutations";
import { getCampaign } from "@/lib/campaigns/queries";
import { createCampaignSchema } from "@/lib/campaigns/schemas";
import { AppError } from "@/lib/errors";

const params = z.object({ id: z.uuid() });

async function load(orgId: string, id: string) {
  const row = await getCampaign(orgId, id);
  if (!row) throw new AppError("not_found", "No such campaign.");
  return toCampaignDto(row);
}

export const GET = apiRoute({ permission: "campaign:read", params }, async ({ actor, params }) => load(actor.orgId, params.id));

// Changes a draft: the body's fields are merged over the stored ones and the whole is checked again.
// On a live campaign a body of only `claimMode` closes or reopens its claims (issued codes stay good).
export const PATCH = apiRoute(
  { permission: "campaign:write", params, body: campaignPatchSchema },
  async ({ actor, params, body }) => {
    const current = await load(actor.orgId, params.id);
    const onlyClaimMode = body.claimMode !== undefined && Object.keys(body).every((k) => k === "claimMode");
    if (current.status !== "draft" && onlyClaimMode) {
      await setClaimMode(actor, params.id, body.claimMode!);
      return load(actor.orgId, params.id);
    }
    const merged = createCampaignSchema.parse({ ...campaignToInput(current), ...body });
    await updateCampaign(actor, params.id, merged);
    return load(actor.orgId, params.id);
  },
);

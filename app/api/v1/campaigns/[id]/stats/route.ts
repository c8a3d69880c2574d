import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { findCampaignForStats, getCampaignStats } from "@/lib/analytics/dashboard";
import { campaignStatsQuerySchema } from "@/lib/analytics/schemas";
import { AppError } from "@/lib/errors";

const params = z.object({ id: z.uuid() });

// GET /campaigns/{id}/stats?from=&to=: views, claims, redemptions (not reversed) and money, in total and per
// group, over local days of the organisation (docs/analytics.md). A static segment: it wins over [action].
export const GET = apiRoute({ permission: "analytics:read", params, query: campaignStatsQuerySchema }, async ({ actor, params, query }) => {
  const campaign = await findCampaignForStats(actor.orgId, params.id);
  if (!campaign) throw new AppError("not_found", "No such campaign.");
  const stats = await getCampaignStats(actor.orgId, campaign.id, { timeZone: campaign.timeZone, fromDay: query.from, toDay: query.to });
  return { ...stats, from: query.from ?? null, to: query.to ?? null, timeZone: campaign.timeZone };
});

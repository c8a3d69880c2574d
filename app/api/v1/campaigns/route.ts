import { z } from "zod";
import { apiRoute, json } from "@/lib/api/handler";
import { decodeCursor, encodeCursor } from "@/lib/api/paging";
import { campaignListQuerySchema, toCampaignDto } from "@/lib/campaigns/dto";
import { createCampaign } from "@/lib/campaigns/mutations";
import { getCampaign, listCampaigns } from "@/lib/campaigns/queries";
import { createCampaignSchema } from "@/lib/campaigns/schemas";

const cursorShape = z.tuple([z.iso.datetime(), z.uuid()]);

// Newest first, cursor-paged.
export const GET = apiRoute({ permission: "campaign:read", query: campaignListQuerySchema }, async ({ actor, query }) => {
  const after = query.cursor ? decodeCursor(query.cursor, cursorShape) : null;
  const page = await listCampaigns(actor.orgId, {
    status: query.status,
    q: query.q,
    limit: query.limit,
    after: after ? { createdAt: new Date(after[0]), id: after[1] } : undefined,
  });
  return {
    items: page.items.map(toCampaignDto),
    nextCursor: page.next ? encodeCursor([page.next.createdAt.toISOString(), page.next.id]) : null,
  };
});

// A new campaign in `draft`.
export const POST = apiRoute({ permission: "campaign:write", body: createCampaignSchema }, async ({ actor, body }) => {
  const row = await createCampaign(actor, body);
  return json(toCampaignDto((await getCampaign(actor.orgId, row.id))!), { status: 201 });
});

import { z } from "zod";
import { apiRoute, json } from "@/lib/api/handler";
import { toGroupDto } from "@/lib/codes/dto";
import { publicOrigin } from "@/lib/http/base-url";
import { createGroup } from "@/lib/codes/groups";
import { listGroups } from "@/lib/codes/queries";
import { createGroupSchema } from "@/lib/codes/schemas";
import { getCampaign } from "@/lib/campaigns/queries";
import { AppError } from "@/lib/errors";

const params = z.object({ id: z.uuid() });

export const GET = apiRoute({ permission: "group:read", params }, async ({ actor, params, req }) => {
  if (!(await getCampaign(actor.orgId, params.id))) throw new AppError("not_found", "No such campaign.");
  const origin = publicOrigin(req);
  const rows = await listGroups(actor.orgId, params.id);
  return { items: rows.map((r) => toGroupDto(r.group, origin)), nextCursor: null };
});

// Answers 201 once every code of the group exists (one transaction); a million codes take ~25 s.
export const POST = apiRoute(
  { permission: "group:write", params, body: createGroupSchema },
  async ({ actor, params, body, req }) => {
    const group = await createGroup(actor, params.id, body);
    return json(toGroupDto(group, publicOrigin(req)), { status: 201 });
  },
);

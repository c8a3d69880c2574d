import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { toGroupDto } from "@/lib/codes/dto";
import { publicOrigin } from "@/lib/http/base-url";
import { getGroup } from "@/lib/codes/queries";
import { AppError } from "@/lib/errors";

const params = z.object({ id: z.uuid() });

export const GET = apiRoute({ permission: "group:read", params }, async ({ actor, params, req }) => {
  const row = await getGroup(actor.orgId, params.id);
  if (!row) throw new AppError("not_found", "No such code group.");
  return toGroupDto(row.group, publicOrigin(req));
});

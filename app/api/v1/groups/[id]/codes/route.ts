import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { toCodeDto } from "@/lib/codes/dto";
import { getGroup, listCodes } from "@/lib/codes/queries";
import { codeListQuerySchema } from "@/lib/codes/schemas";
import { AppError } from "@/lib/errors";

const params = z.object({ id: z.uuid() });

// A page of the group's codes (keyset cursor).
export const GET = apiRoute({ permission: "group:read", params, query: codeListQuerySchema }, async ({ actor, params, query }) => {
  if (!(await getGroup(actor.orgId, params.id))) throw new AppError("not_found", "No such code group.");
  const page = await listCodes(actor.orgId, params.id, query);
  return { items: page.items.map(toCodeDto), nextCursor: page.nextCursor };
});

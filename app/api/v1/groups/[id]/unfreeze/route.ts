import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { toGroupDto } from "@/lib/codes/dto";
import { publicOrigin } from "@/lib/http/base-url";
import { unfreezeGroup } from "@/lib/codes/groups";

const params = z.object({ id: z.uuid() });

export const POST = apiRoute({ permission: "group:freeze", params }, async ({ actor, params, req }) =>
  toGroupDto(await unfreezeGroup(actor, params.id), publicOrigin(req)),
);

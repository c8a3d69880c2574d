import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { freezeBodySchema, toGroupDto } from "@/lib/codes/dto";
import { publicOrigin } from "@/lib/http/base-url";
import { freezeGroup } from "@/lib/codes/groups";

const params = z.object({ id: z.uuid() });

// Stops claims and redemptions of every code in the group at once (audited, emits group.frozen).
export const POST = apiRoute(
  { permission: "group:freeze", params, body: freezeBodySchema },
  async ({ actor, params, body, req }) => toGroupDto(await freezeGroup(actor, params.id, body.reason), publicOrigin(req)),
);

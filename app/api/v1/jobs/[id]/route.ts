import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { getSend, toJobDto } from "@/lib/sends/sends";

const params = z.object({ id: z.uuid() });

// A send's progress: { status, done, total, errors } (errors: members who got nothing, by reason).
export const GET = apiRoute({ permission: "consumer:read", params }, async ({ actor, params }) => {
  const send = await getSend(actor.orgId, params.id);
  if (!send) throw new AppError("not_found", "No such job.");
  return toJobDto(send);
});

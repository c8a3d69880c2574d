import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { cancelSend, resumeSend, reviewSend, toJobDto } from "@/lib/sends/sends";

const params = z.object({ id: z.uuid(), action: z.enum(["approve", "reject", "cancel", "resume"]) });
const body = z.object({ comment: z.string().trim().max(500).optional() }).optional();

// approve / reject (send:approve: a reviewer, never the send's author); cancel, resume (send:create).
// The route admits both roles; each action checks its own permission (and the domain again).
export const POST = apiRoute({ permission: "consumer:read", params, body }, async ({ actor, params, body }) => {
  const review = params.action === "approve" || params.action === "reject";
  if (!can(actor.role, review ? "send:approve" : "send:create")) throw new AppError("forbidden", "Your role does not allow this action.");
  if (review) return toJobDto(await reviewSend(actor, params.id, { approve: params.action === "approve", comment: body?.comment }));
  return toJobDto(params.action === "cancel" ? await cancelSend(actor, params.id) : await resumeSend(actor, params.id));
});

import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { removeMember, updateMember } from "@/lib/members/mutations";
import { getMember, toMemberDto } from "@/lib/members/queries";
import { updateMemberSchema, userIdParamSchema } from "@/lib/members/schemas";

const params = userIdParamSchema;

// One member.
export const GET = apiRoute({ permission: "member:manage", params }, async ({ actor, params }) => {
  const member = await getMember(actor.orgId, params.userId);
  if (!member) throw new AppError("not_found", "No such member in this organisation.");
  return toMemberDto(member);
});

// Changes role, stores or influencer record; a demotion ends the person's sessions and revokes their keys.
export const PATCH = apiRoute({ permission: "member:manage", params, body: updateMemberSchema }, async ({ actor, params, body }) => {
  return toMemberDto(await updateMember(actor, params.userId, body));
});

// Removes the member: their sessions end and the keys they created here are revoked at once.
export const DELETE = apiRoute({ permission: "member:manage", params }, async ({ actor, params }) => {
  await removeMember(actor, params.userId);
  return new Response(null, { status: 204 });
});

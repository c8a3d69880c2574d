import { apiRoute, json } from "@/lib/api/handler";
import { publicOrigin } from "@/lib/http/base-url";
import { addMember } from "@/lib/members/mutations";
import { listMembers, toMemberDto } from "@/lib/members/queries";
import { addMemberSchema } from "@/lib/members/schemas";

// The organisation's members with their roles, stores and influencer records.
export const GET = apiRoute({ permission: "member:manage" }, async ({ actor }) => {
  const members = await listMembers(actor.orgId);
  return { items: members.map(toMemberDto) };
});

// Adds someone by email; for someone without an account the answer carries a one-time set-password link.
export const POST = apiRoute({ permission: "member:manage", body: addMemberSchema }, async ({ actor, body, req }) => {
  const { member, link } = await addMember(actor, body, publicOrigin(req));
  return json(
    { ...toMemberDto(member), setPasswordUrl: link?.url ?? null, setPasswordExpiresAt: link?.expiresAt.toISOString() ?? null },
    { status: 201 },
  );
});

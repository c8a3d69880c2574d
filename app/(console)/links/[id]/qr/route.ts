import { unstable_rethrow } from "next/navigation";
import { problem } from "@/lib/api/problem";
import { can } from "@/lib/auth/permissions";
import { requireContext } from "@/lib/auth/session";
import { claimLinkQrResponse } from "@/lib/codes/qr-response";
import { findPortalGroup } from "@/lib/insights/influencer";
import { consoleFailure } from "@/lib/http/console-failure";

// An influencer's own claim-link QR (?format=svg|png&size=screen|print, &download=1), the same image as
// /groups/<id>/qr. Influencers hold portal:read but not group:read, so this route asks for portal:read
// and then for a group bound to one of the user's own influencer profiles; a role that may read every
// group (the owner) gets any group of the organisation. Anyone else's group answers 404, like no group.
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    const ctx = await requireContext("portal:read");
    const group = await findPortalGroup(ctx.orgId, ctx.userId, id, { anyGroup: can(ctx.role, "group:read") });
    if (!group) return problem(404, "not_found", "No such code group.");
    return await claimLinkQrResponse(new URL(req.url), group.slug);
  } catch (e) {
    unstable_rethrow(e);
    return consoleFailure(req, e);
  }
}

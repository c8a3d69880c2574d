import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { consoleFailure } from "@/lib/http/console-failure";
import type { Actor } from "@/lib/auth/actor";
import type { Permission } from "@/lib/auth/permissions";
import { requireContext, type ConsoleContext } from "@/lib/auth/session";
import { clientIp } from "@/lib/http/client-ip";
import { getGroup } from "./queries";

type GroupWithCampaign = NonNullable<Awaited<ReturnType<typeof getGroup>>>;

export type GroupRouteInput = {
  req: Request;
  url: URL;
  ctx: ConsoleContext;
  actor: Actor;
  row: GroupWithCampaign;
  params: Record<string, string>;
};

const uuid = z.uuid();

/**
 * A console route handler under /groups/<id>/…: a signed-in member holding `permission`, and a group
 * of their organisation (another organisation's id answers 404, as an unknown one does). Failures
 * are problem details, or the console's own page for a person who opened the link (consoleFailure).
 */
export function groupRoute(permission: Permission, fn: (input: GroupRouteInput) => Promise<Response>) {
  return async (req: Request, { params }: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const p = await params;
      if (!uuid.safeParse(p.id).success) throw new AppError("not_found", "No such code group.");
      const ctx = await requireContext(permission);
      const row = await getGroup(ctx.orgId, p.id);
      if (!row) throw new AppError("not_found", "No such code group.");
      const h = await headers();
      const actor: Actor = { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") };
      return await fn({ req, url: new URL(req.url), ctx, actor, row, params: p });
    } catch (e) {
      unstable_rethrow(e);
      return consoleFailure(req, e);
    }
  };
}

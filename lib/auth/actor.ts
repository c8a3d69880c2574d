import { AppError } from "@/lib/errors";
import { can, type Permission, type Role } from "./permissions";

/** Whoever performs a domain action: a signed-in user or an API key, always inside one organisation. */
export type Actor = {
  orgId: string;
  role: Role;
  /** The user acting, or for an API key the user who created it (four-eyes checks compare this). */
  userId: string | null;
  apiKeyId: string | null;
  ip?: string | null;
  userAgent?: string | null;
};

/** Domain functions re-check the role matrix themselves; callers cannot forget it. */
export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw new AppError("forbidden", "Your role does not allow this action.");
}

/** The audit columns for this actor. */
export function auditActor(actor: Actor) {
  return { orgId: actor.orgId, actorUserId: actor.apiKeyId ? null : actor.userId, actorApiKeyId: actor.apiKeyId, ip: actor.ip, userAgent: actor.userAgent };
}

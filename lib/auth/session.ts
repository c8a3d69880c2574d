import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { asc, eq } from "drizzle-orm";
import { auth } from "@/auth";
import { db } from "@/db";
import { memberships, organizations, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import type { Actor } from "./actor";
import { can, type Permission, type Role } from "./permissions";

export const ACTIVE_ORG_COOKIE = "coupon_org";

export type OrgMembership = { orgId: string; slug: string; name: string; role: Role; timeZone: string };

/** Who is acting, in which organisation, with which role: re-read from the database per request. */
export type ConsoleContext = {
  kind: "user";
  userId: string;
  email: string;
  name: string;
  orgId: string;
  org: OrgMembership;
  role: Role;
  memberships: OrgMembership[];
};

/**
 * The signed-in user's id, or null without a session or when the user signed out after the session
 * was issued (signing out revokes on the server: a cookie set again by a request in flight is void).
 */
export const currentUserId = cache(async (): Promise<string | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const [user] = await db.select({ signedOutAt: users.signedOutAt }).from(users).where(eq(users.id, id));
  if (!user) return null;
  const authTime = (session as { authTime?: number }).authTime ?? 0;
  return user.signedOutAt && authTime * 1000 <= user.signedOutAt.getTime() ? null : id;
});

/** The signed-in user's context, or null when signed out or in no organisation. */
export const getConsoleContext = cache(async (): Promise<ConsoleContext | null> => {
  const userId = await currentUserId();
  if (!userId) return null;
  const rows = await db
    .select({
      orgId: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      timeZone: organizations.timeZone,
      role: memberships.role,
      email: users.email,
      userName: users.name,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
  if (rows.length === 0) return null;
  const wanted = (await cookies()).get(ACTIVE_ORG_COOKIE)?.value;
  const list: OrgMembership[] = rows.map((r) => ({
    orgId: r.orgId,
    slug: r.slug,
    name: r.name,
    role: r.role,
    timeZone: r.timeZone,
  }));
  const active = list.find((m) => m.orgId === wanted) ?? list[0];
  return {
    kind: "user",
    userId,
    email: rows[0].email,
    name: rows[0].userName,
    orgId: active.orgId,
    org: active,
    role: active.role,
    memberships: list,
  };
});

/** Signed in (possibly without an organisation yet): the user id, or a redirect to /login. */
export async function requireUserId(): Promise<string> {
  const id = await currentUserId();
  if (!id) redirect("/login");
  return id;
}

/** For pages: the context, redirecting signed-out visitors and answering 403 without the permission. */
export async function requirePageContext(permission?: Permission): Promise<ConsoleContext> {
  const ctx = await getConsoleContext();
  if (!ctx) redirect((await currentUserId()) ? "/onboarding" : "/login");
  if (permission && !can(ctx.role, permission)) forbidden();
  return ctx;
}

/** For server actions and routes: the context, or an AppError (401 / 403). */
export async function requireContext(permission?: Permission): Promise<ConsoleContext> {
  const ctx = await getConsoleContext();
  if (!ctx) throw new AppError("unauthorized", "Sign in to continue.");
  if (permission && !can(ctx.role, permission)) {
    throw new AppError("forbidden", "Your role does not allow this action.");
  }
  return ctx;
}

/** The signed-in member as the domain's Actor, with the request's IP and user agent for the audit log. */
export async function consoleActor(ctx: ConsoleContext): Promise<Actor> {
  const h = await headers();
  return { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") };
}

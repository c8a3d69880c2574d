import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { db, type Executor } from "@/db";
import { influencers, memberships, storeClerks, users } from "@/db/schema";
import type { Role } from "@/lib/auth/permissions";
import { NO_PASSWORD } from "./rules";

export type Member = {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
  lastLoginAt: Date | null;
  passwordSet: boolean;
  /** A clerk's stores in this organisation. */
  storeIds: string[];
  /** The influencer record an influencer member is linked to (the first, if several). */
  influencerId: string | null;
};

// Each member's stores and influencer record come as arrays from correlated subqueries: one statement.
function memberColumns(orgId: string) {
  return {
    userId: users.id,
    name: users.name,
    email: users.email,
    role: memberships.role,
    joinedAt: memberships.createdAt,
    lastLoginAt: users.lastLoginAt,
    passwordSet: sql<boolean>`${users.passwordHash} <> ${NO_PASSWORD}`,
    storeIds: sql<string[]>`array(select sc.store_id::text from ${storeClerks} sc where sc.org_id = ${orgId} and sc.user_id = ${users.id} order by sc.store_id)`,
    influencerId: sql<string | null>`(select i.id::text from ${influencers} i where i.org_id = ${orgId} and i.user_id = ${users.id} order by i.created_at limit 1)`,
  };
}

/** The members of an organisation with their roles, stores and influencer records, owners first. */
export async function listMembers(orgId: string, executor: Executor = db): Promise<Member[]> {
  return executor
    .select(memberColumns(orgId))
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.role), asc(users.name), asc(users.email));
}

/** One member of the organisation, or null. */
export async function getMember(orgId: string, userId: string, executor: Executor = db): Promise<Member | null> {
  const [row] = await executor
    .select(memberColumns(orgId))
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row ?? null;
}

/** A member as the API answers it. */
export function toMemberDto(m: Member) {
  return {
    userId: m.userId,
    email: m.email,
    name: m.name,
    role: m.role,
    storeIds: m.storeIds,
    influencerId: m.influencerId,
    createdAt: m.joinedAt.toISOString(),
    lastLoginAt: m.lastLoginAt?.toISOString() ?? null,
    passwordSet: m.passwordSet,
  };
}

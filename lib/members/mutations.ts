import "server-only";
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { db, rows, type Tx } from "@/db";
import { apiKeys, influencers, memberships, organizations, passwordTokens, storeClerks, stores, users } from "@/db/schema";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { checkAccountAttempt, clearAccountAttempts } from "@/lib/auth/login";
import { DUMMY_HASH, hashPassword, verifyPassword } from "@/lib/auth/password";
import { can, type Role } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getMember, type Member } from "./queries";
import {
  NO_PASSWORD,
  PASSWORD_LINK_TTL_MS,
  hashPasswordToken,
  isDemotion,
  keepsApiKeys,
  leavesNoOwner,
  newPasswordToken,
  passwordLink,
  type PasswordLinkKind,
} from "./rules";
import type { AddMemberInput, UpdateMemberInput } from "./schemas";

// Team management. Every change of an organisation's memberships runs in a transaction that first locks
// the organisation's row, so two owners demoting each other at once cannot both succeed and leave no owner.

export type PasswordLink = { url: string; expiresAt: Date };

const notMember = () => new AppError("not_found", "No such member in this organisation.");

/**
 * Locks the organisation's row for the rest of the transaction, then re-checks that the acting person
 * still may manage members: an owner demoted by a change that committed a moment ago acts no more.
 */
async function lockOrganization(tx: Tx, actor: Actor) {
  await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, actor.orgId)).for("update");
  if (actor.apiKeyId || !actor.userId) return;
  const [own] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, actor.orgId), eq(memberships.userId, actor.userId)));
  if (!own || !can(own.role, "member:manage")) throw new AppError("forbidden", "Your role does not allow this action.");
}

async function ownerCount(tx: Tx, orgId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")));
  return row.n;
}

function lastOwner(path: "role" | "_form"): AppError {
  return new AppError("invalid_state", "The organisation's last owner cannot be removed or given another role. Make someone else an owner first.", {
    errors: [{ path, message: "members.errors.lastOwner" }],
  });
}

/** Refuses store ids that are not open stores of the organisation. */
async function assertStores(tx: Tx, orgId: string, storeIds: string[]) {
  if (!storeIds.length) return;
  const found = await tx
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.orgId, orgId), isNull(stores.archivedAt), inArray(stores.id, storeIds)));
  if (found.length !== storeIds.length) {
    throw new AppError("invalid_input", "A chosen store does not exist in this organisation or is archived.", {
      errors: [{ path: "storeIds", message: "members.errors.storesUnknown" }],
    });
  }
}

/** Replaces a clerk's stores in this organisation (none for other roles). */
async function setStores(tx: Tx, orgId: string, userId: string, storeIds: string[]) {
  const ids = [...new Set(storeIds.map((id) => id.toLowerCase()))];
  await assertStores(tx, orgId, ids);
  await tx.delete(storeClerks).where(and(eq(storeClerks.orgId, orgId), eq(storeClerks.userId, userId)));
  if (ids.length) await tx.insert(storeClerks).values(ids.map((storeId) => ({ orgId, storeId, userId })));
}

/**
 * Links the member to one influencer record of the organisation (or none): the record must exist, be
 * open and not belong to someone else. Records linked to them before are unlinked.
 */
async function setInfluencer(tx: Tx, orgId: string, userId: string, influencerId: string | null) {
  if (influencerId) {
    const [row] = await tx
      .select({ id: influencers.id, userId: influencers.userId })
      .from(influencers)
      .where(and(eq(influencers.orgId, orgId), eq(influencers.id, influencerId), isNull(influencers.archivedAt)))
      .for("update");
    if (!row) {
      throw new AppError("invalid_input", "No such influencer in this organisation.", { errors: [{ path: "influencerId", message: "members.errors.influencer" }] });
    }
    if (row.userId && row.userId !== userId) {
      throw new AppError("conflict", "This influencer is already linked to another member.", {
        errors: [{ path: "influencerId", message: "members.errors.influencerTaken" }],
      });
    }
  }
  await tx
    .update(influencers)
    .set({ userId: null })
    .where(and(eq(influencers.orgId, orgId), eq(influencers.userId, userId), influencerId ? ne(influencers.id, influencerId) : sql`true`));
  if (influencerId) await tx.update(influencers).set({ userId }).where(and(eq(influencers.orgId, orgId), eq(influencers.id, influencerId)));
}

/** Ends every session of the user now (the session check compares sign-in times with this stamp). */
async function endSessions(tx: Tx, userId: string) {
  await tx.update(users).set({ signedOutAt: sql`clock_timestamp()` }).where(eq(users.id, userId));
}

/** Revokes the live keys the user created in this organisation; returns what was revoked, for the audit row. */
async function revokeKeysOf(tx: Tx, orgId: string, userId: string) {
  return tx
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.createdBy, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix });
}

/** A new one-time link for the user; earlier unused links of theirs stop working. */
async function issueLink(tx: Tx, actor: Actor, userId: string, kind: PasswordLinkKind, origin: string): Promise<PasswordLink> {
  await tx
    .update(passwordTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt)));
  const { token, hash } = newPasswordToken();
  const expiresAt = new Date(Date.now() + PASSWORD_LINK_TTL_MS[kind]);
  await tx.insert(passwordTokens).values({ userId, orgId: actor.orgId, kind, tokenHash: hash, expiresAt, createdBy: actor.userId });
  return { url: passwordLink(origin, token), expiresAt };
}

function auditView(m: Member) {
  return { email: m.email, role: m.role, storeIds: m.storeIds, influencerId: m.influencerId };
}

/**
 * Adds someone to the organisation by email with a role (stores for a clerk, the influencer record for
 * an influencer). Someone with an account is added as they are; for someone new an account without a
 * password is made, and the answer carries a one-time link to set one (never stored in clear).
 */
export async function addMember(actor: Actor, input: AddMemberInput, origin: string): Promise<{ member: Member; link: PasswordLink | null }> {
  assertCan(actor, "member:manage");
  const email = input.email.toLowerCase();
  return db.transaction(async (tx) => {
    await lockOrganization(tx, actor);
    const [created] = await tx
      .insert(users)
      .values({ email, name: input.name?.trim() || email.split("@")[0], passwordHash: NO_PASSWORD })
      .onConflictDoNothing()
      .returning({ id: users.id });
    const userId =
      created?.id ?? (await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email)))[0]?.id;
    if (!userId) throw new AppError("conflict", "This email could not be added; try again.");
    const [membership] = await tx
      .insert(memberships)
      .values({ orgId: actor.orgId, userId, role: input.role })
      .onConflictDoNothing()
      .returning({ userId: memberships.userId });
    if (!membership) {
      throw new AppError("conflict", "This person is already a member of the organisation.", {
        errors: [{ path: "email", message: "members.errors.alreadyMember" }],
      });
    }
    await setStores(tx, actor.orgId, userId, input.role === "clerk" ? (input.storeIds ?? []) : []);
    await setInfluencer(tx, actor.orgId, userId, input.role === "influencer" ? (input.influencerId ?? null) : null);
    const link = created ? await issueLink(tx, actor, userId, "invite", origin) : null;
    const member = (await getMember(actor.orgId, userId, tx))!;
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "member.added",
      entityType: "member",
      entityId: userId,
      after: { ...auditView(member), newAccount: Boolean(created), ...(link ? { setPasswordLinkExpiresAt: link.expiresAt } : {}) },
    });
    return { member, link };
  });
}

/**
 * Changes a member's role, stores or influencer record. A change that takes permissions away ends
 * their sessions at once, and a role that may not manage keys revokes the keys they created here.
 */
export async function updateMember(actor: Actor, userId: string, input: UpdateMemberInput): Promise<Member> {
  assertCan(actor, "member:manage");
  return db.transaction(async (tx) => {
    await lockOrganization(tx, actor);
    const before = await getMember(actor.orgId, userId, tx);
    if (!before) throw notMember();
    const role: Role = input.role ?? before.role;
    if (leavesNoOwner(await ownerCount(tx, actor.orgId), before.role, role)) throw lastOwner("role");
    const storeIds = role === "clerk" ? (input.storeIds ?? before.storeIds) : [];
    const influencerId = role === "influencer" ? (input.influencerId === undefined ? before.influencerId : input.influencerId) : null;
    if (role === "clerk" && !storeIds.length) {
      throw new AppError("invalid_input", "A clerk needs at least one store.", { errors: [{ path: "storeIds", message: "members.errors.stores" }] });
    }
    if (role === "influencer" && !influencerId) {
      throw new AppError("invalid_input", "An influencer member needs their influencer record.", {
        errors: [{ path: "influencerId", message: "members.errors.influencer" }],
      });
    }
    if (role !== before.role) {
      await tx.update(memberships).set({ role }).where(and(eq(memberships.orgId, actor.orgId), eq(memberships.userId, userId)));
    }
    await setStores(tx, actor.orgId, userId, storeIds);
    await setInfluencer(tx, actor.orgId, userId, influencerId);
    const demoted = isDemotion(before.role, role);
    if (demoted) await endSessions(tx, userId);
    const revokedKeys = keepsApiKeys(role) ? [] : await revokeKeysOf(tx, actor.orgId, userId);
    const after = (await getMember(actor.orgId, userId, tx))!;
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "member.updated",
      entityType: "member",
      entityId: userId,
      before: auditView(before),
      after: { ...auditView(after), ...(demoted ? { sessionsEnded: true } : {}), ...(revokedKeys.length ? { revokedApiKeys: revokedKeys } : {}) },
    });
    return after;
  });
}

/**
 * Removes a member: their role, store assignments and influencer link here go, their sessions end and
 * the keys they created here are revoked, at once. Their account and their history stay.
 */
export async function removeMember(actor: Actor, userId: string): Promise<void> {
  assertCan(actor, "member:manage");
  await db.transaction(async (tx) => {
    await lockOrganization(tx, actor);
    const before = await getMember(actor.orgId, userId, tx);
    if (!before) throw notMember();
    if (leavesNoOwner(await ownerCount(tx, actor.orgId), before.role, null)) throw lastOwner("_form");
    await setStores(tx, actor.orgId, userId, []);
    await setInfluencer(tx, actor.orgId, userId, null);
    await tx.delete(memberships).where(and(eq(memberships.orgId, actor.orgId), eq(memberships.userId, userId)));
    await tx
      .update(passwordTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(passwordTokens.orgId, actor.orgId), eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt)));
    await endSessions(tx, userId);
    const revokedKeys = await revokeKeysOf(tx, actor.orgId, userId);
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "member.removed",
      entityType: "member",
      entityId: userId,
      before: auditView(before),
      after: { sessionsEnded: true, ...(revokedKeys.length ? { revokedApiKeys: revokedKeys } : {}) },
    });
  });
}

/**
 * An owner's one-time reset link for a member. Only for someone whose every organisation the owner
 * also owns: a password is the person's, not one organisation's, and an owner of another organisation
 * must not be able to take over an account by adding it and resetting its password.
 */
export async function issuePasswordReset(actor: Actor, userId: string, origin: string): Promise<PasswordLink> {
  assertCan(actor, "member:manage");
  return db.transaction(async (tx) => {
    const member = await getMember(actor.orgId, userId, tx);
    if (!member) throw notMember();
    const [foreign] = await rows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from memberships m
          where m.user_id = ${userId}
            and not exists (select 1 from memberships a where a.user_id = ${actor.userId} and a.org_id = m.org_id and a.role = 'owner')`,
    );
    if (foreign.n > 0) {
      throw new AppError("forbidden", "This person also belongs to an organisation you do not own; they change their password themselves.", {
        errors: [{ path: "_form", message: "members.errors.resetForeign" }],
      });
    }
    const link = await issueLink(tx, actor, userId, member.passwordSet ? "reset" : "invite", origin);
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "member.passwordLinkIssued",
      entityType: "member",
      entityId: userId,
      after: { email: member.email, expiresAt: link.expiresAt },
    });
    return link;
  });
}

/** Sets a new password and ends every session of the user; audited in each of their organisations. */
async function storePassword(tx: Tx, userId: string, passwordHash: string, action: string, meta: { ip?: string | null; userAgent?: string | null }) {
  await tx.update(users).set({ passwordHash, signedOutAt: sql`clock_timestamp()` }).where(eq(users.id, userId));
  await tx
    .update(passwordTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt)));
  const orgs = await tx.select({ orgId: memberships.orgId }).from(memberships).where(eq(memberships.userId, userId));
  for (const { orgId } of orgs) {
    await writeAudit(tx, { orgId, actorUserId: userId, action, entityType: "user", entityId: userId, ip: meta.ip, userAgent: meta.userAgent });
  }
}

/**
 * Uses a one-time link: the token must be unused, unexpired, and its person still a member of the
 * organisation that issued it. One conditional update marks it used, so a link works once even when
 * submitted twice at the same moment. Returns the user's email (for the sign-in page).
 */
export async function setPasswordWithToken(token: string, password: string, meta: { ip?: string | null; userAgent?: string | null } = {}): Promise<{ email: string }> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(passwordTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(passwordTokens.tokenHash, hashPasswordToken(token)),
          isNull(passwordTokens.usedAt),
          sql`${passwordTokens.expiresAt} > now()`,
          sql`exists (select 1 from ${memberships} m where m.org_id = ${passwordTokens.orgId} and m.user_id = ${passwordTokens.userId})`,
        ),
      )
      .returning({ userId: passwordTokens.userId });
    if (!used) {
      throw new AppError("invalid_state", "This link is not valid: it was used already, has expired or was replaced by a newer one.", {
        errors: [{ path: "token", message: "account.errors.linkInvalid" }],
      });
    }
    await storePassword(tx, used.userId, passwordHash, "user.passwordSet", meta);
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, used.userId));
    return { email: user.email };
  });
}

/** The email a set-password link is for, while it can still be used (the page shows a form only then). */
export async function usablePasswordToken(token: string): Promise<{ email: string } | null> {
  const [row] = await db
    .select({ email: users.email })
    .from(passwordTokens)
    .innerJoin(users, eq(users.id, passwordTokens.userId))
    .innerJoin(memberships, and(eq(memberships.orgId, passwordTokens.orgId), eq(memberships.userId, passwordTokens.userId)))
    .where(and(eq(passwordTokens.tokenHash, hashPasswordToken(token)), isNull(passwordTokens.usedAt), sql`${passwordTokens.expiresAt} > now()`));
  return row ?? null;
}

/**
 * A signed-in user changes their own password; the current one proves it is them. Every session of
 * theirs ends (the caller signs the current browser in again). Wrong current passwords count against
 * the account's sign-in limit, so a stolen session cannot be used to guess it.
 */
export async function changeOwnPassword(
  userId: string,
  current: string,
  next: string,
  meta: { ip?: string | null; userAgent?: string | null } = {},
): Promise<{ email: string }> {
  const [user] = await db.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!(await checkAccountAttempt(user?.email ?? userId))) {
    throw new AppError("rate_limited", "Too many wrong passwords. Try again later.", { errors: [{ path: "currentPassword", message: "auth.errors.rateLimited" }] });
  }
  if (!(await verifyPassword(current, user?.passwordHash ?? DUMMY_HASH)) || !user) {
    throw new AppError("invalid_input", "The current password is wrong.", { errors: [{ path: "currentPassword", message: "account.errors.currentWrong" }] });
  }
  await clearAccountAttempts(user.email);
  const passwordHash = await hashPassword(next);
  await db.transaction((tx) => storePassword(tx, userId, passwordHash, "user.passwordChanged", meta));
  return { email: user.email };
}

import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLogs, memberships, passwordTokens, storeClerks, users } from "@/db/schema";
import { seedInfluencer, seedMember, seedStore, seedTestOrg, seedUser } from "@/db/seed/builders";
import { authenticateApiKey, createApiKey } from "@/lib/api/keys";
import type { Actor } from "@/lib/auth/actor";
import { verifyLogin } from "@/lib/auth/login";
import { verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { addMember, changeOwnPassword, issuePasswordReset, removeMember, setPasswordWithToken, updateMember } from "./mutations";
import { getMember, listMembers } from "./queries";

type Fixture = Awaited<ReturnType<typeof seedTestOrg>>;
let f: Fixture;
let other: Fixture;
let storeA: string;
let storeB: string;
let foreignStore: string;
const ORIGIN = "https://console.example";
const as = (role: Role, fx = f): Actor => ({ orgId: fx.org.id, role, userId: fx.users[role].id, apiKeyId: null });
const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;
const email = () => `m-${randomUUID().slice(0, 8)}@example.test`;

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return { code: e.code, fields: (e.errors ?? []).map((x) => `${x.path}:${x.message}`) };
}

async function signedOutAt(userId: string) {
  const [u] = await db.select({ at: users.signedOutAt }).from(users).where(eq(users.id, userId));
  return u.at;
}

async function audits(orgId: string, action: string, entityId: string) {
  return db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.action, action), eq(auditLogs.entityId, entityId)));
}

beforeAll(async () => {
  f = await seedTestOrg(db, `mem-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `mem-${randomUUID().slice(0, 8)}`);
  storeA = (await seedStore(db, { orgId: f.org.id, name: "A店" })).id;
  storeB = (await seedStore(db, { orgId: f.org.id, name: "B店" })).id;
  foreignStore = (await seedStore(db, { orgId: other.org.id, name: "别家店" })).id;
});

describe("adding a member", () => {
  it("makes an account without a password for someone new, with a one-time link that sets it once", async () => {
    const address = email();
    const { member, link } = await addMember(as("owner"), { email: address.toUpperCase(), name: "新店员", role: "clerk", storeIds: [storeA] }, ORIGIN);
    expect(member).toMatchObject({ email: address, name: "新店员", role: "clerk", storeIds: [storeA], passwordSet: false });
    expect(link!.url).toMatch(/^https:\/\/console\.example\/set-password\?token=[\w-]{43}$/);
    expect(link!.expiresAt.getTime() - Date.now()).toBeGreaterThan(71 * 3_600_000);
    // Only the hash is stored.
    const stored = await db.select().from(passwordTokens).where(eq(passwordTokens.userId, member.userId));
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toContain(tokenOf(link!.url));
    // Before the link is used nobody can sign in as them.
    expect(await verifyLogin(address, "", "10.0.0.1")).toBeNull();

    await setPasswordWithToken(tokenOf(link!.url), "new-secret-1");
    expect(await verifyLogin(address, "new-secret-1", "10.0.0.1")).toMatchObject({ id: member.userId });
    expect((await getMember(f.org.id, member.userId))?.passwordSet).toBe(true);
    expect(await audits(f.org.id, "user.passwordSet", member.userId)).toHaveLength(1);

    // Single use.
    expect(await refusal(setPasswordWithToken(tokenOf(link!.url), "other-secret"))).toEqual({ code: "invalid_state", fields: ["token:account.errors.linkInvalid"] });
    const [audit] = await audits(f.org.id, "member.added", member.userId);
    expect(audit.after).toMatchObject({ email: address, role: "clerk", newAccount: true, storeIds: [storeA] });
  });

  it("uses a link once even when submitted twice at the same moment", async () => {
    const { link } = await addMember(as("owner"), { email: email(), role: "marketer" }, ORIGIN);
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => setPasswordWithToken(tokenOf(link!.url), `secret-${i}-xx`)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("refuses an expired link", async () => {
    const { member, link } = await addMember(as("owner"), { email: email(), role: "marketer" }, ORIGIN);
    await db.update(passwordTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(passwordTokens.userId, member.userId));
    expect((await refusal(setPasswordWithToken(tokenOf(link!.url), "too-late-1"))).code).toBe("invalid_state");
  });

  it("adds someone who has an account as they are, without a link; twice is refused", async () => {
    const existing = await seedUser(db, { email: email(), name: "老用户", password: "their-own-1" });
    const { member, link } = await addMember(as("owner"), { email: existing.email, name: "ignored", role: "reviewer" }, ORIGIN);
    expect(link).toBeNull();
    expect(member).toMatchObject({ userId: existing.id, name: "老用户", role: "reviewer", passwordSet: true });
    expect(await refusal(addMember(as("owner"), { email: existing.email, role: "marketer" }, ORIGIN))).toEqual({
      code: "conflict",
      fields: ["email:members.errors.alreadyMember"],
    });
  });

  it("refuses stores of another organisation and leaves nothing behind", async () => {
    const address = email();
    expect((await refusal(addMember(as("owner"), { email: address, role: "clerk", storeIds: [storeA, foreignStore] }, ORIGIN))).fields).toEqual([
      "storeIds:members.errors.storesUnknown",
    ]);
    expect(await db.select().from(users).where(eq(users.email, address))).toEqual([]);
  });

  it("links an influencer member to their record, and refuses one linked to someone else", async () => {
    const record = await seedInfluencer(db, { orgId: f.org.id, displayName: "小鱼", platform: "douyin", handle: `fish-${randomUUID().slice(0, 6)}` });
    const { member } = await addMember(as("owner"), { email: email(), role: "influencer", influencerId: record.id }, ORIGIN);
    expect(member.influencerId).toBe(record.id);
    expect((await refusal(addMember(as("owner"), { email: email(), role: "influencer", influencerId: record.id }, ORIGIN))).fields).toEqual([
      "influencerId:members.errors.influencerTaken",
    ]);
  });

  it("is for owners only", async () => {
    expect((await refusal(addMember(as("marketer"), { email: email(), role: "clerk", storeIds: [storeA] }, ORIGIN))).code).toBe("forbidden");
  });
});

describe("changing and removing members", () => {
  it("a demoted owner's sessions end and the API keys they created stop working, at once", async () => {
    const { member } = await addMember(as("owner"), { email: email(), role: "owner" }, ORIGIN);
    const actorAsNewOwner: Actor = { orgId: f.org.id, role: "owner", userId: member.userId, apiKeyId: null };
    const { secret } = await createApiKey(actorAsNewOwner, { name: "POS", role: "clerk", storeIds: [storeA] });
    expect(await authenticateApiKey(secret)).not.toBeNull();
    expect(await signedOutAt(member.userId)).toBeNull();

    const after = await updateMember(as("owner"), member.userId, { role: "marketer" });
    expect(after.role).toBe("marketer");
    expect(await signedOutAt(member.userId)).not.toBeNull();
    expect(await authenticateApiKey(secret)).toBeNull();
    const [audit] = await audits(f.org.id, "member.updated", member.userId);
    expect(audit.after).toMatchObject({ role: "marketer", sessionsEnded: true, revokedApiKeys: [{ name: "POS" }] });
  });

  it("a promotion keeps the sessions; a clerk's stores change; leaving clerk drops them", async () => {
    const { member } = await addMember(as("owner"), { email: email(), role: "clerk", storeIds: [storeA] }, ORIGIN);
    expect((await updateMember(as("owner"), member.userId, { storeIds: [storeB, storeA] })).storeIds.sort()).toEqual([storeA, storeB].sort());
    expect(await signedOutAt(member.userId)).toBeNull();
    const promoted = await updateMember(as("owner"), member.userId, { role: "owner" });
    expect(promoted.storeIds).toEqual([]);
    expect(await signedOutAt(member.userId)).toBeNull();
    expect(await db.select().from(storeClerks).where(eq(storeClerks.userId, member.userId))).toEqual([]);
  });

  it("refuses a clerk without stores", async () => {
    const { member } = await addMember(as("owner"), { email: email(), role: "marketer" }, ORIGIN);
    expect((await refusal(updateMember(as("owner"), member.userId, { role: "clerk" }))).fields).toEqual(["storeIds:members.errors.stores"]);
  });

  it("removing a member ends their sessions, revokes their keys and drops their stores; history stays", async () => {
    const { member } = await addMember(as("owner"), { email: email(), role: "owner" }, ORIGIN);
    const { secret } = await createApiKey({ orgId: f.org.id, role: "owner", userId: member.userId, apiKeyId: null }, { name: "CRM", role: "marketer" });
    await removeMember(as("owner"), member.userId);
    expect(await getMember(f.org.id, member.userId)).toBeNull();
    expect(await authenticateApiKey(secret)).toBeNull();
    expect(await signedOutAt(member.userId)).not.toBeNull();
    const [audit] = await audits(f.org.id, "member.removed", member.userId);
    expect(audit.before).toMatchObject({ role: "owner" });
    expect(audit.after).toMatchObject({ sessionsEnded: true, revokedApiKeys: [{ name: "CRM" }] });
    expect((await refusal(removeMember(as("owner"), member.userId))).code).toBe("not_found");
  });

  it("cannot reach another organisation's member", async () => {
    expect((await refusal(updateMember(as("owner"), other.users.marketer.id, { role: "reviewer" }))).code).toBe("not_found");
    expect((await refusal(removeMember(as("owner"), other.users.marketer.id))).code).toBe("not_found");
    expect((await listMembers(f.org.id)).some((m) => m.userId === other.users.marketer.id)).toBe(false);
  });

  it("never removes or demotes the last owner, even when two owners demote each other at once", async () => {
    const solo = await seedTestOrg(db, `solo-${randomUUID().slice(0, 8)}`);
    expect(await refusal(removeMember(as("owner", solo), solo.users.owner.id))).toEqual({ code: "invalid_state", fields: ["_form:members.errors.lastOwner"] });
    expect(await refusal(updateMember(as("owner", solo), solo.users.owner.id, { role: "marketer" }))).toEqual({
      code: "invalid_state",
      fields: ["role:members.errors.lastOwner"],
    });

    // Two owners demote (or remove) each other at the same moment: one wins, the other is no owner by then.
    for (const verb of ["demote", "remove"] as const) {
      const org = await seedTestOrg(db, `duo-${randomUUID().slice(0, 8)}`);
      const second = await seedUser(db, { email: email(), name: "second owner" });
      await seedMember(db, { orgId: org.org.id, userId: second.id, role: "owner" });
      const actorOf = (userId: string): Actor => ({ orgId: org.org.id, role: "owner", userId, apiKeyId: null });
      const act = (by: string, target: string) =>
        verb === "demote" ? updateMember(actorOf(by), target, { role: "marketer" }) : removeMember(actorOf(by), target);
      const results = await Promise.allSettled([act(org.users.owner.id, second.id), act(second.id, org.users.owner.id)]);
      expect(results.filter((r) => r.status === "fulfilled"), verb).toHaveLength(1);
      const owners = await db.select().from(memberships).where(and(eq(memberships.orgId, org.org.id), eq(memberships.role, "owner")));
      expect(owners, verb).toHaveLength(1);
    }
  });
});

describe("passwords", () => {
  it("an owner's reset link sets a new password and ends the member's sessions; an older link dies", async () => {
    const user = await seedUser(db, { email: email(), name: "忘记密码", password: "old-password-1" });
    await seedMember(db, { orgId: f.org.id, userId: user.id, role: "marketer" });
    const first = await issuePasswordReset(as("owner"), user.id, ORIGIN);
    const second = await issuePasswordReset(as("owner"), user.id, ORIGIN);
    expect((await refusal(setPasswordWithToken(tokenOf(first.url), "new-password-1"))).code).toBe("invalid_state");
    await setPasswordWithToken(tokenOf(second.url), "new-password-2");
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword("new-password-2", row.passwordHash)).toBe(true);
    expect(row.signedOutAt).not.toBeNull();
    expect(await audits(f.org.id, "member.passwordLinkIssued", user.id)).toHaveLength(2);
  });

  it("an owner cannot reset the password of someone who also belongs to an organisation they do not own", async () => {
    // The other organisation's owner, added here: resetting their password would hand over that organisation.
    await addMember(as("owner"), { email: other.users.owner.email, role: "marketer" }, ORIGIN);
    expect(await refusal(issuePasswordReset(as("owner"), other.users.owner.id, ORIGIN))).toEqual({ code: "forbidden", fields: ["_form:members.errors.resetForeign"] });
  });

  it("a link dies when its member is removed", async () => {
    const { member, link } = await addMember(as("owner"), { email: email(), role: "marketer" }, ORIGIN);
    await removeMember(as("owner"), member.userId);
    expect((await refusal(setPasswordWithToken(tokenOf(link!.url), "never-mind-1"))).code).toBe("invalid_state");
  });

  it("a user changes their own password with the current one; their sessions end", async () => {
    const user = await seedUser(db, { email: email(), name: "自己改", password: "current-pass-1" });
    await seedMember(db, { orgId: f.org.id, userId: user.id, role: "reviewer" });
    expect(await refusal(changeOwnPassword(user.id, "wrong-one", "next-pass-1"))).toEqual({ code: "invalid_input", fields: ["currentPassword:account.errors.currentWrong"] });
    await changeOwnPassword(user.id, "current-pass-1", "next-pass-1");
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword("next-pass-1", row.passwordHash)).toBe(true);
    expect(row.signedOutAt).not.toBeNull();
    expect(await audits(f.org.id, "user.passwordChanged", user.id)).toHaveLength(1);
  });
});

describe("sign-in lockout", () => {
  it("checks at most the account's limit of wrong passwords, however many arrive at once", async () => {
    vi.stubEnv("RATE_LIMIT_LOGIN_PER_ACCOUNT", "5");
    const user = await seedUser(db, { email: email(), name: "target", password: "right-password-1" });
    // 50 at once, each from its own address so only the account limit applies.
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => verifyLogin(user.email, `wrong-${i}`, `10.9.${i}.1`)));
    expect(results.filter((r) => r === null)).toHaveLength(5);
    expect(results.filter((r) => r === "rate_limited")).toHaveLength(45);
    // Locked now, even with the right password.
    expect(await verifyLogin(user.email, "right-password-1", "10.9.99.1")).toBe("rate_limited");
  });
});

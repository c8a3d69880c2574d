import { createHash, randomBytes } from "node:crypto";
import { PERMISSIONS, can, type Role } from "@/lib/auth/permissions";

// Rules of team management, pure: what a role change means for a person's sessions and keys, and the
// one-time password links.

/** A role change that takes away any permission: the person's sessions end at once. */
export function isDemotion(from: Role, to: Role): boolean {
  return PERMISSIONS.some((p) => can(from, p) && !can(to, p));
}

/** Whether the keys a person created stay valid in their new role (only key managers' keys do). */
export function keepsApiKeys(role: Role): boolean {
  return can(role, "apikey:manage");
}

/**
 * Refuses what would leave an organisation without an owner: removing or demoting its last one.
 * `owners` is the number of owners now, the target included when they are one.
 */
export function leavesNoOwner(owners: number, target: Role, next: Role | null): boolean {
  return target === "owner" && next !== "owner" && owners <= 1;
}

/** How long a set-password link works: a new member's invitation, and a reset. */
export const PASSWORD_LINK_TTL_MS = { invite: 72 * 3_600_000, reset: 24 * 3_600_000 } as const;
export type PasswordLinkKind = keyof typeof PASSWORD_LINK_TTL_MS;

/** A new link token (256 random bits, base64url) and the hash that is stored instead of it. */
export function newPasswordToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashPasswordToken(token) };
}

export function hashPasswordToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A token as a link carries it: 43 base64url characters. */
export const PASSWORD_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The set-password page for a token, under the site's origin. */
export function passwordLink(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, "")}/set-password?token=${token}`;
}

/**
 * The stored password hash of a user who has not set a password yet: not in scrypt's format, so no
 * password ever verifies against it.
 */
export const NO_PASSWORD = "!unset";

import "server-only";
import { eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { users } from "@/db/schema";
import { consume, loginLimiters } from "@/lib/security/rate-limit";
import { isAppError } from "@/lib/errors";
import { DUMMY_HASH, verifyPassword } from "./password";

/**
 * Counts one password attempt against the account before the password is checked: the counter is
 * one atomic increment (Redis, or an upsert in PostgreSQL), so however many attempts run at once, at
 * most RATE_LIMIT_LOGIN_PER_ACCOUNT are checked per window. False when the account is locked.
 */
export async function checkAccountAttempt(email: string): Promise<boolean> {
  try {
    await consume(loginLimiters().account, email.toLowerCase());
    return true;
  } catch (e) {
    if (isAppError(e)) return false;
    throw e;
  }
}

/** A correct password clears the account's failed attempts. */
export async function clearAccountAttempts(email: string) {
  await loginLimiters().account.delete(email.toLowerCase());
}

/**
 * Checks an email and password. Limits: every attempt counts against the IP and, before the password
 * is checked, against the account; a success clears the account's count.
 */
export async function verifyLogin(
  email: string,
  password: string,
  ip: string,
): Promise<{ id: string; email: string; name: string } | null | "rate_limited"> {
  try {
    await consume(loginLimiters().ip, ip);
  } catch (e) {
    if (isAppError(e)) return "rate_limited";
    throw e;
  }
  if (!(await checkAccountAttempt(email))) return "rate_limited";

  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .limit(1);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) return null;
  await clearAccountAttempts(email);
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return { id: user.id, email: user.email, name: user.name };
}

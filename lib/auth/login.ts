import "server-only";
import { eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { users } from "@/db/schema";
import { blockedFor, consume, loginLimiters } from "@/lib/security/rate-limit";
import { isAppError } from "@/lib/errors";
import { DUMMY_HASH, verifyPassword } from "./password";

/**
 * Checks an email and password. Limits: every attempt counts against the IP; failures count
 * against the account, and a success clears them.
 */
export async function verifyLogin(
  email: string,
  password: string,
  ip: string,
): Promise<{ id: string; email: string; name: string } | null | "rate_limited"> {
  const limits = loginLimiters();
  try {
    await consume(limits.ip, ip);
  } catch (e) {
    if (isAppError(e)) return "rate_limited";
    throw e;
  }
  if ((await blockedFor(limits.account, email)) > 0) return "rate_limited";

  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .limit(1);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) {
    await limits.account.penalty(email, 1);
    return null;
  }
  await limits.account.delete(email);
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return { id: user.id, email: user.email, name: user.name };
}

import "server-only";
import { memberships, organizations, users } from "@/db/schema";
import { db, type Executor } from "@/db";
import { writeAudit } from "@/lib/audit/log";
import { hashPassword } from "@/lib/auth/password";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { CreateOrganizationInput, RegisterInput } from "./schemas";

/** Turns a unique violation into the field error a person can fix; anything else is rethrown as is. */
function conflictFrom(e: unknown): unknown {
  if (isUniqueViolation(e, "users_email_key")) {
    return new AppError("conflict", "This email already has an account.", {
      errors: [{ path: "email", message: "validation.emailTaken" }],
    });
  }
  if (isUniqueViolation(e, "organizations_slug_unique")) {
    return new AppError("conflict", "This organisation address is taken.", {
      errors: [{ path: "orgSlug", message: "validation.slugTaken" }],
    });
  }
  return e;
}

async function insertOrganizationWithOwner(tx: Executor, userId: string, input: CreateOrganizationInput) {
  const [org] = await tx
    .insert(organizations)
    .values({ name: input.orgName, slug: input.orgSlug })
    .returning({ id: organizations.id, slug: organizations.slug });
  await tx.insert(memberships).values({ orgId: org.id, userId, role: "owner" });
  await writeAudit(tx, {
    orgId: org.id,
    actorUserId: userId,
    action: "organization.created",
    entityType: "organization",
    entityId: org.id,
    after: { name: input.orgName, slug: input.orgSlug },
  });
  return org;
}

/**
 * Signs a new person up: their user, their organisation and their owner membership in one transaction.
 * Duplicates are caught by the unique indexes (not a read first), so two racing sign-ups cannot both win
 * and a refused one leaves no row behind.
 */
export async function createOrganizationWithOwner(
  input: RegisterInput,
  executor: Executor = db,
): Promise<{ userId: string; orgId: string }> {
  // Hashing is slow on purpose; do it before the transaction holds a connection.
  const passwordHash = await hashPassword(input.password);
  try {
    return await executor.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ email: input.email.toLowerCase(), name: input.name, passwordHash })
        .returning({ id: users.id });
      const org = await insertOrganizationWithOwner(tx, user.id, input);
      return { userId: user.id, orgId: org.id };
    });
  } catch (e) {
    throw conflictFrom(e);
  }
}

/** A signed-in user creates another organisation and becomes its owner. */
export async function createOrganizationForUser(
  userId: string,
  input: CreateOrganizationInput,
  executor: Executor = db,
): Promise<{ orgId: string }> {
  try {
    return await executor.transaction(async (tx) => {
      const org = await insertOrganizationWithOwner(tx, userId, input);
      return { orgId: org.id };
    });
  } catch (e) {
    throw conflictFrom(e);
  }
}

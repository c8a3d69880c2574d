import "server-only";
import { eq, sql } from "drizzle-orm";
import { memberships, organizations, users } from "@/db/schema";
import { db, type Executor } from "@/db";
import { writeAudit } from "@/lib/audit/log";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { describeLogo, isUploadedLogo, logoDataUrl } from "./brand";
import { reversalWindowMinutes } from "@/lib/redemptions/rules";
import { audienceSettings, audienceSettingsSchema, type AudienceSettings } from "@/lib/sends/rules";
import type { CreateOrganizationInput, OrganizationSettingsInput, RedemptionSettingsInput, RegisterInput } from "./schemas";

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

function fieldError(path: string, message: string): AppError {
  return new AppError("invalid_input", "The organisation settings are not valid.", { errors: [{ path, message }] });
}

/** Days are counted in SQL: a zone JavaScript knows but this database's tzdata does not is refused. */
async function assertDatabaseKnowsZone(timeZone: string): Promise<void> {
  try {
    await db.execute(sql`select now() at time zone ${timeZone}`);
  } catch {
    throw fieldError("timeZone", "settings.brand.errors.timeZone");
  }
}

/**
 * The owner changes the organisation's name, time zone and brand (colour and logo), with an audit row.
 * `logoFile` is the bytes of a newly uploaded logo: stored as a data: URL after its type is read from
 * its bytes (PNG, JPEG or WebP; never SVG) and its size checked. With `logoSource: "upload"` and no new
 * file, an already uploaded logo is kept.
 */
export async function updateOrganizationSettings(
  actor: Actor,
  input: OrganizationSettingsInput,
  logoFile?: Uint8Array | null,
): Promise<typeof organizations.$inferSelect> {
  assertCan(actor, "settings:manage");
  let upload: string | null = null;
  if (input.logoSource === "upload" && logoFile && logoFile.length > 0) {
    const logo = logoDataUrl(logoFile);
    if (!logo.ok) throw fieldError("logoFile", logo.error);
    upload = logo.url;
  }
  await assertDatabaseKnowsZone(input.timeZone);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(organizations).where(eq(organizations.id, actor.orgId)).for("update");
    if (!before) throw new AppError("not_found", "No such organisation.");
    let logoUrl: string | null = input.logoUrl;
    if (input.logoSource === "upload") {
      logoUrl = upload ?? (isUploadedLogo(before.logoUrl) ? before.logoUrl : null);
      if (!logoUrl) throw fieldError("logoFile", "settings.brand.errors.logoFileRequired");
    }
    const [row] = await tx
      .update(organizations)
      .set({ name: input.name, timeZone: input.timeZone, brandColor: input.brandColor, logoUrl })
      .where(eq(organizations.id, actor.orgId))
      .returning();
    const view = (o: typeof row) => ({ name: o.name, timeZone: o.timeZone, brandColor: o.brandColor, logo: describeLogo(o.logoUrl) });
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "organization.updated",
      entityType: "organization",
      entityId: actor.orgId,
      before: view(before),
      after: view(row),
    });
    return row;
  });
}

/**
 * The owner sets how long clerks may reverse a redemption, with an audit row. Only this key of the
 * settings JSON is written (a jsonb merge in the UPDATE), so a concurrent change of another setting is kept.
 */
export async function updateRedemptionSettings(actor: Actor, input: RedemptionSettingsInput): Promise<{ reversalWindowMinutes: number }> {
  assertCan(actor, "settings:manage");
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ settings: organizations.settings })
      .from(organizations)
      .where(eq(organizations.id, actor.orgId))
      .for("update");
    if (!before) throw new AppError("not_found", "No such organisation.");
    const [row] = await tx
      .update(organizations)
      .set({ settings: sql`${organizations.settings} || jsonb_build_object('reversalWindowMinutes', ${input.reversalWindowMinutes}::int)` })
      .where(eq(organizations.id, actor.orgId))
      .returning({ settings: organizations.settings });
    const after = { reversalWindowMinutes: reversalWindowMinutes(row.settings) };
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "organization.updated",
      entityType: "organization",
      entityId: actor.orgId,
      before: { reversalWindowMinutes: reversalWindowMinutes(before.settings) },
      after,
    });
    return after;
  });
}

/**
 * The owner's settings for consumers and texts (quiet hours, when a send needs approval, how long
 * inactive consumers are kept), merged into the settings JSON and audited.
 */
export async function updateAudienceSettings(actor: Actor, input: AudienceSettings): Promise<AudienceSettings> {
  assertCan(actor, "settings:manage");
  const parsed = audienceSettingsSchema.parse(input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ settings: organizations.settings }).from(organizations).where(eq(organizations.id, actor.orgId)).for("update");
    if (!before) throw new AppError("not_found", "No such organisation.");
    const [row] = await tx
      .update(organizations)
      .set({ settings: sql`${organizations.settings} || ${JSON.stringify(parsed)}::jsonb` })
      .where(eq(organizations.id, actor.orgId))
      .returning({ settings: organizations.settings });
    const after = audienceSettings(row.settings);
    await writeAudit(tx, { ...auditActor(actor), action: "organization.updated", entityType: "organization", entityId: actor.orgId, before: audienceSettings(before.settings), after });
    return after;
  });
}

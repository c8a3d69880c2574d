import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Executor } from "@/db";
import { influencers, memberships } from "@/db/schema";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { AppError } from "@/lib/errors";
import type { InfluencerInput } from "./schemas";

export type Influencer = typeof influencers.$inferSelect;

function notFound(): AppError {
  return new AppError("not_found", "No such influencer.");
}

/** A malformed id can name no row; refusing it here keeps Postgres from answering with a cast error (500). */
function assertId(id: string): void {
  if (!z.uuid().safeParse(id).success) throw notFound();
}

/** A linked user must be a member of this organisation with role `influencer` (they then see the influencer's links). */
async function assertInfluencerAccount(tx: Executor, orgId: string, userId: string | null | undefined): Promise<void> {
  if (!userId) return;
  const [member] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId), eq(memberships.role, "influencer")))
    .limit(1);
  if (!member) {
    throw new AppError("invalid_input", "The linked user is not an influencer of this organisation.", {
      errors: [{ path: "userId", message: "influencers.errors.userNotInfluencer" }],
    });
  }
}

function columns(input: InfluencerInput) {
  return {
    displayName: input.displayName,
    platform: input.platform,
    handle: input.handle,
    notes: input.notes,
    userId: input.userId ?? null,
  };
}

/**
 * One influencer per platform and handle (case-insensitive) in an organisation, archived ones included
 * (restore that one instead). The advisory lock makes two people adding the same handle at once take
 * turns, so the second sees the first. The refusal names the existing influencer.
 */
async function assertHandleFree(tx: Executor, orgId: string, input: InfluencerInput, self?: string) {
  const handle = input.handle.trim();
  if (!handle) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`influencer:${orgId}:${input.platform}:${handle.toLowerCase()}`}, 0))`);
  const [existing] = await tx
    .select({ id: influencers.id, displayName: influencers.displayName })
    .from(influencers)
    .where(
      and(
        eq(influencers.orgId, orgId),
        eq(influencers.platform, input.platform),
        sql`lower(${influencers.handle}) = ${handle.toLowerCase()}`,
        self ? ne(influencers.id, self) : undefined,
      ),
    )
    .limit(1);
  if (existing) {
    throw new AppError("conflict", `${existing.displayName} already has this handle on this platform.`, {
      errors: [{ path: "handle", message: "influencers.errors.duplicate" }],
      details: { existingId: existing.id, existingName: existing.displayName },
    });
  }
}

/** A new influencer of the actor's organisation. */
export async function createInfluencer(actor: Actor, input: InfluencerInput): Promise<Influencer> {
  assertCan(actor, "influencer:write");
  return db.transaction(async (tx) => {
    await assertInfluencerAccount(tx, actor.orgId, input.userId);
    await assertHandleFree(tx, actor.orgId, input);
    const [row] = await tx
      .insert(influencers)
      .values({ orgId: actor.orgId, ...columns(input) })
      .returning();
    await writeAudit(tx, { ...auditActor(actor), action: "influencer.created", entityType: "influencer", entityId: row.id, after: row });
    return row;
  });
}

/** Replaces an influencer's fields; archived influencers are read-only until restored. */
export async function updateInfluencer(actor: Actor, id: string, input: InfluencerInput): Promise<Influencer> {
  assertCan(actor, "influencer:write");
  assertId(id);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(influencers)
      .where(and(eq(influencers.id, id), eq(influencers.orgId, actor.orgId)))
      .for("update");
    if (!before) throw notFound();
    if (before.archivedAt) throw new AppError("invalid_state", "Restore the influencer before editing it.");
    await assertInfluencerAccount(tx, actor.orgId, input.userId);
    await assertHandleFree(tx, actor.orgId, input, id);
    const [row] = await tx
      .update(influencers)
      .set(columns(input))
      .where(and(eq(influencers.id, id), eq(influencers.orgId, actor.orgId)))
      .returning();
    await writeAudit(tx, { ...auditActor(actor), action: "influencer.updated", entityType: "influencer", entityId: id, before, after: row });
    return row;
  });
}

/**
 * Archives (or, with `archived: false`, restores) an influencer. Archived influencers leave the lists and
 * pickers; their code groups and history stay. The row lock makes a double click a refusal, not a second change.
 */
async function setArchived(actor: Actor, id: string, archived: boolean): Promise<Influencer> {
  assertCan(actor, "influencer:write");
  assertId(id);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(influencers)
      .where(and(eq(influencers.id, id), eq(influencers.orgId, actor.orgId)))
      .for("update");
    if (!before) throw notFound();
    if (Boolean(before.archivedAt) === archived) {
      throw new AppError("invalid_state", archived ? "The influencer is already archived." : "The influencer is not archived.");
    }
    const [row] = await tx
      .update(influencers)
      .set({ archivedAt: archived ? new Date() : null })
      .where(and(eq(influencers.id, id), eq(influencers.orgId, actor.orgId)))
      .returning();
    await writeAudit(tx, {
      ...auditActor(actor),
      action: archived ? "influencer.archived" : "influencer.restored",
      entityType: "influencer",
      entityId: id,
      before: { archivedAt: before.archivedAt },
      after: { archivedAt: row.archivedAt },
    });
    return row;
  });
}

/** Archives an influencer of the actor's organisation. */
export function archiveInfluencer(actor: Actor, id: string): Promise<Influencer> {
  return setArchived(actor, id, true);
}

/** Brings an archived influencer back. */
export function restoreInfluencer(actor: Actor, id: string): Promise<Influencer> {
  return setArchived(actor, id, false);
}

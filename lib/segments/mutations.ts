import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { campaigns, segments } from "@/db/schema";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { Segment } from "./queries";
import type { SegmentInput } from "./schemas";

const nameTaken = () =>
  new AppError("conflict", "Another segment already has this name.", { errors: [{ path: "name", message: "segments.errors.nameTaken" }] });
const notFound = () => new AppError("not_found", "No such segment.");

export async function createSegment(actor: Actor, input: SegmentInput): Promise<Segment> {
  assertCan(actor, "consumer:write");
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(segments).values({ orgId: actor.orgId, name: input.name, rules: input.rules, createdBy: actor.userId }).returning();
      await writeAudit(tx, { ...auditActor(actor), action: "segment.created", entityType: "segment", entityId: row.id, after: { name: row.name, rules: row.rules } });
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e, "segments_org_name_key")) throw nameTaken();
    throw e;
  }
}

/**
 * Changes a segment's name or rules. A campaign whose audience it is applies the new rules from the
 * next claim on; a running send reads its own copy of the rules, taken when it was asked for.
 */
export async function updateSegment(actor: Actor, id: string, input: Partial<SegmentInput>): Promise<Segment> {
  assertCan(actor, "consumer:write");
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(segments).where(and(eq(segments.id, id), eq(segments.orgId, actor.orgId))).for("update");
      if (!before) throw notFound();
      const [row] = await tx
        .update(segments)
        .set({ name: input.name ?? before.name, rules: input.rules ?? before.rules, updatedAt: sql`now()` })
        .where(eq(segments.id, id))
        .returning();
      await writeAudit(tx, {
        ...auditActor(actor),
        action: "segment.updated",
        entityType: "segment",
        entityId: id,
        before: { name: before.name, rules: before.rules },
        after: { name: row.name, rules: row.rules },
      });
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e, "segments_org_name_key")) throw nameTaken();
    throw e;
  }
}

/** Deletes a segment no campaign uses as its audience (their claims would have no rules to check). */
export async function deleteSegment(actor: Actor, id: string): Promise<void> {
  assertCan(actor, "consumer:write");
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(segments).where(and(eq(segments.id, id), eq(segments.orgId, actor.orgId))).for("update");
    if (!before) throw notFound();
    const [used] = await tx.select({ name: campaigns.name }).from(campaigns).where(and(eq(campaigns.orgId, actor.orgId), eq(campaigns.segmentId, id))).limit(1);
    if (used) {
      throw new AppError("invalid_state", `The campaign "${used.name}" uses this segment as its audience.`, {
        errors: [{ path: "_form", message: "segments.errors.inUse" }],
      });
    }
    await tx.delete(segments).where(eq(segments.id, id));
    await writeAudit(tx, { ...auditActor(actor), action: "segment.deleted", entityType: "segment", entityId: id, before: { name: before.name, rules: before.rules } });
  });
}

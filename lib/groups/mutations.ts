import "server-only";
import { and, asc, eq, gte, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Executor } from "@/db";
import { campaigns, claims, codeGroups, groupVariants } from "@/db/schema";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { AppError } from "@/lib/errors";
import { VARIANT_LABELS, variantFieldsFor, variantsAllowed, type VariantField } from "./rules";
import { setVariantsSchema, type SetVariantsInput } from "./schemas";

export type GroupVariant = typeof groupVariants.$inferSelect;

const OVERRIDES: readonly VariantField[] = ["value", "minSpend", "percentOff", "maxDiscount", "tiers"];

function notFound(): AppError {
  return new AppError("not_found", "No such code group.");
}

/** A malformed id can name no row; refusing it here keeps Postgres from answering with a cast error (500). */
function assertId(id: string): void {
  if (!z.uuid().safeParse(id).success) throw notFound();
}

/** The group (locked for the change) and its campaign's type, in the actor's organisation. */
async function lockGroup(tx: Executor, orgId: string, groupId: string) {
  const [row] = await tx
    .select({ group: codeGroups, campaignType: campaigns.type })
    .from(codeGroups)
    .innerJoin(campaigns, and(eq(campaigns.id, codeGroups.campaignId), eq(campaigns.orgId, orgId)))
    .where(and(eq(codeGroups.id, groupId), eq(codeGroups.orgId, orgId)))
    .for("update", { of: codeGroups });
  if (!row) throw notFound();
  return row;
}

async function variantsOf(tx: Executor, orgId: string, groupId: string): Promise<GroupVariant[]> {
  return tx
    .select()
    .from(groupVariants)
    .where(and(eq(groupVariants.orgId, orgId), eq(groupVariants.groupId, groupId)))
    .orderBy(asc(groupVariants.position));
}

async function hasClaims(tx: Executor, orgId: string, groupId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: claims.id })
    .from(claims)
    .where(and(eq(claims.orgId, orgId), eq(claims.groupId, groupId)))
    .limit(1);
  return Boolean(row);
}

/**
 * Replaces the A/B variants of a unique group: 2–4 (labels A–D unless given), or none to end the
 * test. Each variant overrides only the fields its campaign's type has; gifts and stored-value cards
 * take none. Only before the group's first claim: changing the buckets mid-test would mix the results
 * of two different tests. A claim racing the edit either finishes first, and the edit is refused,
 * or waits for it and gets one of the new variants (the group's variant lock, migration 0020).
 */
export async function setGroupVariants(actor: Actor, groupId: string, input: SetVariantsInput): Promise<GroupVariant[]> {
  assertCan(actor, "group:write");
  assertId(groupId);
  const parsed = setVariantsSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("invalid_input", "The variants are not valid.", {
      errors: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  const wanted = parsed.data.variants;
  return db.transaction(async (tx) => {
    // Claims take this lock shared while they pick a variant (migration 0020): holding it, no claim is
    // half-way, so the check for claims below sees every claim that got a variant, and later ones get
    // the new variants. Taken before the group's row lock, which a claim's insert waits on.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('group-variants:' || ${groupId}::uuid::text, 0))`);
    const { group, campaignType } = await lockGroup(tx, actor.orgId, groupId);
    if (group.mode !== "unique") {
      throw new AppError("invalid_state", "A/B variants need a group of unique codes: a shared code is the same for everyone.", { details: { reason: "not_unique" } });
    }
    if (wanted.length > 0 && !variantsAllowed(campaignType)) {
      throw new AppError("invalid_state", "Gift and stored-value offers cannot be A/B tested: there is no amount to vary.", { details: { reason: "type" } });
    }
    const allowed = variantFieldsFor(campaignType);
    const misplaced = wanted.flatMap((v, i) =>
      OVERRIDES.filter((f) => v[f] !== null && !allowed.includes(f)).map((f) => ({ path: `variants.${i}.${f}`, message: "groups.ab.errors.fieldNotForType" })),
    );
    if (misplaced.length) throw new AppError("invalid_input", "A variant overrides a field this offer type does not have.", { errors: misplaced });
    if (await hasClaims(tx, actor.orgId, groupId)) {
      throw new AppError("invalid_state", "Codes of this group have been claimed: its variants can no longer change, or the test's results would mix.", {
        details: { reason: "claimed" },
      });
    }
    const before = await variantsOf(tx, actor.orgId, groupId);
    const byPosition = new Map(before.map((v) => [v.position, v]));
    for (const [position, v] of wanted.entries()) {
      const values = {
        label: v.label.trim() || VARIANT_LABELS[position],
        value: v.value,
        minSpend: v.minSpend,
        percentOff: v.percentOff,
        maxDiscount: v.maxDiscount,
        tiers: v.tiers,
      };
      const existing = byPosition.get(position);
      if (existing) {
        await tx
          .update(groupVariants)
          .set(values)
          .where(and(eq(groupVariants.id, existing.id), eq(groupVariants.orgId, actor.orgId)));
      } else {
        await tx.insert(groupVariants).values({ orgId: actor.orgId, groupId, position, ...values });
      }
    }
    await tx
      .delete(groupVariants)
      .where(and(eq(groupVariants.orgId, actor.orgId), eq(groupVariants.groupId, groupId), gte(groupVariants.position, wanted.length)));
    const after = await variantsOf(tx, actor.orgId, groupId);
    // A fixed variant that no longer exists fixes nothing.
    if (group.fixedVariantId && !after.some((v) => v.id === group.fixedVariantId)) {
      await tx
        .update(codeGroups)
        .set({ fixedVariantId: null })
        .where(and(eq(codeGroups.id, groupId), eq(codeGroups.orgId, actor.orgId)));
    }
    await writeAudit(tx, {
      ...auditActor(actor),
      action: after.length ? "group.variants_set" : "group.variants_removed",
      entityType: "code_group",
      entityId: groupId,
      before: { variants: before.map(auditOf), fixedVariantId: group.fixedVariantId },
      after: { variants: after.map(auditOf) },
    });
    return after;
  });
}

function auditOf(v: GroupVariant) {
  const { orgId: _org, groupId: _group, createdAt: _at, ...rest } = v;
  return rest;
}

/**
 * "Use this variant for everyone": every new claim of the group gets `variantId`; codes claimed before
 * keep the variant they were given (so the test's history and the counter's prices stay as they were).
 */
export async function useVariantForEveryone(actor: Actor, groupId: string, variantId: string) {
  assertCan(actor, "group:write");
  assertId(groupId);
  if (!z.uuid().safeParse(variantId).success) throw new AppError("not_found", "No such variant.", { details: { reason: "no_variant" } });
  return db.transaction(async (tx) => {
    const { group } = await lockGroup(tx, actor.orgId, groupId);
    const [variant] = await tx
      .select()
      .from(groupVariants)
      .where(and(eq(groupVariants.id, variantId), eq(groupVariants.groupId, groupId), eq(groupVariants.orgId, actor.orgId)));
    if (!variant) throw new AppError("not_found", "No such variant.", { details: { reason: "no_variant" } });
    const [row] = await tx
      .update(codeGroups)
      .set({ fixedVariantId: variant.id })
      .where(and(eq(codeGroups.id, groupId), eq(codeGroups.orgId, actor.orgId)))
      .returning();
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "group.variant_fixed",
      entityType: "code_group",
      entityId: groupId,
      before: { fixedVariantId: group.fixedVariantId },
      after: { fixedVariantId: variant.id, label: variant.label },
    });
    return row;
  });
}

/** Undoes "use this variant for everyone": new claims are split across the variants again. */
export async function clearFixedVariant(actor: Actor, groupId: string) {
  assertCan(actor, "group:write");
  assertId(groupId);
  return db.transaction(async (tx) => {
    const { group } = await lockGroup(tx, actor.orgId, groupId);
    if (!group.fixedVariantId) throw new AppError("invalid_state", "No variant is fixed for this group.", { details: { reason: "not_fixed" } });
    const [row] = await tx
      .update(codeGroups)
      .set({ fixedVariantId: null })
      .where(and(eq(codeGroups.id, groupId), eq(codeGroups.orgId, actor.orgId)))
      .returning();
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "group.variant_unfixed",
      entityType: "code_group",
      entityId: groupId,
      before: { fixedVariantId: group.fixedVariantId },
      after: { fixedVariantId: null },
    });
    return row;
  });
}

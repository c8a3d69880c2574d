import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "@/db";
import { campaignBudgetDays, campaigns, campaignStores, codeGroups, notifications, organizations, redemptions, segments, stores } from "@/db/schema";
import { BUDGET_NOTICE_KIND } from "@/components/campaigns/budget-notice";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { AppError } from "@/lib/errors";
import { emitEvent } from "@/lib/webhooks/outbox";
import { ACTION_PERMISSION, allowedFrom, nextStatus, type CampaignAction } from "./lifecycle";
import { datesArePast } from "./rules";
import { budgetColumns, offerColumns, productScopeColumn, type CampaignInput } from "./schemas";

export type Campaign = typeof campaigns.$inferSelect;

function columns(input: CampaignInput) {
  return {
    name: input.name,
    type: input.type,
    ...offerColumns(input),
    ...budgetColumns(input),
    productScope: productScopeColumn(input.productScope),
    claimMode: input.claimMode,
    validFrom: new Date(input.validFrom),
    validUntil: new Date(input.validUntil),
    validDaysAfterClaim: input.validDaysAfterClaim ?? null,
    totalQuantity: input.totalQuantity ?? null,
    perConsumerLimit: input.perConsumerLimit,
    dailyClaimLimit: input.dailyClaimLimit ?? null,
    dailyPerConsumerLimit: input.dailyPerConsumerLimit ?? null,
    usableHours: input.usableHours ?? null,
    releaseAt: input.releaseAt ? new Date(input.releaseAt) : null,
    claimEndsAt: input.claimEndsAt ? new Date(input.claimEndsAt) : null,
    audience: input.audience,
    audienceTag: input.audience === "tagged" ? (input.audienceTag ?? null) : null,
    segmentId: input.audience === "segment" ? (input.segmentId ?? null) : null,
    followUpGroupId: input.followUp?.groupId ?? null,
    reminders: reminderColumn(input.reminders),
    allStores: !input.storeIds?.length,
    stackable: input.stackable,
    requirePhoneVerification: input.requirePhoneVerification,
    showRemaining: input.showRemaining,
    terms: input.terms,
  };
}

/** Reminders as stored: null when none is asked for; days distinct, largest first. */
function reminderColumn(r: CampaignInput["reminders"]) {
  const days = [...new Set(r?.daysBeforeExpiry ?? [])].sort((a, b) => b - a);
  if (!r?.onClaim && days.length === 0) return null;
  return { onClaim: Boolean(r?.onClaim), daysBeforeExpiry: days };
}

/**
 * The segment and the follow-up group a campaign names must be the organisation's own, and a
 * follow-up comes from a unique group (one code per consumer, not the shared 口令).
 */
async function checkReferences(tx: Executor, orgId: string, input: CampaignInput) {
  if (input.audience === "segment" && input.segmentId) {
    const [seg] = await tx.select({ id: segments.id }).from(segments).where(and(eq(segments.id, input.segmentId), eq(segments.orgId, orgId)));
    if (!seg) throw new AppError("invalid_input", "No such segment.", { errors: [{ path: "segmentId", message: "campaign.errors.segmentRequired" }] });
  }
  if (input.followUp?.groupId) {
    const [g] = await tx
      .select({ mode: codeGroups.mode })
      .from(codeGroups)
      .where(and(eq(codeGroups.id, input.followUp.groupId), eq(codeGroups.orgId, orgId)));
    if (!g || g.mode !== "unique") {
      throw new AppError("invalid_input", "The follow-up group must be a unique-code group of this organisation.", {
        errors: [{ path: "followUp", message: "campaign.errors.followUpGroup" }],
      });
    }
  }
}

/** Replaces the campaign's allowed stores; every id must be a live store of the same organisation. */
async function setStores(tx: Executor, orgId: string, campaignId: string, storeIds: string[] | null | undefined) {
  await tx.delete(campaignStores).where(and(eq(campaignStores.orgId, orgId), eq(campaignStores.campaignId, campaignId)));
  const ids = [...new Set(storeIds ?? [])];
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.orgId, orgId), inArray(stores.id, ids), isNull(stores.archivedAt)));
  if (found.length !== ids.length) {
    throw new AppError("invalid_input", "Some stores do not exist.", {
      errors: [{ path: "storeIds", message: "campaign.errors.unknownStore" }],
    });
  }
  await tx.insert(campaignStores).values(ids.map((storeId) => ({ orgId, campaignId, storeId })));
}

/** A new campaign in `draft`. */
export async function createCampaign(actor: Actor, input: CampaignInput): Promise<Campaign> {
  assertCan(actor, "campaign:write");
  return db.transaction(async (tx) => {
    await checkReferences(tx, actor.orgId, input);
    const [row] = await tx
      .insert(campaigns)
      .values({ orgId: actor.orgId, status: "draft", createdBy: actor.userId, ...columns(input) })
      .returning();
    await setStores(tx, actor.orgId, row.id, input.storeIds);
    await writeAudit(tx, { ...auditActor(actor), action: "campaign.created", entityType: "campaign", entityId: row.id, after: row });
    return row;
  });
}

/**
 * "Copy as draft": a new draft with the campaign's offer (tiers, product limits and budget included),
 * dates, limits, audience, texts and stores, named "… (副本)"; nothing of its lifecycle (review,
 * counters, budget spent, closed claims) or its code groups comes along.
 * Dates in the past are kept as they were: the copy warns and cannot be submitted until they move.
 */
export async function duplicateCampaign(actor: Actor, id: string, copySuffix: string): Promise<Campaign> {
  assertCan(actor, "campaign:write");
  return db.transaction(async (tx) => {
    const [source] = await tx.select().from(campaigns).where(and(eq(campaigns.id, id), eq(campaigns.orgId, actor.orgId)));
    if (!source) throw new AppError("not_found", "No such campaign.");
    const {
      id: _id,
      status: _status,
      claimedCount: _claimed,
      createdBy: _createdBy,
      submittedBy: _submittedBy,
      submittedAt: _submittedAt,
      reviewedBy: _reviewedBy,
      reviewedAt: _reviewedAt,
      reviewComment: _reviewComment,
      createdAt: _createdAt,
      updatedAt: _updatedAt,
      budgetSpent: _budgetSpent,
      budgetAlert: _budgetAlert,
      claimMode: _claimMode,
      ...offer
    } = source;
    const name = `${source.name.slice(0, 120 - copySuffix.length)}${copySuffix}`;
    const [row] = await tx.insert(campaigns).values({ ...offer, name, status: "draft", createdBy: actor.userId }).returning();
    const storeIds = await tx.select({ storeId: campaignStores.storeId }).from(campaignStores).where(and(eq(campaignStores.orgId, actor.orgId), eq(campaignStores.campaignId, id)));
    if (storeIds.length) await tx.insert(campaignStores).values(storeIds.map((s) => ({ orgId: actor.orgId, campaignId: row.id, storeId: s.storeId })));
    await writeAudit(tx, { ...auditActor(actor), action: "campaign.created", entityType: "campaign", entityId: row.id, after: { ...row, copiedFrom: id } });
    return row;
  });
}

/** Edits a campaign; only drafts can change (a submitted offer is what the reviewer saw). */
export async function updateCampaign(actor: Actor, id: string, input: CampaignInput): Promise<Campaign> {
  assertCan(actor, "campaign:write");
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.id, id), eq(campaigns.orgId, actor.orgId)))
      .for("update");
    if (!before) throw new AppError("not_found", "No such campaign.");
    if (before.status !== "draft") throw new AppError("invalid_state", "Only draft campaigns can be edited.");
    const next = columns(input);
    const budgetChanged = next.budgetTotal !== before.budgetTotal || next.budgetDaily !== before.budgetDaily;
    const budget = budgetChanged ? await recomputedBudget(tx, actor.orgId, id, next.budgetTotal) : {};
    const [row] = await tx
      .update(campaigns)
      .set({ ...next, ...budget, updatedAt: new Date() })
      .where(and(eq(campaigns.id, id), eq(campaigns.orgId, actor.orgId), eq(campaigns.status, "draft")))
      .returning();
    await checkReferences(tx, actor.orgId, input);
    await setStores(tx, actor.orgId, id, input.storeIds);
    await writeAudit(tx, { ...auditActor(actor), action: "campaign.updated", entityType: "campaign", entityId: id, before, after: row });
    return row;
  });
}

/**
 * The database keeps budget_spent (and the day's spend) only while a budget is set, so a budget set or
 * changed later starts from what was really given: the discounts of the campaign's redemptions that
 * were not reversed, in total and today (organisation's day). Alerts start over against the new total.
 * A total below what is already spent is refused on its field rather than written as an impossible row.
 */
async function recomputedBudget(tx: Executor, orgId: string, campaignId: string, total: number | null) {
  const [{ timeZone }] = await tx.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
  const today = sql`(now() at time zone ${timeZone})::date`;
  const [spent] = await tx
    .select({
      total: sql<number>`coalesce(sum(${redemptions.discount}), 0)::int`,
      today: sql<number>`coalesce(sum(${redemptions.discount}) filter (where (${redemptions.createdAt} at time zone ${timeZone})::date = ${today}), 0)::int`,
    })
    .from(redemptions)
    .where(and(eq(redemptions.orgId, orgId), eq(redemptions.campaignId, campaignId), isNull(redemptions.reversedAt)));
  const budgetSpent = Number(spent?.total ?? 0);
  if (total != null && budgetSpent > total) {
    throw new AppError("invalid_input", "The budget is below what the campaign has already given.", {
      errors: [{ path: "budget.total", message: "campaign.errors.budgetBelowSpent" }],
    });
  }
  await tx
    .insert(campaignBudgetDays)
    .values({ campaignId, day: today, spent: Number(spent?.today ?? 0) })
    .onConflictDoUpdate({ target: [campaignBudgetDays.campaignId, campaignBudgetDays.day], set: { spent: sql`excluded.spent` } });
  return { budgetSpent, budgetAlert: 0 };
}

/**
 * 停止领取，已发券可用: claim mode `closed_keep_issued` makes claim_code, sends and follow-ups refuse
 * (`claims_closed`) while every code already issued stays redeemable; `open` takes claims again. Unlike
 * pause it leaves the status and the redemptions alone, and unlike stopNewClaims it can be undone.
 * Needs what pausing needs; audited with the mode before and after.
 */
export async function setClaimMode(actor: Actor, id: string, mode: Campaign["claimMode"]): Promise<Campaign> {
  assertCan(actor, ACTION_PERMISSION.pause);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ claimMode: campaigns.claimMode, status: campaigns.status })
      .from(campaigns)
      .where(and(eq(campaigns.id, id), eq(campaigns.orgId, actor.orgId)))
      .for("update");
    if (!before) throw new AppError("not_found", "No such campaign.");
    const [row] = await tx
      .update(campaigns)
      .set({ claimMode: mode, updatedAt: new Date() })
      .where(and(eq(campaigns.id, id), eq(campaigns.orgId, actor.orgId), inArray(campaigns.status, ["approved", "paused"])))
      .returning();
    if (!row) throw new AppError("invalid_state", "Only an approved campaign can close or reopen its claims.");
    if (before.claimMode !== mode) {
      await writeAudit(tx, {
        ...auditActor(actor),
        action: mode === "open" ? "campaign.claimsReopened" : "campaign.claimsClosed",
        entityType: "campaign",
        entityId: id,
        before: { claimMode: before.claimMode },
        after: { claimMode: mode },
      });
    }
    return row;
  });
}

/**
 * "Stop new claims, honour issued codes": the claiming window of a live campaign ends now (claim_code
 * refuses `ended` from here on) while the codes already handed out stay redeemable until they expire.
 * The campaign's status does not change; the step is audited. Pausing instead stops both.
 */
export async function stopNewClaims(actor: Actor, id: string): Promise<Campaign> {
  assertCan(actor, "campaign:write");
  return db.transaction(async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(campaigns)
      .set({ claimEndsAt: sql`least(coalesce(${campaigns.claimEndsAt}, ${now.toISOString()}::timestamptz), ${now.toISOString()}::timestamptz)`, updatedAt: now })
      .where(and(eq(campaigns.id, id), eq(campaigns.orgId, actor.orgId), inArray(campaigns.status, ["approved", "paused"])))
      .returning();
    if (!row) throw new AppError("invalid_state", "Only an approved campaign can stop taking claims.");
    await writeAudit(tx, { ...auditActor(actor), action: "campaign.claimsStopped", entityType: "campaign", entityId: id, after: { claimEndsAt: row.claimEndsAt } });
    return row;
  });
}

/**
 * Moves a campaign along its lifecycle with one conditional UPDATE, so two people acting at once
 * cannot both succeed. Approve and reject need a different user than the submitter (four eyes).
 */
export async function transitionCampaign(
  actor: Actor,
  id: string,
  action: CampaignAction,
  comment?: string,
): Promise<Campaign> {
  assertCan(actor, ACTION_PERMISSION[action]);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.id, id), eq(campaigns.orgId, actor.orgId)))
      .for("update");
    if (!before) throw new AppError("not_found", "No such campaign.");
    const to = nextStatus(before.status, action);
    if (!to) throw new AppError("invalid_state", `A ${before.status} campaign cannot be sent to ${action}.`);
    const review = action === "approve" || action === "reject";
    if (review && (!actor.userId || before.submittedBy === actor.userId)) {
      throw new AppError("forbidden", "Nobody may review their own submission: another reviewer or owner must decide.");
    }
    const now = new Date();
    // A campaign that has already ended by its own dates would go live only to end at once.
    if ((action === "submit" || action === "approve") && datesArePast(before, now)) {
      throw new AppError("invalid_state", "This campaign's dates are all in the past: move its end date before sending it for approval.", { details: { reason: "dates_past" } });
    }
    const [row] = await tx
      .update(campaigns)
      .set({
        status: to,
        updatedAt: now,
        ...(action === "submit" ? { submittedBy: actor.userId, submittedAt: now, reviewComment: null } : {}),
        ...(review ? { reviewedBy: actor.userId, reviewedAt: now, reviewComment: comment ?? null } : {}),
      })
      .where(
        and(
          eq(campaigns.id, id),
          eq(campaigns.orgId, actor.orgId),
          inArray(campaigns.status, [...allowedFrom(action)]),
          review ? sql`${campaigns.submittedBy} is distinct from ${actor.userId}` : undefined,
        ),
      )
      .returning();
    if (!row) throw new AppError("invalid_state", "The campaign changed meanwhile; reload and try again.");
    await writeAudit(tx, {
      ...auditActor(actor),
      action: `campaign.${action}`,
      entityType: "campaign",
      entityId: id,
      before: { status: before.status },
      after: { status: to, comment: comment ?? undefined },
    });
    await emitEvent(tx, {
      orgId: actor.orgId,
      type: "campaign.status_changed",
      subject: `campaign:${id}`,
      data: { campaignId: id, from: before.status, to, action, comment: comment ?? null },
    });
    return row;
  });
}

/** Marks the user's "budget reached" notifications in this organisation as read. */
export async function markBudgetNoticesRead(orgId: string, userId: string) {
  await db
    .update(notifications)
    .set({ read: true })
    .where(and(eq(notifications.orgId, orgId), eq(notifications.userId, userId), eq(notifications.kind, BUDGET_NOTICE_KIND), eq(notifications.read, false)));
}

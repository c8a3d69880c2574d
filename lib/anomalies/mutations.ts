import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { anomalyAlerts, anomalyRules, codeGroups, notifications } from "@/db/schema";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { unfreezeGroup } from "@/lib/codes/groups";
import { AppError } from "@/lib/errors";
import { forgetAnomalyCaches, getAnomalyRules, NOTIFICATION_KIND } from "./evaluate";
import type { RuleInput } from "./rules";

/** The owner changes the organisation's anomaly rules (audited with before and after). */
export async function updateAnomalyRules(actor: Actor, input: readonly RuleInput[]) {
  assertCan(actor, "settings:manage");
  const before = await getAnomalyRules(actor.orgId, { fresh: true });
  await db.transaction(async (tx) => {
    for (const r of input) {
      const values = {
        enabled: r.enabled,
        threshold: r.threshold,
        windowMinutes: r.windowMinutes,
        factor: r.kind === "store_rate" ? r.factor : null,
        action: r.action,
        updatedBy: actor.userId,
        updatedAt: new Date(),
      };
      await tx
        .insert(anomalyRules)
        .values({ orgId: actor.orgId, kind: r.kind, ...values })
        .onConflictDoUpdate({ target: [anomalyRules.orgId, anomalyRules.kind], set: values });
    }
    const after = input.map((r) => ({ ...r, factor: r.kind === "store_rate" ? r.factor : null }));
    const changed = after.filter((r) => (Object.keys(r) as (keyof typeof r)[]).some((k) => before[r.kind][k] !== r[k]));
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "anomaly_rules.updated",
      entityType: "anomaly_rules",
      entityId: actor.orgId,
      before: Object.fromEntries(changed.map((r) => [r.kind, before[r.kind]])),
      after: Object.fromEntries(changed.map((r) => [r.kind, r])),
    });
  });
  forgetAnomalyCaches(actor.orgId);
  return getAnomalyRules(actor.orgId, { fresh: true });
}

/**
 * An owner or marketer reviews an alert: optionally unfreezes its group through the ordinary unfreeze
 * (audited), then marks the alert reviewed (audited) and its notifications read for everyone.
 */
export async function reviewAlert(actor: Actor, alertId: string, opts: { unfreeze?: boolean } = {}) {
  assertCan(actor, "group:freeze");
  const [alert] = await db
    .select({ id: anomalyAlerts.id, groupId: anomalyAlerts.groupId, reviewedAt: anomalyAlerts.reviewedAt, groupStatus: codeGroups.status })
    .from(anomalyAlerts)
    .leftJoin(codeGroups, eq(codeGroups.id, anomalyAlerts.groupId))
    .where(and(eq(anomalyAlerts.id, alertId), eq(anomalyAlerts.orgId, actor.orgId)));
  if (!alert) throw new AppError("not_found", "No such alert.");
  if (opts.unfreeze) {
    if (!alert.groupId || alert.groupStatus !== "frozen") throw new AppError("invalid_state", "The group of this alert is not frozen.");
    await unfreezeGroup(actor, alert.groupId);
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(anomalyAlerts)
      .set({ reviewedAt: new Date(), reviewedBy: actor.userId })
      .where(and(eq(anomalyAlerts.id, alertId), eq(anomalyAlerts.orgId, actor.orgId), isNull(anomalyAlerts.reviewedAt)))
      .returning();
    if (row) {
      await writeAudit(tx, {
        ...auditActor(actor),
        action: "anomaly.reviewed",
        entityType: "anomaly_alert",
        entityId: alertId,
        before: { reviewedAt: null },
        after: { reviewedAt: row.reviewedAt, unfroze: Boolean(opts.unfreeze) },
      });
    }
    await tx
      .update(notifications)
      .set({ read: true })
      .where(
        and(
          eq(notifications.orgId, actor.orgId),
          eq(notifications.kind, NOTIFICATION_KIND),
          eq(notifications.read, false),
          sql`${notifications.payload}->>'alertId' = ${alertId}`,
        ),
      );
    return row ?? null;
  });
}

/** Marks the user's anomaly notifications in this organisation as read (all, or one alert's). */
export async function markAlertsRead(orgId: string, userId: string, alertId?: string) {
  await db
    .update(notifications)
    .set({ read: true })
    .where(
      and(
        eq(notifications.orgId, orgId),
        eq(notifications.userId, userId),
        eq(notifications.kind, NOTIFICATION_KIND),
        eq(notifications.read, false),
        alertId ? sql`${notifications.payload}->>'alertId' = ${alertId}` : undefined,
      ),
    );
}

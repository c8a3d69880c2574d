import "server-only";
import { and, count, desc, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "@/db";
import { anomalyAlerts, anomalyRules, codeGroups, notifications, stores, users } from "@/db/schema";
import { pageOffset } from "@/components/data-table/params";
import { getAnomalyRules, NOTIFICATION_KIND } from "./evaluate";
import type { AlertListParams } from "./schemas";

/** How many anomaly notifications the user has not read in this organisation (the header's badge). */
export async function unreadAlertCount(orgId: string, userId: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.orgId, orgId), eq(notifications.read, false), eq(notifications.kind, NOTIFICATION_KIND)));
  return Number(r?.n ?? 0);
}

/** The rules as the settings page shows them, with who last changed them. */
export async function getRulesForSettings(orgId: string) {
  const [rules, changed] = await Promise.all([
    getAnomalyRules(orgId, { fresh: true }),
    db
      .select({ updatedAt: anomalyRules.updatedAt, userName: users.name })
      .from(anomalyRules)
      .leftJoin(users, eq(users.id, anomalyRules.updatedBy))
      .where(eq(anomalyRules.orgId, orgId))
      .orderBy(desc(anomalyRules.updatedAt))
      .limit(1),
  ]);
  return { rules, lastChange: changed[0] ?? null };
}

const reviewer = alias(users, "reviewer");

/**
 * A page of the organisation's alerts, newest first, with the group and store named, the group's
 * current state (to offer "unfreeze"), and whether this user has read it.
 */
export async function listAlerts(orgId: string, userId: string, params: AlertListParams) {
  const conditions: SQL[] = [eq(anomalyAlerts.orgId, orgId)];
  if (params.status === "open") conditions.push(isNull(anomalyAlerts.reviewedAt));
  if (params.status === "reviewed") conditions.push(isNotNull(anomalyAlerts.reviewedAt));
  if (params.rule) conditions.push(eq(anomalyAlerts.ruleKind, params.rule));
  const where = and(...conditions);
  const unread = sql<boolean>`exists (select 1 from ${notifications} n where n.user_id = ${userId}::uuid and n.org_id = ${orgId}::uuid
      and n.read = false and n.kind = ${NOTIFICATION_KIND} and n.payload->>'alertId' = ${anomalyAlerts.id}::text)`;
  const [page, [{ total }]] = await Promise.all([
    db
      .select({
        id: anomalyAlerts.id,
        createdAt: anomalyAlerts.createdAt,
        ruleKind: anomalyAlerts.ruleKind,
        scopeType: anomalyAlerts.scopeType,
        scopeKey: anomalyAlerts.scopeKey,
        observed: anomalyAlerts.observed,
        threshold: anomalyAlerts.threshold,
        windowMinutes: anomalyAlerts.windowMinutes,
        baseline: anomalyAlerts.baseline,
        action: anomalyAlerts.action,
        froze: anomalyAlerts.froze,
        reason: anomalyAlerts.reason,
        reviewedAt: anomalyAlerts.reviewedAt,
        reviewedBy: reviewer.name,
        groupId: anomalyAlerts.groupId,
        groupName: codeGroups.name,
        groupStatus: codeGroups.status,
        storeId: anomalyAlerts.storeId,
        storeName: stores.name,
        unread,
      })
      .from(anomalyAlerts)
      .leftJoin(codeGroups, and(eq(codeGroups.id, anomalyAlerts.groupId), eq(codeGroups.orgId, orgId)))
      .leftJoin(stores, and(eq(stores.id, anomalyAlerts.storeId), eq(stores.orgId, orgId)))
      .leftJoin(reviewer, eq(reviewer.id, anomalyAlerts.reviewedBy))
      .where(where)
      .orderBy(desc(anomalyAlerts.createdAt), desc(anomalyAlerts.id))
      .limit(params.pageSize)
      .offset(pageOffset(params)),
    db.select({ total: count() }).from(anomalyAlerts).where(where),
  ]);
  return { rows: page.map((r) => ({ ...r, unread: Boolean(r.unread) })), total: Number(total) };
}

export type AlertRow = Awaited<ReturnType<typeof listAlerts>>["rows"][number];

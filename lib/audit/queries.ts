import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { apiKeys, auditLogs, users } from "@/db/schema";

/** The latest audit rows of the organisation with the acting user or API key named. */
export async function listAuditLogs(orgId: string, limit = 100) {
  return db
    .select({
      id: auditLogs.id,
      createdAt: auditLogs.createdAt,
      action: auditLogs.action,
      entityType: auditLogs.entityType,
      entityId: auditLogs.entityId,
      ip: auditLogs.ip,
      userName: users.name,
      userEmail: users.email,
      apiKeyName: apiKeys.name,
    })
    .from(auditLogs)
    .leftJoin(users, eq(users.id, auditLogs.actorUserId))
    // The key must belong to the same organisation as the row; a join on id alone would trust the row.
    .leftJoin(apiKeys, and(eq(apiKeys.id, auditLogs.actorApiKeyId), eq(apiKeys.orgId, orgId)))
    .where(eq(auditLogs.orgId, orgId))
    .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
    .limit(limit);
}

export type AuditRow = Awaited<ReturnType<typeof listAuditLogs>>[number];

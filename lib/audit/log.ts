import "server-only";
import type { Executor } from "@/db";
import { auditLogs } from "@/db/schema";
import { currentRequestId } from "@/lib/http/request-context";

export type AuditEntry = {
  orgId: string;
  actorUserId?: string | null;
  actorApiKeyId?: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  userAgent?: string | null;
};

/** Writes one audit row; pass the transaction of the change so both commit or neither (invariant 3). */
export async function writeAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor.insert(auditLogs).values({
    orgId: entry.orgId,
    actorUserId: entry.actorUserId ?? null,
    actorApiKeyId: entry.actorApiKeyId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: entry.ip ?? null,
    userAgent: entry.userAgent ?? null,
    requestId: currentRequestId(),
  });
}

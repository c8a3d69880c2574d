import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { organizations, reconciliationChecks } from "@/db/schema";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { AppError } from "@/lib/errors";
import { getStatementTotals, scopeName } from "./queries";
import { isClosed, statementKey, type Period, type StatementScope } from "./rules";

/**
 * A reviewer (or owner) marks a closed period's statement as checked: who, when, and the totals they
 * saw, in one transaction with its audit row. Checking again replaces the mark (the audit log keeps
 * every one, with the previous totals as `before`).
 */
export async function markStatementChecked(
  actor: Actor,
  input: { period: Period; scope: StatementScope; note?: string; now?: Date },
) {
  assertCan(actor, "reconciliation:check");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [org] = await tx.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, actor.orgId));
    if (!org) throw new AppError("not_found", "No such organisation.");
    if (!isClosed(input.period, org.timeZone, now)) {
      throw new AppError("invalid_state", "Only a period that has ended can be marked as checked.");
    }
    if ((await scopeName(actor.orgId, input.scope, tx)) === null) throw new AppError("not_found", "No such store or campaign.");
    const totals = await getStatementTotals(actor.orgId, input.period, input.scope, org.timeZone, tx);
    const scopeId = input.scope.type === "org" ? actor.orgId : input.scope.id;
    const key = and(
      eq(reconciliationChecks.orgId, actor.orgId),
      eq(reconciliationChecks.periodKind, input.period.kind),
      eq(reconciliationChecks.periodStart, input.period.start),
      eq(reconciliationChecks.scopeType, input.scope.type),
      eq(reconciliationChecks.scopeId, scopeId),
    );
    const [previous] = await tx.select().from(reconciliationChecks).where(key);
    const values = { totals, note: input.note ?? "", checkedBy: actor.userId, checkedAt: now };
    const [row] = await tx
      .insert(reconciliationChecks)
      .values({ orgId: actor.orgId, periodKind: input.period.kind, periodStart: input.period.start, scopeType: input.scope.type, scopeId, ...values })
      .onConflictDoUpdate({
        target: [
          reconciliationChecks.orgId,
          reconciliationChecks.periodKind,
          reconciliationChecks.periodStart,
          reconciliationChecks.scopeType,
          reconciliationChecks.scopeId,
        ],
        set: values,
      })
      .returning();
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "reconciliation.checked",
      entityType: "reconciliation_statement",
      entityId: statementKey(input.period, input.scope, actor.orgId),
      before: previous ? { totals: previous.totals, checkedBy: previous.checkedBy, checkedAt: previous.checkedAt } : null,
      after: { period: input.period, scope: input.scope, totals, note: values.note },
    });
    return row;
  });
}

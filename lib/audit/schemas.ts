import { z } from "zod";
import { isCalendarDay } from "@/lib/time";
import { listParamsSchema } from "@/components/data-table/params";

const dateString = z.string().refine(isCalendarDay);

/** `?actor=user:<id>|key:<id>|system&action=&entity=&entityId=&from=&to=&sort=createdAt&dir=` for /audit and its export. */
export const auditListParams = listParamsSchema({
  sort: ["createdAt"],
  defaultSort: "createdAt",
  defaultDir: "desc",
  defaultPageSize: 50,
  filters: {
    actor: z.string().regex(/^(system|(user|key):[0-9a-f-]{36})$/i),
    // One action code, or several with one meaning ("campaign.approve,campaign.approved").
    action: z.string().regex(/^[A-Za-z_][\w.]{0,79}(,[A-Za-z_][\w.]{0,79}){0,4}$/),
    entity: z.string().regex(/^[a-z_]{1,40}$/),
    entityId: z.string().trim().min(1).max(100),
    from: dateString,
    to: dateString,
  },
});
export type AuditListParams = z.output<typeof auditListParams>;
export type AuditFilters = Pick<AuditListParams, "actor" | "action" | "entity" | "entityId" | "from" | "to">;

export const AUDIT_FILTER_KEYS = ["actor", "action", "entity", "entityId", "from", "to"] as const;

/** Whether any filter narrows the list. */
export function hasAuditFilters(p: AuditFilters): boolean {
  return AUDIT_FILTER_KEYS.some((k) => p[k] !== undefined);
}

import { sql, type SQL } from "drizzle-orm";
import { currentRequestId } from "../lib/http/request-context";

/**
 * A one-row FROM item `s` that sets the transaction's `coupon.request_id` (the default of the
 * `request_id` columns of audit_logs and outbox) and carries `s.at`. A function call that reads `s.at`
 * (`cross join lateral claim_code(…, s.at, …)`) runs after the setting is made, so the audit rows and
 * events the SQL functions write carry the request's id. `offset 0` keeps the planner from folding the
 * subquery into the outer query.
 */
export function stampRequest(at: Date): SQL {
  return sql`(select set_config('coupon.request_id', ${currentRequestId() ?? ""}, true) as request_id, ${at.toISOString()}::timestamptz as at offset 0) s`;
}

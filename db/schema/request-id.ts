import { sql } from "drizzle-orm";

/**
 * The default of the `request_id` columns: the transaction's `coupon.request_id` setting, which the
 * app sets (with `set_config(…, true)`) in the statements that call the claim and redemption functions,
 * so rows those functions write carry the HTTP request's id; null outside a request (jobs).
 */
export const REQUEST_ID_DEFAULT = sql`nullif(current_setting('coupon.request_id', true), '')`;

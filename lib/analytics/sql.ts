import { sql, type SQL } from "drizzle-orm";
import { DELAY_EDGES_SECONDS } from "./metrics";

// SQL pieces shared by the rollup job and the dashboard queries, so both bucket a row the same way.

/**
 * A uuid[] parameter. Drizzle expands a JS array into a list of parameters, so the ids travel as one
 * text literal instead (uuids hold no commas or braces).
 */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`string_to_array(${ids.join(",")}, ',')::uuid[]`;
}

/** A timestamptz parameter. */
export function ts(d: Date): SQL {
  return sql`${d.toISOString()}::timestamptz`;
}

const EDGES = `{${DELAY_EDGES_SECONDS.join(",")}}`;

/**
 * The fine delay bucket (1-based, lib/analytics/metrics.ts) of a redemption: seconds from its claim to
 * it, by `width_bucket` over the bucket edges; null without a claim time. A negative delay is bucket 1.
 */
export function delayBucketSql(redeemedAt: SQL, claimedAt: SQL): SQL {
  return sql`case when ${claimedAt} is null then null
    else greatest(1, width_bucket(extract(epoch from (${redeemedAt} - ${claimedAt}))::float8, ${EDGES}::float8[])) end`;
}

/** The local calendar day of an instant in `tz` (a SQL expression or parameter). */
export function localDay(at: SQL, tz: SQL): SQL {
  return sql`(${at} at time zone ${tz})::date`;
}

/** The local hour (0–23) of an instant in `tz`. */
export function localHour(at: SQL, tz: SQL): SQL {
  return sql`extract(hour from (${at} at time zone ${tz}))::int`;
}

import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Executor } from "@/db";
import { generateCodes } from "./rules";

/** Rows per INSERT: large enough to amortise round trips, small enough to report progress often. */
export const BATCH = 50_000;

/**
 * Inserts `strings` as codes `seq = firstSeq …` of a group in one statement, skipping strings the
 * organisation already has; returns how many went in. unnest of one joined text parameter keeps
 * the statement cheap to build (drizzle's values() is ~4× slower at this size).
 */
async function insertBatch(x: Executor, orgId: string, groupId: string, firstSeq: number, strings: string[]) {
  const [r] = await rows<{ n: number }>(
    x,
    sql`with ins as (
          insert into codes (org_id, group_id, code, seq)
          select ${orgId}::uuid, ${groupId}::uuid, c, ${firstSeq - 1}::int + n::int
          from unnest(string_to_array(${strings.join(",")}, ',')) with ordinality as t(c, n)
          on conflict (org_id, code) do nothing
          returning 1)
        select count(*)::int as n from ins`,
  );
  return Number(r.n);
}

/** Positions in [from, to] that have no code yet (after a collision with an existing code). */
async function missingSeqs(x: Executor, groupId: string, from: number, to: number) {
  const r = await rows<{ s: number }>(
    x,
    sql`select s::int from generate_series(${from}::int, ${to}::int) s
        where not exists (select 1 from codes where group_id = ${groupId}::uuid and seq = s)`,
  );
  return r.map((x) => Number(x.s));
}

/**
 * Writes `quantity` random codes for a group inside the caller's transaction, in batches, calling
 * `onProgress` after each. A string that collides with an existing code of the organisation is
 * replaced by a fresh one at the same position, so positions stay 1…quantity without holes.
 */
export async function writeRandomCodes(
  x: Executor,
  g: { orgId: string; groupId: string; quantity: number; length: number; prefix: string },
  onProgress?: (done: number) => Promise<void> | void,
) {
  for (let first = 1; first <= g.quantity; first += BATCH) {
    const size = Math.min(BATCH, g.quantity - first + 1);
    const inserted = await insertBatch(x, g.orgId, g.groupId, first, generateCodes(size, g.length, g.prefix));
    if (inserted < size) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const holes = await missingSeqs(x, g.groupId, first, first + size - 1);
        if (holes.length === 0) break;
        const fresh = generateCodes(holes.length, g.length, g.prefix);
        for (let i = 0; i < holes.length; i++) await insertBatch(x, g.orgId, g.groupId, holes[i], [fresh[i]]);
      }
      const left = await missingSeqs(x, g.groupId, first, first + size - 1);
      if (left.length) throw new Error("Could not find free codes: choose a longer code length.");
    }
    await onProgress?.(first + size - 1);
  }
}

/** Inserts given codes (already normalised and distinct); returns the ones the organisation already had. */
export async function writeGivenCodes(x: Executor, g: { orgId: string; groupId: string }, strings: string[]) {
  let taken: string[] = [];
  for (let first = 1; first <= strings.length; first += BATCH) {
    const chunk = strings.slice(first - 1, first - 1 + BATCH);
    const inserted = await insertBatch(x, g.orgId, g.groupId, first, chunk);
    if (inserted < chunk.length) {
      const present = await rows<{ code: string }>(
        x,
        sql`select code from codes
            where org_id = ${g.orgId}::uuid and group_id <> ${g.groupId}::uuid
              and code = any(string_to_array(${chunk.join(",")}, ','))`,
      );
      taken = taken.concat(present.map((p) => p.code));
    }
  }
  return taken;
}

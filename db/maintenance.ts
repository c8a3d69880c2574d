import { sql } from "drizzle-orm";
import { databaseKind, db, getHandle, rows, type Executor } from "@/db";
import { env } from "@/lib/env";
import { logFor } from "@/lib/log";
import { startPeriodic } from "@/lib/periodic";

/**
 * Vacuum and analyze for databases that do not do it themselves: PGlite (no autovacuum at all) and a
 * PostgreSQL server with `autovacuum = off`. Without fresh statistics a long-lived connection keeps the
 * plans it made while the tables were empty: claim_code's plans were seq scans of `claims` then, and a
 * connection that keeps them slows from about 1 ms to 15–30 ms a claim after 40,000 claims (measured,
 * BENCHMARKS.md). ANALYZE makes every session re-plan; VACUUM clears the dead rows claims and fan-outs
 * leave in `codes` and `outbox`. On a server whose autovacuum runs, this does nothing.
 */

/** What the catalogue says of one table. `dead`/`live` come from the statistics views (PostgreSQL only). */
export type TableState = {
  name: string;
  /** Pages now. */
  pages: number;
  /** Pages at the last VACUUM or ANALYZE (0 when never). */
  relpages: number;
  live: number | null;
  dead: number | null;
};

/** A table is maintained when it has doubled since it was last measured, or a fifth of it is dead rows. */
export function tablesToMaintain(tables: TableState[]): { name: string; reason: "grown" | "dead rows" }[] {
  const out: { name: string; reason: "grown" | "dead rows" }[] = [];
  for (const t of tables) {
    if (t.pages >= 2 * t.relpages + 8) out.push({ name: t.name, reason: "grown" });
    else if (t.dead !== null && t.live !== null && t.dead > 1000 + 0.2 * t.live) out.push({ name: t.name, reason: "dead rows" });
  }
  return out;
}

/** Whether the database leaves vacuum and analyze to the app. */
export async function needsOwnMaintenance(executor: Executor = db): Promise<boolean> {
  if (databaseKind() === "pglite") return true;
  const [r] = await rows<{ on: boolean }>(executor, sql`select current_setting('autovacuum') = 'on' as on`);
  return !r.on;
}

type Row = { name: string; pages: number | string; relpages: number | string; live: number | string | null; dead: number | string | null };

/**
 * Analyzes (and where it has dead rows, vacuums) every table of the app's schema that `tablesToMaintain`
 * picks, one at a time, and says which and how long each took. `force` runs even when the server's autovacuum is on (tests).
 */
export async function maintainTables(opts: { force?: boolean } = {}): Promise<{ table: string; reason: string; ms: number }[]> {
  if (!opts.force && !(await needsOwnMaintenance())) return [];
  const state = await rows<Row>(
    db,
    sql`select c.relname as name,
               (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages,
               c.relpages as relpages, s.n_live_tup as live, s.n_dead_tup as dead
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        left join pg_stat_user_tables s on s.relid = c.oid
        where n.nspname = 'public' and c.relkind = 'r'
        order by c.relname`,
  );
  const picked = tablesToMaintain(
    state.map((r) => ({
      name: r.name,
      pages: Number(r.pages),
      relpages: Number(r.relpages),
      live: r.live === null ? null : Number(r.live),
      dead: r.dead === null ? null : Number(r.dead),
    })),
  );
  const done: { table: string; reason: string; ms: number }[] = [];
  // A grown table on PostgreSQL only needs fresh statistics (ANALYZE is a sample, VACUUM reads it all);
  // dead rows need VACUUM. PGlite reports no dead rows, so there growth gets both.
  const vacuumWhenGrown = databaseKind() === "pglite";
  for (const t of picked) {
    const started = performance.now();
    const command = t.reason === "dead rows" || vacuumWhenGrown ? "vacuum (analyze)" : "analyze";
    // Names come from the catalogue, quoted; VACUUM cannot take a parameter or run in a transaction.
    await paced(`${command} "${t.name.replaceAll('"', '""')}"`);
    done.push({ table: t.name, reason: t.reason, ms: Math.round(performance.now() - started) });
  }
  return done;
}

/**
 * Runs a VACUUM or ANALYZE at autovacuum's own pace on PostgreSQL (cost-based delay of 2 ms, which a
 * manual run does not have), so it spreads its work instead of taking a core for a few hundred ms while
 * redemptions wait. PGlite has one connection for everything, so there it runs unpaced and done sooner.
 */
async function paced(command: string): Promise<void> {
  const client = getHandle().client;
  if (!client) {
    await db.execute(sql.raw(command));
    return;
  }
  const conn = await client.reserve();
  try {
    await conn.unsafe("set vacuum_cost_delay = '2ms'");
    await conn.unsafe(command);
  } finally {
    await conn.unsafe("reset vacuum_cost_delay").catch(() => undefined);
    conn.release();
  }
}

/**
 * Starts the maintenance loop in this server process (instrumentation.ts): every DB_MAINTENANCE_SECONDS;
 * DB_MAINTENANCE=off turns it off. The first turn checks whether the database needs it, and stops if not.
 */
export function startDbMaintenance(): void {
  const { DB_MAINTENANCE, DB_MAINTENANCE_SECONDS } = env();
  if (DB_MAINTENANCE === "off") return;
  let checked = false;
  startPeriodic("db-maintenance", DB_MAINTENANCE_SECONDS, "db maintenance", async () => {
    if (!checked) {
      if (!(await needsOwnMaintenance())) return "stop";
      checked = true;
      logFor("db").info({ database: databaseKind() }, "the app vacuums and analyzes its own tables (DB_MAINTENANCE)");
    }
    for (const t of await maintainTables({ force: true })) logFor("db").info({ table: t.table, reason: t.reason, ms: t.ms }, "maintained");
  });
}

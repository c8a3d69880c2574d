import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { readMigrationFiles } from "drizzle-orm/migrator";
import postgres from "postgres";
import { z } from "zod";
import { acquirePgliteLock, pgliteDir } from "./index";

/**
 * `npm run db:move`: copies the application's data from one database to another — the embedded PGlite
 * to PostgreSQL or back — through nothing but SQL both drivers speak, and proves the copy by checksums.
 * docs/moving-and-backups.md explains what it checks and refuses.
 */

/** The migrations of this checkout; both sides of a move are compared with them. */
export const repoMigrationsFolder = path.join(import.meta.dirname, "..", "drizzle");

// ---------------------------------------------------------------------------------------------------
// Endpoints and connections

export type Endpoint = { kind: "postgres"; url: string } | { kind: "pglite"; dir: string };

/** `postgres://…` / `postgresql://…`, or `pglite:<directory>`. */
export const endpointSchema = z
  .string()
  .trim()
  .min(1)
  .transform((value, ctx): Endpoint => {
    if (/^postgres(ql)?:\/\//i.test(value)) {
      if (!URL.canParse(value)) {
        ctx.addIssue({ code: "custom", message: `"${value}" is not a valid PostgreSQL URL` });
        return z.NEVER;
      }
      return { kind: "postgres", url: value };
    }
    if (value.startsWith("pglite:")) {
      const dir = value.slice("pglite:".length);
      // An in-memory database would vanish with this process: nothing to move from or to.
      if (!dir || dir.startsWith("memory://")) {
        ctx.addIssue({ code: "custom", message: "pglite: needs a directory, e.g. pglite:.data/pglite" });
        return z.NEVER;
      }
      return { kind: "pglite", dir };
    }
    ctx.addIssue({ code: "custom", message: `"${value}" is neither a PostgreSQL URL (postgres://…) nor pglite:<directory>` });
    return z.NEVER;
  });

export function parseEndpoint(value: string): Endpoint {
  return endpointSchema.parse(value);
}

/** For messages: the URL without its password, or the directory. */
export function describeEndpoint(e: Endpoint): string {
  if (e.kind === "pglite") return `pglite:${e.dir}`;
  const u = new URL(e.url);
  if (u.password) u.password = "***";
  return u.toString();
}

/** The same database named twice (moving onto itself would read what it writes). */
export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  if (a.kind === "pglite" && b.kind === "pglite") return path.resolve(a.dir) === path.resolve(b.dir);
  if (a.kind === "postgres" && b.kind === "postgres") {
    const [x, y] = [new URL(a.url), new URL(b.url)];
    return x.hostname === y.hostname && (x.port || "5432") === (y.port || "5432") && x.pathname === y.pathname;
  }
  return false;
}

/** What the move needs of a database: plain SQL with positional parameters. */
export interface Queryable {
  query<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Conn extends Queryable {
  readonly kind: "postgres" | "pglite";
  readonly label: string;
  /** The PGlite instance itself, for PGlite's own tools (pg_dump, exec of a dump). */
  readonly pglite?: PGlite;
  /** Several statements, no parameters (a dump, DDL). */
  exec(text: string): Promise<void>;
  /** `snapshot`: repeatable read, read only — every read inside sees one moment of the database. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, mode?: "snapshot"): Promise<T>;
  /** drizzle's migrator for this driver. */
  migrate(migrationsFolder: string): Promise<void>;
  close(): Promise<void>;
}

export function postgresConn(sql: postgres.Sql, label: string): Conn {
  const over = (s: postgres.Sql | postgres.TransactionSql): Queryable => ({
    query: async <T>(text: string, params: readonly unknown[] = []) =>
      (await s.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: false })) as unknown as T[],
  });
  return {
    kind: "postgres",
    label,
    ...over(sql),
    exec: async (text) => {
      await sql.unsafe(text);
    },
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>, mode?: "snapshot") =>
      (mode === "snapshot"
        ? await sql.begin("isolation level repeatable read read only", (tx) => fn(over(tx)))
        : await sql.begin((tx) => fn(over(tx)))) as T,
    migrate: (migrationsFolder) => migratePostgres(drizzlePostgres({ client: sql }), { migrationsFolder }),
    close: () => sql.end({ timeout: 5 }),
  };
}

export function pgliteConn(pg: PGlite, label: string, onClose?: () => void): Conn {
  const over = (s: PGlite | Transaction): Queryable => ({
    query: async <T>(text: string, params: readonly unknown[] = []) => (await s.query<T>(text, [...params])).rows,
  });
  return {
    kind: "pglite",
    label,
    pglite: pg,
    ...over(pg),
    exec: async (text) => {
      await pg.exec(text);
    },
    transaction: (fn, mode) =>
      pg.transaction(async (tx) => {
        // PGlite serves one connection, so nothing can change underneath; said anyway for symmetry.
        if (mode === "snapshot") await tx.query("set transaction isolation level repeatable read, read only");
        return fn(over(tx));
      }),
    migrate: (migrationsFolder) => migratePglite(drizzlePglite({ client: pg }), { migrationsFolder }),
    close: async () => {
      if (pg.closed) return; // closing twice is harmless (a test's own close, then its clean-up)
      await pg.close();
      onClose?.();
    },
  };
}

/** Whether a directory holds a PGlite (PostgreSQL) data directory already. */
export function pgliteDirExists(dir: string): boolean {
  return fs.existsSync(path.join(dir, "PG_VERSION"));
}

/**
 * Opens an endpoint. A PGlite directory is locked for this process first (PGlite has one process per
 * directory: the app must be stopped), and must already hold a database when `mustExist` — otherwise
 * PGlite would quietly create an empty one and a mistyped source would "move" nothing.
 */
export async function openEndpoint(e: Endpoint, opts: { mustExist?: boolean } = {}): Promise<Conn> {
  const label = describeEndpoint(e);
  if (e.kind === "postgres") {
    const sql = postgres(e.url, { max: 2, onnotice: () => {}, connection: { application_name: "coupon-db-tools" } });
    try {
      await sql.unsafe("select 1");
    } catch (err) {
      await sql.end({ timeout: 1 });
      throw new Error(`Cannot connect to ${label}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return postgresConn(sql, label);
  }
  if (e.dir.startsWith("memory://")) throw new MoveRefused("An in-memory PGlite database cannot be moved, backed up or restored.");
  if (opts.mustExist && !pgliteDirExists(e.dir)) {
    throw new MoveRefused(`There is no embedded database in ${e.dir} (no PG_VERSION file). Check the directory (PGLITE_DIR).`);
  }
  const release = lockPglite(e.dir);
  fs.mkdirSync(e.dir, { recursive: true });
  const pg = new PGlite(e.dir);
  await pg.waitReady;
  return pgliteConn(pg, label, release);
}

/**
 * acquirePgliteLock (db/index.ts) and a release for it: the lock is otherwise dropped at process exit,
 * which is right for the app but leaves a long-lived process (a test run) holding every directory it
 * ever opened. Only a lock this call took is released; the lock file is the one acquirePgliteLock writes.
 */
function lockPglite(dir: string): () => void {
  const file = `${path.resolve(dir)}.lock`;
  const heldAlready = readLockHolder(file) === process.pid;
  try {
    acquirePgliteLock(dir);
  } catch (e) {
    // "in use by process N (probably the running app). Stop it first": a refusal, nothing was touched.
    throw new MoveRefused(e instanceof Error ? e.message : String(e));
  }
  return () => {
    if (!heldAlready && readLockHolder(file) === process.pid) fs.rmSync(file, { force: true });
  };
}

function readLockHolder(file: string): number | null {
  try {
    return Number(fs.readFileSync(file, "utf8").trim()) || null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------
// Errors

/** The move did not start: nothing was written. */
export class MoveRefused extends Error {
  override name = "MoveRefused";
}

/** The copy finished but a checksum or count differs; the target's transaction was rolled back. */
export class MoveMismatch extends Error {
  override name = "MoveMismatch";
  constructor(readonly report: TableCheck[]) {
    super(`The copy does not match the source in ${report.filter((t) => !t.ok).map((t) => t.table).join(", ")}; nothing was kept.`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Catalog

export type Column = { name: string; type: string; attnum: number; generated: boolean; identity: "" | "a" | "d"; notNull: boolean };
export type Table = { name: string; columns: Column[]; key: string[] | null };
export type ForeignKey = { name: string; table: string; references: string; deferrable: boolean };

export const quote = (ident: string) => `"${ident.replaceAll('"', '""')}"`;
export const qualified = (table: string) => `public.${quote(table)}`;
/** The alias a whole row is read through (a bare `t` would mean a column of that name, if there were one). */
const ROW = "move__row";

// Ordinary and partitioned tables of `public` (pg_class c, pg_namespace n); a partition is copied through its parent.
const IN_PUBLIC = "n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition";

/** The tables of `public` with their columns and the key a batch can resume after. */
export async function listTables(q: Queryable): Promise<Table[]> {
  const cols = await q.query<{ table: string; name: string; type: string; attnum: number; generated: boolean; identity: string; not_null: boolean }>(`
    select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnum::int as attnum,
           a.attgenerated::text <> '' as generated, a.attidentity::text as identity, a.attnotnull as not_null
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where ${IN_PUBLIC} and a.attnum > 0 and not a.attisdropped
    order by c.relname, a.attnum`);
  const indexes = await q.query<{ table: string; primary: boolean; keys: string }>(`
    select c.relname as table, i.indisprimary as primary, i.indkey::text as keys
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
    where ${IN_PUBLIC} and i.indisunique and i.indisvalid and i.indpred is null and i.indexprs is null
    order by c.relname, i.indisprimary desc, i.indexrelid`);
  const tables = new Map<string, Table>();
  for (const c of cols) {
    const t = tables.get(c.table) ?? { name: c.table, columns: [], key: null };
    t.columns.push({ name: c.name, type: c.type, attnum: c.attnum, generated: c.generated, identity: c.identity as Column["identity"], notNull: c.not_null });
    tables.set(c.table, t);
  }
  for (const t of tables.values()) t.key = pickKey(t.columns, indexes.filter((i) => i.table === t.name));
  return [...tables.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * Keyset pagination needs a key with no nulls (a row comparison with a null is never true): the
 * primary key, else a unique index over not-null columns, else none (then the copy pages by ctid).
 */
export function pickKey(columns: Column[], indexes: { primary: boolean; keys: string }[]): string[] | null {
  for (const index of indexes) {
    const cols = index.keys.split(" ").map((n) => columns.find((c) => c.attnum === Number(n)));
    if (cols.every((c) => c && c.notNull)) return cols.map((c) => c!.name);
  }
  return null;
}

export async function listForeignKeys(q: Queryable): Promise<ForeignKey[]> {
  return q.query<ForeignKey>(`
    select con.conname as name, c.relname as table, r.relname as references, con.condeferrable as deferrable
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
    join pg_class r on r.oid = con.confrelid join pg_namespace rn on rn.oid = r.relnamespace
    where con.contype = 'f' and con.conparentid = 0 and n.nspname = 'public' and rn.nspname = 'public'
    order by c.relname, con.conname`);
}

/**
 * Parents before children (Kahn's algorithm, ties by name so the order is stable). A foreign key that
 * cannot be satisfied by order alone — a self-reference, or one closing a cycle — is returned in
 * `deferred`: its check is postponed to the end of the copy.
 */
export function copyOrder(tables: string[], fks: ForeignKey[]): { order: string[]; deferred: ForeignKey[] } {
  const edges = fks.filter((f) => f.table !== f.references && tables.includes(f.table) && tables.includes(f.references));
  const pending = new Map(tables.map((t) => [t, new Set(edges.filter((e) => e.table === t).map((e) => e.references))]));
  const order: string[] = [];
  while (pending.size) {
    const ready = [...pending].filter(([, deps]) => deps.size === 0).map(([t]) => t).sort();
    // A cycle: take the first remaining table by name; its unmet references are deferred below.
    const next = ready.length ? ready : [[...pending.keys()].sort()[0]];
    for (const t of next) {
      order.push(t);
      pending.delete(t);
      for (const deps of pending.values()) deps.delete(t);
    }
  }
  const position = new Map(order.map((t, i) => [t, i]));
  const deferred = fks.filter((f) => position.has(f.table) && position.has(f.references) && position.get(f.references)! >= position.get(f.table)!);
  return { order, deferred };
}

// ---------------------------------------------------------------------------------------------------
// Migrations

/** `created_at` of each applied migration: what drizzle's migrator itself compares (not the hash, which changes with line endings). */
export async function appliedMigrations(q: Queryable): Promise<string[]> {
  const [{ exists }] = await q.query<{ exists: boolean }>("select to_regclass('drizzle.__drizzle_migrations') is not null as exists");
  if (!exists) return [];
  const rows = await q.query<{ at: string }>("select created_at::text as at from drizzle.__drizzle_migrations order by created_at");
  return rows.map((r) => r.at);
}

export function repoMigrations(migrationsFolder = repoMigrationsFolder): string[] {
  return readMigrationFiles({ migrationsFolder }).map((m) => String(m.folderMillis));
}

/** Why the source's migrations are not this checkout's, or null when they are. */
export function migrationDifference(applied: string[], repo: string[]): string | null {
  const missing = repo.filter((m) => !applied.includes(m));
  const unknown = applied.filter((m) => !repo.includes(m));
  if (!missing.length && !unknown.length) return null;
  if (unknown.length) {
    return `it has ${unknown.length} migration(s) this checkout does not know (a newer version of the app migrated it): update the checkout first`;
  }
  return `${missing.length} of this checkout's ${repo.length} migrations are not applied to it: run \`npm run db:migrate\` on it first (for the embedded database: start the app once, or run db:migrate without DATABASE_URL)`;
}

// ---------------------------------------------------------------------------------------------------
// Checks

/**
 * Text output that is the same on every server for the same value: row text is what the checksums
 * hash and row JSON is what the copy carries (timestamps, floats, intervals and bytea depend on these).
 */
const TEXT_SETTINGS =
  "select set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true), set_config('IntervalStyle', 'postgres', true), " +
  "set_config('extra_float_digits', '1', true), set_config('bytea_output', 'hex', true)";

/** Applies TEXT_SETTINGS for the rest of the current transaction. */
export async function useStableTextOutput(tx: Queryable) {
  await tx.query(TEXT_SETTINGS);
}

export type TableSum = { table: string; rows: number; checksum: string };

/**
 * Row count and an order-independent checksum of every row's text: the two 64-bit halves of each
 * row's md5 are summed (as numeric, so nothing overflows). Unlike concatenating sorted hashes it needs
 * no sort and constant memory, so a table of any size is checked the same way. Call inside a
 * transaction that ran useStableTextOutput.
 */
export async function tableSum(tx: Queryable, table: string): Promise<TableSum> {
  const [r] = await tx.query<{ rows: string; hi: string; lo: string }>(`
    select count(*)::text as rows,
           coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0)::text as hi,
           coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0)::text as lo
    from (select md5(${ROW}::text) as h from ${qualified(table)} ${ROW}) s`);
  const checksum = createHash("md5").update(`${r.rows}:${r.hi}:${r.lo}`).digest("hex");
  return { table, rows: Number(r.rows), checksum };
}

/** tableSum of every table of `public`, in one snapshot. */
export async function databaseSums(conn: Conn): Promise<TableSum[]> {
  return conn.transaction(async (tx) => {
    await useStableTextOutput(tx);
    const sums: TableSum[] = [];
    for (const t of await listTables(tx)) sums.push(await tableSum(tx, t.name));
    return sums;
  }, "snapshot");
}

export type TableCheck = { table: string; sourceRows: number; targetRows: number; sourceChecksum: string; targetChecksum: string; ok: boolean };

export function compareSums(source: TableSum[], target: TableSum[]): TableCheck[] {
  const names = [...new Set([...source, ...target].map((s) => s.table))].sort();
  return names.map((table) => {
    const s = source.find((x) => x.table === table);
    const t = target.find((x) => x.table === table);
    return {
      table,
      sourceRows: s?.rows ?? -1,
      targetRows: t?.rows ?? -1,
      sourceChecksum: s?.checksum ?? "(missing)",
      targetChecksum: t?.checksum ?? "(missing)",
      ok: !!s && !!t && s.rows === t.rows && s.checksum === t.checksum,
    };
  });
}

/** Tables of `public` that have at least one row. */
export async function tablesWithRows(q: Queryable): Promise<string[]> {
  const found: string[] = [];
  for (const t of await listTables(q)) {
    const [r] = await q.query<{ any: boolean }>(`select exists (select 1 from ${qualified(t.name)}) as any`);
    if (r.any) found.push(t.name);
  }
  return found;
}

/** Differences in tables and columns between two schemas, one line each (empty when they agree). */
export function schemaDifferences(source: Table[], target: Table[]): string[] {
  const shape = (t: Table) => t.columns.map((c) => `${c.name} ${c.type}${c.generated ? " generated" : ""}`).join(", ");
  const out: string[] = [];
  for (const s of source) {
    const t = target.find((x) => x.name === s.name);
    if (!t) out.push(`table ${s.name} is missing in the target`);
    else if (shape(s) !== shape(t)) out.push(`table ${s.name} differs: source (${shape(s)}) / target (${shape(t)})`);
  }
  for (const t of target) if (!source.some((s) => s.name === t.name)) out.push(`table ${t.name} is missing in the source`);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Copy

export type MoveOptions = {
  /** Rows per batch: one round trip each way. */
  batchSize?: number;
  migrationsFolder?: string;
  onProgress?: (event: { table: string; copied: number; done: boolean }) => void;
};

export type MoveReport = { tables: TableCheck[]; copiedRows: number; order: string[] };

/**
 * Copies every table of `public` from `source` to `target`:
 * 1. refuses unless the source has exactly this checkout's migrations, and unless every table the
 *    target already has is empty (checked before anything is written);
 * 2. migrates the target with drizzle's migrator;
 * 3. in one target transaction, against one read-only snapshot of the source: copies the tables in
 *    foreign-key order in keyset batches, with the target's user triggers off (they would count or
 *    stamp rows a second time: the copied tables already hold what they produced), resets every
 *    sequence, and compares per-table counts and checksums — any difference rolls the copy back.
 * The source is only read.
 */
export async function moveDatabase(source: Conn, target: Conn, opts: MoveOptions = {}): Promise<MoveReport> {
  const batchSize = opts.batchSize ?? 5000;
  const folder = opts.migrationsFolder ?? repoMigrationsFolder;

  const why = migrationDifference(await appliedMigrations(source), repoMigrations(folder));
  if (why) throw new MoveRefused(`The source ${source.label} is not on this checkout's schema: ${why}.`);
  await refuseNonEmpty(target, target.label);

  await target.migrate(folder);

  return source.transaction(async (src) => {
    await useStableTextOutput(src);
    return target.transaction(async (dst) => {
      await useStableTextOutput(dst);
      const tables = await listTables(src);
      const diff = schemaDifferences(tables, await listTables(dst));
      if (diff.length) throw new MoveRefused(`The source's and the target's schemas differ after migrating:\n  ${diff.join("\n  ")}`);

      // Nothing else may write to the target meanwhile (a copy of the app started early, say).
      if (tables.length) await dst.query(`lock table ${tables.map((t) => qualified(t.name)).join(", ")} in exclusive mode`);
      await refuseNonEmpty(dst, target.label);

      const { order, deferred } = copyOrder(tables.map((t) => t.name), await listForeignKeys(dst));
      const restoreFks = await deferForeignKeys(dst, deferred);
      const triggers = await userTriggers(dst);
      for (const t of triggers) await dst.query(`alter table ${qualified(t.table)} disable trigger ${quote(t.name)}`);

      let copiedRows = 0;
      for (const name of order) copiedRows += await copyTable(src, dst, tables.find((t) => t.name === name)!, batchSize, opts.onProgress);

      await dst.query("set constraints all immediate"); // the deferred checks run here, before anything is restored
      for (const sqlText of restoreFks) await dst.query(sqlText);
      for (const t of triggers) await dst.query(`alter table ${qualified(t.table)} enable trigger ${quote(t.name)}`);
      await resetSequences(src, dst);

      const report = compareSums(await sumsOf(src, tables), await sumsOf(dst, tables));
      if (report.some((t) => !t.ok)) throw new MoveMismatch(report);
      return { tables: report, copiedRows, order };
    });
  }, "snapshot");
}

async function refuseNonEmpty(q: Queryable, label?: string) {
  const full = await tablesWithRows(q);
  if (full.length) {
    throw new MoveRefused(
      `The target${label ? ` ${label}` : ""} already has data (${full.slice(0, 5).join(", ")}${full.length > 5 ? ", …" : ""}); ` +
        "a move only fills an empty database. Nothing was written. Use a new database, or empty this one yourself.",
    );
  }
}

async function sumsOf(q: Queryable, tables: Table[]) {
  const sums: TableSum[] = [];
  for (const t of tables) sums.push(await tableSum(q, t.name));
  return sums;
}

/** Makes each foreign key deferred for this transaction; returns the statements that undo the ALTERs. */
async function deferForeignKeys(dst: Queryable, fks: ForeignKey[]): Promise<string[]> {
  const undo: string[] = [];
  for (const fk of fks) {
    if (!fk.deferrable) {
      await dst.query(`alter table ${qualified(fk.table)} alter constraint ${quote(fk.name)} deferrable initially deferred`);
      undo.push(`alter table ${qualified(fk.table)} alter constraint ${quote(fk.name)} not deferrable`);
    }
    await dst.query(`set constraints public.${quote(fk.name)} deferred`);
  }
  return undo;
}

/** Enabled, non-internal triggers (foreign-key checks are internal and stay on). */
async function userTriggers(q: Queryable) {
  return q.query<{ table: string; name: string }>(`
    select c.relname as table, t.tgname as name
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and not t.tgisinternal and t.tgenabled <> 'D' and t.tgparentid = 0
    order by c.relname, t.tgname`);
}

/**
 * One table, `batchSize` rows at a time: the source sends a batch as one JSON text (so no driver turns
 * a bigint or a numeric into a float on the way) with the key of its last row, and the target inserts
 * it with json_populate_recordset. JSON rather than JSONB: a json column's text arrives as it was.
 * Generated columns are left to the target to compute; identity columns keep their values.
 */
async function copyTable(
  src: Queryable,
  dst: Queryable,
  table: Table,
  batchSize: number,
  onProgress?: MoveOptions["onProgress"],
): Promise<number> {
  // Without a usable key, pages by ctid: stable within the snapshot the source is read in.
  const keyExpr = table.key ? table.key.map((k) => `${ROW}.${quote(k)}`) : [`${ROW}.ctid`];
  const keyTypes = table.key ? table.key.map((k) => table.columns.find((c) => c.name === k)!.type) : ["tid"];
  const orderBy = keyExpr.join(", ");
  const after = `where (${orderBy}) > (${keyTypes.map((type, i) => `$${i + 1}::text::${type}`).join(", ")})`;
  const read = (where: string) => `
    select count(*)::int as n, coalesce(json_agg(b.r order by b.ord), '[]')::text as batch,
           (array_agg(b.k order by b.ord desc))[1] as last
    from (
      select row_to_json(${ROW}) as r, json_build_array(${keyExpr.map((k) => `${k}::text`).join(", ")})::text as k,
             row_number() over (order by ${orderBy}) as ord
      from ${qualified(table.name)} ${ROW} ${where} order by ${orderBy} limit ${batchSize}
    ) b`;
  const cols = table.columns.filter((c) => !c.generated).map((c) => quote(c.name)).join(", ");
  // `generated always as identity` refuses a value without it; harmless for `by default`.
  const overriding = table.columns.some((c) => c.identity) ? "overriding system value" : "";
  const write =
    `insert into ${qualified(table.name)} (${cols}) ${overriding} ` +
    `select ${cols} from json_populate_recordset(null::${qualified(table.name)}, $1::json)`;

  let copied = 0;
  let last: string[] | null = null;
  for (;;) {
    const [b] = await src.query<{ n: number; batch: string; last: string | null }>(read(last ? after : ""), last ?? []);
    if (b.n > 0) await dst.query(write, [b.batch]);
    copied += b.n;
    const done = b.n < batchSize;
    onProgress?.({ table: table.name, copied, done });
    if (done) return copied;
    last = z.array(z.string()).parse(JSON.parse(b.last!));
  }
}

type Sequence = { seq: string; tbl: string | null; col: string | null; increment: string; min: string };

async function listSequences(q: Queryable): Promise<Sequence[]> {
  return q.query<Sequence>(`
    select format('%I.%I', n.nspname, s.relname) as seq, c.relname as tbl, a.attname as col,
           q.seqincrement::text as increment, q.seqmin::text as min
    from pg_class s join pg_namespace n on n.oid = s.relnamespace join pg_sequence q on q.seqrelid = s.oid
    left join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = s.oid
                         and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
    left join pg_class c on c.oid = d.refobjid
    left join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
    where s.relkind = 'S' and n.nspname = 'public'
    order by 1`);
}

/**
 * Every sequence of `public` continues after the copied rows: at the source's next value or past the
 * largest value of the column it feeds (identity columns included), whichever is later, so no id the
 * source ever handed out is handed out again.
 */
async function resetSequences(src: Queryable, dst: Queryable) {
  const inSource = new Set((await listSequences(src)).map((s) => s.seq));
  for (const s of await listSequences(dst)) {
    let sourceNext: string | null = null;
    if (inSource.has(s.seq)) {
      const [state] = await src.query<{ next: string }>(
        `select (case when is_called then last_value + $1::bigint else last_value end)::text as next from ${s.seq}`,
        [s.increment],
      );
      sourceNext = state.next;
    }
    const ascending = BigInt(s.increment) > 0n;
    const pastMax = s.tbl && s.col && ascending ? `(select max(${quote(s.col)})::bigint + 1 from ${qualified(s.tbl)})` : "null";
    await dst.query(`select setval($1::regclass, greatest($2::bigint, ${pastMax}, $3::bigint), false)`, [s.seq, sourceNext, s.min]);
  }
}

// ---------------------------------------------------------------------------------------------------
// For the command-line tools

/** The embedded database the app uses when DATABASE_URL is unset (PGLITE_DIR, or .data/pglite). */
export function appPglite(): Endpoint {
  return { kind: "pglite", dir: pgliteDir() };
}

/** The database the app itself uses: DATABASE_URL, else the embedded one. */
export function appEndpoint(): Endpoint {
  return process.env.DATABASE_URL ? parseEndpoint(process.env.DATABASE_URL) : appPglite();
}

/** The check table the CLI prints: table / rows / checksum / OK. */
export function formatChecks(checks: TableCheck[]): string {
  const width = Math.max(5, ...checks.map((c) => c.table.length));
  const rows = (c: TableCheck) => (c.sourceRows === c.targetRows ? String(c.sourceRows) : `${c.sourceRows} → ${c.targetRows}`);
  const sum = (c: TableCheck) =>
    c.sourceChecksum !== c.targetChecksum
      ? `${c.sourceChecksum.slice(0, 12)} ≠ ${c.targetChecksum.slice(0, 12)}`
      : c.sourceRows === 0
        ? "(empty)".padEnd(12)
        : c.sourceChecksum.slice(0, 12);
  const lines = [`${"table".padEnd(width)}  ${"rows".padStart(9)}  checksum`];
  for (const c of checks) lines.push(`${c.table.padEnd(width)}  ${rows(c).padStart(9)}  ${sum(c)}  ${c.ok ? "OK" : "MISMATCH"}`);
  return lines.join("\n");
}

/** What to do once the data is in `target`, after a move or a restore. */
export function nextSteps(target: Endpoint, after: "move" | "restore" = "move"): string {
  const keep =
    after === "restore"
      ? "  3. Keep the backup file: it is what you can go back to."
      : target.kind === "postgres"
        ? "  3. Keep the embedded database directory until you are satisfied; the move did not change it."
        : "  3. The PostgreSQL database was not changed; drop it yourself once you no longer need it.";
  if (target.kind === "postgres") {
    return [
      "Next:",
      `  1. Set DATABASE_URL=${target.url} for the app (in .env.local, or the environment of the service).`,
      "  2. Restart the app (and any `npm run worker`). It now reads and writes PostgreSQL only.",
      keep,
    ].join("\n");
  }
  return [
    "Next:",
    `  1. Remove DATABASE_URL from the app's environment and set PGLITE_DIR=${target.dir}` +
      (path.normalize(target.dir) === path.normalize(".data/pglite") ? " (or leave it unset: that is the default)." : "."),
    "  2. Restart the app. Only one process can open the embedded database: stop any separate worker.",
    keep,
  ].join("\n");
}

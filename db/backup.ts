import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { pipeline } from "node:stream/promises";
import type { PGlite } from "@electric-sql/pglite";
import { pgDump } from "@electric-sql/pglite-tools/pg_dump";
import { Readable } from "node:stream";
import { listTables, openEndpoint, qualified, type Endpoint, type Queryable } from "./move";

/**
 * `npm run db:backup` / `db:restore`. The embedded database is dumped by PGlite's own pg_dump (a
 * WebAssembly build in @electric-sql/pglite-tools) as plain SQL; PostgreSQL by the server's pg_dump
 * in its custom format. docs/moving-and-backups.md says which restores where.
 */

export type BackupFormat = "sql" | "custom";

/** `backups/coupon-<kind>-<UTC timestamp>.<ext>`, e.g. backups/coupon-pglite-20261207T153012Z.sql. */
export function defaultBackupPath(kind: Endpoint["kind"], now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
  return path.join("backups", `coupon-${kind}-${stamp}.${kind === "pglite" ? "sql" : "dump"}`);
}

/** pg_dump's custom format starts with these five bytes; anything else is taken for SQL text. */
export function detectFormat(file: string): BackupFormat {
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, head, 0, 5, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head.toString("latin1") === "PGDMP" ? "custom" : "sql";
}

// ---------------------------------------------------------------------------------------------------
// Client tools

export class ToolError extends Error {
  override name = "ToolError";
}

/** The major version in `pg_dump (PostgreSQL) 16.4 (Debian …)`, or null. */
export function toolMajor(versionOutput: string): number | null {
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(versionOutput);
  return m ? Number(m[1]) : null;
}

export async function serverMajor(q: Queryable): Promise<number> {
  const [r] = await q.query<{ v: string }>("select current_setting('server_version_num') as v");
  return Math.floor(Number(r.v) / 10000);
}

function missingTool(tool: string) {
  return new ToolError(
    `${tool} was not found on PATH. Install the PostgreSQL client tools of your server's major version ` +
      "(e.g. `apt-get install postgresql-client-16`, `brew install libpq`), or put them on PATH.",
  );
}

/** Runs a client tool; `stdin` is piped in when given. Rejects with its stderr when it fails. */
export function runTool(tool: string, args: string[], stdin?: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", (e: NodeJS.ErrnoException) => reject(e.code === "ENOENT" ? missingTool(tool) : e));
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new ToolError(`${tool} failed (exit ${code}):\n${err.trim() || out.trim()}`)),
    );
    if (stdin && child.stdin) {
      // A tool that stops reading early (it failed) closes the pipe: its exit code tells why.
      child.stdin.on("error", () => {});
      pipeline(stdin, child.stdin).catch(() => {});
    }
  });
}

/** The installed tool's major version; refuses one older than the server (it would refuse itself, less clearly). */
export async function checkToolVersion(tool: string, server: number): Promise<number> {
  const major = toolMajor(await runTool(tool, ["--version"]));
  if (major === null) throw new ToolError(`Could not read the version of ${tool}.`);
  if (major < server) {
    throw new ToolError(
      `${tool} is version ${major} but the server is PostgreSQL ${server}: ${tool} must be at least the server's ` +
        `major version. Install postgresql-client-${server} (or newer) and make sure it comes first on PATH.`,
    );
  }
  return major;
}

// ---------------------------------------------------------------------------------------------------
// Backup

/** The embedded database as plain SQL (INSERTs, which PGlite's `exec` can replay; COPY it cannot). */
export async function backupPglite(pg: PGlite, outFile: string): Promise<void> {
  // No owners or grants: the dump restores as whoever restores it, on PGlite or on a server.
  const file = await pgDump({ pg, args: ["--no-owner", "--no-privileges"] });
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  fs.writeFileSync(outFile, Buffer.from(await file.arrayBuffer()));
}

/**
 * PostgreSQL in pg_dump's custom format: compressed, and pg_restore can restore it whole or in part.
 * `q` is a connection to the same database, to compare versions.
 */
export async function backupPostgres(url: string, q: Queryable, outFile: string): Promise<void> {
  await checkToolVersion("pg_dump", await serverMajor(q));
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  await runTool("pg_dump", ["--format=custom", `--file=${outFile}`, `--dbname=${url}`]);
}

/** Backs up an endpoint to `outFile`; a PGlite directory must exist (and is locked meanwhile). */
export async function backupEndpoint(e: Endpoint, outFile: string): Promise<void> {
  const conn = await openEndpoint(e, { mustExist: true });
  try {
    if (conn.pglite) await backupPglite(conn.pglite, outFile);
    else if (e.kind === "postgres") await backupPostgres(e.url, conn, outFile);
  } finally {
    await conn.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// Restore

export class RestoreRefused extends Error {
  override name = "RestoreRefused";
}

/**
 * What makes a database not new: relations in any schema, schemas besides `public`, functions or types
 * in `public`. A dump creates all of these, so restoring over any of them would fail half-way, or mix two
 * databases. An already-migrated but empty database counts as not new too (use `db:move` to fill one).
 */
export async function existingObjects(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ what: string }>(`
    (select 'relation ' || n.nspname || '.' || c.relname as what
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
        and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
      limit 5)
    union all
    (select 'schema ' || nspname from pg_namespace
      where nspname not in ('public', 'information_schema') and nspname not like 'pg\\_%' limit 5)
    union all
    (select 'function public.' || p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' limit 5)
    union all
    (select 'type public.' || t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace
      where n.nspname = 'public' and t.typtype in ('e', 'd', 'r', 'm') limit 5)`);
  return rows.map((r) => r.what);
}

async function refuseUnlessNew(q: Queryable, label: string) {
  const found = await existingObjects(q);
  if (found.length) {
    throw new RestoreRefused(
      `${label} is not a new, empty database (it has ${found.slice(0, 5).join(", ")}…). A restore only goes into a ` +
        "database with nothing in it: create one (`createdb coupon_restored`) or name a new pglite: directory. Nothing was written.",
    );
  }
}

/**
 * Lines the SQL may carry that PGlite's `exec` cannot run: psql's `\restrict` guard (newer pg_dump
 * writes it around plain dumps; it only matters to psql).
 */
export function stripPsqlMetaCommands(sqlText: string): string {
  return sqlText.replace(/^\\(un)?restrict .*$/gm, "");
}

function refuseCustomIntoPglite(file: string) {
  if (detectFormat(file) === "custom") {
    throw new RestoreRefused(
      "This is a pg_dump custom-format archive (a PostgreSQL backup); PGlite restores plain SQL only. " +
        "To bring a PostgreSQL database into PGlite use `npm run db:move -- --from postgres://… --to pglite:<dir>`.",
    );
  }
}

/** Into a PGlite instance with nothing in it: the SQL runs as one implicit transaction (all or nothing). */
export async function restoreIntoPglite(file: string, pg: PGlite, label = "the target"): Promise<void> {
  const q: Queryable = { query: async <T>(text: string, params: readonly unknown[] = []) => (await pg.query<T>(text, [...params])).rows };
  refuseCustomIntoPglite(file);
  await refuseUnlessNew(q, label);
  const text = stripPsqlMetaCommands(fs.readFileSync(file, "utf8"));
  if (/^COPY .* FROM stdin;$/m.test(text)) {
    throw new RestoreRefused(
      "This SQL dump loads data with COPY … FROM stdin, which only psql can feed. Dump with `pg_dump --inserts`, " +
        "or use `npm run db:move` to copy between databases.",
    );
  }
  try {
    await pg.exec(text);
  } finally {
    await pg.exec("reset all"); // the dump empties search_path for its session
  }
}

/**
 * A plain dump made by a newer pg_dump sets parameters an older server does not have. The ones that
 * only switch a timeout off are dropped for such a server; anything else still fails loudly.
 */
export function compatFilter(server: number): (line: string) => boolean {
  return (line) => !(server < 17 && /^SET transaction_timeout = 0;$/.test(line));
}

/** Into a new, empty PostgreSQL database: custom archives through pg_restore, SQL through psql; one transaction either way. */
export async function restoreIntoPostgres(file: string, url: string, q: Queryable, label = "the target"): Promise<void> {
  await refuseUnlessNew(q, label);
  const server = await serverMajor(q);
  if (detectFormat(file) === "custom") {
    await checkToolVersion("pg_restore", server);
    await runTool("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${url}`, file]);
    return;
  }
  const keep = compatFilter(server);
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  const filtered = async function* () {
    for await (const line of lines) if (keep(line)) yield `${line}\n`;
  };
  await runTool("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", `--dbname=${url}`, "-f", "-"], Readable.from(filtered()));
}

/** Restores `file` into an endpoint (a pglite: directory is created when missing, and locked). */
export async function restoreEndpoint(file: string, e: Endpoint): Promise<void> {
  if (!fs.existsSync(file)) throw new RestoreRefused(`No such file: ${file}`);
  if (e.kind === "pglite") refuseCustomIntoPglite(file); // before opening creates the directory
  const conn = await openEndpoint(e);
  try {
    if (conn.pglite) await restoreIntoPglite(file, conn.pglite, conn.label);
    else if (e.kind === "postgres") await restoreIntoPostgres(file, e.url, conn, conn.label);
  } finally {
    await conn.close();
  }
}

/** Row counts of `public` after a restore, for the CLI to show. */
export async function rowCounts(q: Queryable): Promise<{ table: string; rows: number }[]> {
  const out: { table: string; rows: number }[] = [];
  for (const t of await listTables(q)) {
    const [r] = await q.query<{ n: string }>(`select count(*)::text as n from ${qualified(t.name)}`);
    out.push({ table: t.name, rows: Number(r.n) });
  }
  return out;
}

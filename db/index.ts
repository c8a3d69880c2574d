import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import postgres from "postgres";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything that runs queries: the database or a transaction inside it. */
export type Executor = Db | Tx;

type Handle = { db: Db; kind: "postgres" | "pglite"; close: () => Promise<void>; client?: postgres.Sql };

const globalForDb = globalThis as unknown as { __couponDb?: Handle };

export function databaseKind(): "postgres" | "pglite" {
  return process.env.DATABASE_URL ? "postgres" : "pglite";
}

/** The embedded database's data directory; `memory://` keeps it in memory (tests). */
export function pgliteDir(): string {
  return process.env.PGLITE_DIR || ".data/pglite";
}

function lockPath(dir: string) {
  return `${path.resolve(dir)}.lock`;
}

function pidAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite takes no lock across processes: two processes on one data directory lose writes.
 * The first process to open it writes its pid next to it; any other live process is refused.
 */
export function acquirePgliteLock(dir: string) {
  if (dir.startsWith("memory://")) return;
  const file = lockPath(dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = Number(fs.readFileSync(file, "utf8").trim());
      if (holder === process.pid) return;
      if (holder && pidAlive(holder)) {
        throw new Error(
          `The embedded database in ${dir} is in use by process ${holder} (probably the running app). ` +
            "Stop it first: PGlite allows only one process at a time.",
        );
      }
      fs.rmSync(file, { force: true }); // stale lock of a process that died
    }
  }
  const release = () => {
    try {
      if (fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
  };
  process.once("exit", release);
}

/**
 * drizzle's postgres-js driver turns postgres.js's date serializers into pass-throughs (it maps the
 * values of date columns itself), so a `Date` that reaches a parameter any other way — a raw `sql`
 * template, a comparison whose left side is an expression — made postgres.js throw ("Received an
 * instance of Date") where PGlite accepted it. Put the serializers back for `Date`; the strings
 * drizzle maps pass through unchanged.
 */
function serializeDates(client: postgres.Sql) {
  const toText = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  for (const oid of [1184, 1114, 1082]) client.options.serializers[oid] = toText;
}

function open(): Handle {
  const url = process.env.DATABASE_URL;
  if (url) {
    const client = postgres(url, {
      onnotice: () => {},
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      // No JIT: compiling a segment's count or an analytics read cost more (≈100 ms) than it saved.
      // The name lets /api/metrics count this application's connections in pg_stat_activity.
      connection: { jit: "off", application_name: "coupon-console" },
    });
    const db = drizzlePostgres({ client, schema, casing: "snake_case" });
    serializeDates(client);
    return {
      db,
      kind: "postgres",
      close: () => client.end({ timeout: 5 }),
      client,
    };
  }
  const dir = pgliteDir();
  acquirePgliteLock(dir);
  if (!dir.startsWith("memory://")) fs.mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  // Both drivers expose the same query builder; the postgres-js type stands for both.
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db;
  return { db, kind: "pglite", close: () => client.close() };
}

/** The process-wide database handle, created on first use and kept across dev hot reloads. */
export function getHandle(): Handle {
  globalForDb.__couponDb ??= open();
  return globalForDb.__couponDb;
}

export async function closeDb() {
  const handle = globalForDb.__couponDb;
  globalForDb.__couponDb = undefined;
  await handle?.close();
}

/** Lazy proxy: importing this module opens nothing, so `next build` never touches the database. */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const real = getHandle().db as unknown as Record<PropertyKey, unknown>;
    const value = real[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(real) : value;
  },
});

/** Rows of a raw `execute()`: postgres.js returns an array, PGlite `{ rows }`. */
export async function rows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const dialect = new PgDialect({ casing: "snake_case" });

/**
 * `rows(db, query)` for the statements every claim and redemption runs: on PostgreSQL a named prepared
 * statement (parsed and planned once per connection; after five runs PostgreSQL may keep a generic
 * plan), where drizzle sends every query unnamed and PostgreSQL plans it on every call, which cost the
 * redemption lookup 2 ms a call. The SQL text must not vary from call to call (values are parameters).
 * PGlite runs it as `rows` does.
 */
export async function preparedRows<T>(query: SQL): Promise<T[]> {
  const handle = getHandle();
  if (!handle.client) return rows<T>(handle.db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await handle.client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[];
}

export { schema };

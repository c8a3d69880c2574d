import { execSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import * as schema from "@/db/schema";
import { seedCampaign, seedGroup, seedTestOrg } from "@/db/seed/builders";
import { seedDemo } from "@/db/seed/demo";
import { backupEndpoint, backupPglite, restoreEndpoint, RestoreRefused, ToolError } from "@/db/backup";
import {
  copyOrder,
  moveDatabase,
  MoveMismatch,
  MoveRefused,
  openEndpoint,
  repoMigrationsFolder,
  type Conn,
  type Endpoint,
  type Queryable,
} from "@/db/move";

// Needs PostgreSQL and PGlite at once: runs in the `postgres` vitest project only (see vitest.config.ts).

const adminUrl = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
let admin: postgres.Sql;
let cleanups: (() => Promise<void> | void)[] = [];

beforeAll(() => {
  admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
});
afterEach(async () => {
  const pending = cleanups.reverse();
  cleanups = [];
  const failed: unknown[] = [];
  for (const undo of pending) await Promise.resolve().then(undo).catch((e: unknown) => failed.push(e));
  if (failed.length) throw failed[0];
});
afterAll(async () => {
  await admin.end();
});

/** A new database on the test server, dropped after the test. */
async function newPostgres(): Promise<Endpoint & { kind: "postgres" }> {
  const name = `move_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database "${name}"`);
  cleanups.push(() => admin.unsafe(`drop database if exists "${name}" with (force)`).then(() => {}));
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { kind: "postgres", url: u.toString() };
}

/** A PGlite directory under the system's temp directory (its lock file beside it), removed after the test. */
function newPgliteDir(): Endpoint & { kind: "pglite" } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "move-test-"));
  cleanups.push(() => fs.rmSync(parent, { recursive: true, force: true }));
  return { kind: "pglite", dir: path.join(parent, "db") };
}

async function open(e: Endpoint): Promise<Conn> {
  const conn = await openEndpoint(e);
  cleanups.push(() => conn.close());
  return conn;
}

const asDb = (conn: Conn) => drizzlePglite({ client: conn.pglite!, schema, casing: "snake_case" }) as unknown as Db;

/**
 * What the tests compare, computed apart from db/move.ts: the tables listed from pg_tables, and per
 * table the row count and the md5 of the sorted list of each row's md5 (sorted here, in JavaScript).
 */
async function fingerprint(conn: Conn): Promise<Record<string, { rows: number; digest: string }>> {
  return conn.transaction(async (tx) => {
    await tx.query("select set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true), set_config('IntervalStyle', 'postgres', true), set_config('extra_float_digits', '1', true)");
    const tables = await tx.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public' order by 1");
    const out: Record<string, { rows: number; digest: string }> = {};
    for (const { name } of tables) {
      const hashes = (await tx.query<{ h: string }>(`select md5(x::text) as h from public."${name}" x`)).map((r) => r.h).sort();
      out[name] = { rows: hashes.length, digest: createHash("md5").update(hashes.join("\n")).digest("hex") };
    }
    return out;
  });
}

async function count(q: Queryable, sqlText: string): Promise<number> {
  const [r] = await q.query<{ n: string }>(`select (${sqlText})::text as n`);
  return Number(r.n);
}

/** Every identity column's next value is past the largest value in its column. */
async function expectSequencesContinue(conn: Conn) {
  const identities = await conn.query<{ tbl: string; col: string }>(`
    select c.relname as tbl, a.attname as col from pg_attribute a join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and a.attidentity <> ''`);
  expect(identities.length).toBeGreaterThan(0);
  for (const { tbl, col } of identities) {
    const max = await count(conn, `select coalesce(max("${col}"), 0) from public."${tbl}"`);
    const next = await count(conn, `select nextval(pg_get_serial_sequence('public."${tbl}"', '${col}'))`);
    expect(next, `${tbl}.${col}`).toBeGreaterThan(max);
  }
  // And the app's own kind of insert, one that leaves the id to the identity column.
  const before = await count(conn, "select max(id) from codes");
  const [row] = await conn.query<{ id: string }>(`
    insert into codes (org_id, group_id, code, seq)
    select org_id, group_id, 'MOVED' || md5(random()::text), (select max(seq) + 1 from codes c where c.group_id = codes.group_id)
    from codes order by id limit 1 returning id::text`);
  expect(Number(row.id)).toBeGreaterThan(before);
}

async function expectSameData(a: Conn, b: Conn) {
  const [fa, fb] = [await fingerprint(a), await fingerprint(b)];
  expect(Object.keys(fa).length).toBeGreaterThan(0);
  expect(fb).toEqual(fa);
  return fa;
}

/** The move's own report agrees with the independent fingerprint. */
function expectReportMatches(report: Awaited<ReturnType<typeof moveDatabase>>, print: Record<string, { rows: number }>) {
  expect(report.tables.every((t) => t.ok)).toBe(true);
  expect(Object.fromEntries(report.tables.map((t) => [t.table, t.targetRows]))).toEqual(
    Object.fromEntries(Object.entries(print).map(([k, v]) => [k, v.rows])),
  );
}

const hasTool = (tool: string) => {
  try {
    execSync(`command -v ${tool}`, { stdio: "ignore", shell: "/bin/sh" });
    return true;
  } catch {
    return false;
  }
};

// The demo organisation, seeded once into an embedded database that the tests only read (a move, a backup).
let demo: Conn;
let demoDir: string;
beforeAll(async () => {
  demoDir = fs.mkdtempSync(path.join(os.tmpdir(), "move-test-demo-"));
  demo = await openEndpoint({ kind: "pglite", dir: path.join(demoDir, "db") });
  await demo.migrate(repoMigrationsFolder);
  await seedDemo(asDb(demo));
});
afterAll(async () => {
  await demo?.close();
  fs.rmSync(demoDir, { recursive: true, force: true });
});

describe("db:move", () => {

  it("moves the demo seed PGlite → PostgreSQL → PGlite with equal counts and checksums, and sequences continue", async () => {
    const source = await fingerprint(demo);
    expect(source.codes.rows).toBeGreaterThan(0);
    expect(source.consumers.rows).toBeGreaterThan(0);

    const pg = await open(await newPostgres());
    const there = await moveDatabase(demo, pg);
    expectReportMatches(there, await expectSameData(demo, pg));
    // consumer_counts is kept by a trigger on consumers: copied, not counted a second time.
    expect(await count(pg, "select sum(n) from consumer_counts")).toBe(await count(demo, "select sum(n) from consumer_counts"));
    await expectSequencesContinue(pg);

    // Back, in tiny batches so every keyset (composite keys, ctid for the tables without one) resumes many times.
    const back = await open(newPgliteDir());
    const report = await moveDatabase(pg, back, { batchSize: 7 });
    expectReportMatches(report, await expectSameData(pg, back));
    await expectSequencesContinue(back);
  });

  it("moves 100,000 codes both ways", async () => {
    const src = await open(newPgliteDir());
    await src.migrate(repoMigrationsFolder);
    const db = asDb(src);
    const { org, users } = await seedTestOrg(db, "bulk");
    const campaign = await seedCampaign(db, { orgId: org.id });
    const group = await seedGroup(db, { orgId: org.id, campaignId: campaign.id, name: "bulk", slug: "bulk", mode: "unique", quantity: 10, prefix: "BK", createdBy: users.marketer.id });
    await src.query(
      `insert into codes (org_id, group_id, code, seq, status, claimed_at)
       select $1::uuid, $2::uuid, 'BULK' || lpad(n::text, 7, '0'), 10 + n,
              (case when n % 3 = 0 then 'claimed' else 'available' end)::code_status,
              case when n % 3 = 0 then timestamptz '2026-01-01 00:00:00.123456+08' + n * interval '1 second' end
       from generate_series(1, 100000) n`,
      [org.id, group.id],
    );
    expect(await count(src, "select count(*) from codes")).toBeGreaterThanOrEqual(100_000);

    const pg = await open(await newPostgres());
    expectReportMatches(await moveDatabase(src, pg), await expectSameData(src, pg));
    const back = await open(newPgliteDir());
    expectReportMatches(await moveDatabase(pg, back), await expectSameData(pg, back));
    await expectSequencesContinue(back);
  });

  it("refuses a target that has data, and leaves it untouched", async () => {
    const target = await open(await newPostgres());
    await target.migrate(repoMigrationsFolder);
    await target.query("insert into organizations (slug, name) values ('already-here', 'Already here')");
    const before = await fingerprint(target);
    const migrations = await count(target, "select count(*) from drizzle.__drizzle_migrations");

    await expect(moveDatabase(demo, target)).rejects.toThrow(MoveRefused);
    await expect(moveDatabase(demo, target)).rejects.toThrow(/already has data \(organizations\)/);
    expect(await fingerprint(target)).toEqual(before);
    expect(await count(target, "select count(*) from drizzle.__drizzle_migrations")).toBe(migrations);
  });

  it("refuses a source whose migrations are behind, before writing anything", async () => {
    const src = await open(newPgliteDir());
    await src.migrate(repoMigrationsFolder);
    await src.query("delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)");
    const target = await open(await newPostgres());
    await expect(moveDatabase(src, target)).rejects.toThrow(/npm run db:migrate/);
    expect(await count(target, "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')")).toBe(0);
  });

  it("copies a self-referencing table whose children come before their parents", async () => {
    const tree = "create table public.move_test_tree (id int primary key, parent int references public.move_test_tree (id), label text)";
    const src = await open(newPgliteDir());
    await src.migrate(repoMigrationsFolder);
    await src.exec(`${tree}; insert into public.move_test_tree values (1, 3, 'a'), (2, 3, 'b'), (3, null, 'root'), (4, 1, 'c');`);
    const target = await open(await newPostgres());
    await target.exec(tree);

    const report = await moveDatabase(src, target, { batchSize: 1 });
    expectReportMatches(report, await expectSameData(src, target));
    // The foreign key was deferred for the copy only.
    const deferrable = "select count(*) from pg_constraint where conrelid = 'public.move_test_tree'::regclass and contype = 'f' and condeferrable";
    expect(await count(target, deferrable)).toBe(await count(src, deferrable));
  });

  it("rolls the whole copy back when a checksum differs", async () => {
    const tables = "create table public.move_test_a (id int primary key); create table public.move_test_b (id int primary key)";
    const src = await open(newPgliteDir());
    await src.migrate(repoMigrationsFolder);
    await src.exec(`${tables}; insert into public.move_test_a select generate_series(1, 10);`);
    // A rule (not a trigger, so the copy leaves it on) that makes the target differ from what was sent.
    const target = await open(await newPostgres());
    await target.exec(`${tables}; create rule move_test_echo as on insert to public.move_test_a do also insert into public.move_test_b values (new.id);`);

    const failure = await moveDatabase(src, target).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MoveMismatch);
    expect((failure as MoveMismatch).report.filter((t) => !t.ok).map((t) => t.table)).toEqual(["move_test_b"]);
    const rows = await fingerprint(target);
    expect(Object.values(rows).every((t) => t.rows === 0)).toBe(true);
  });

  it("orders tables parents first and defers what closes a cycle", () => {
    const fk = (table: string, references: string) => ({ name: `${table}_${references}`, table, references, deferrable: false });
    const { order, deferred } = copyOrder(["a", "b", "c", "d"], [fk("d", "c"), fk("c", "c"), fk("a", "b"), fk("b", "a")]);
    expect(order.indexOf("c")).toBeLessThan(order.indexOf("d"));
    expect(deferred.map((f) => f.name).sort()).toEqual([order.indexOf("a") < order.indexOf("b") ? "a_b" : "b_a", "c_c"].sort());
  });

  it("refuses an embedded database another process holds", async () => {
    const e = newPgliteDir();
    fs.mkdirSync(path.dirname(e.dir), { recursive: true });
    fs.writeFileSync(`${path.resolve(e.dir)}.lock`, String(process.ppid)); // a live process that is not this one
    await expect(openEndpoint(e)).rejects.toThrow(/in use by process/);
  });
});

describe("db:backup / db:restore", () => {
  let dumps: string;
  beforeAll(() => {
    dumps = path.join(demoDir, "backups");
  });

  it("restores a PGlite dump into a new PGlite with equal checksums, and refuses a database that is not new", async () => {
    const file = path.join(dumps, "pglite.sql");
    await backupPglite(demo.pglite!, file);
    const target = newPgliteDir();
    await restoreEndpoint(file, target);
    const restored = await open(target);
    await expectSameData(demo, restored);
    expect(await count(restored, "select count(*) from drizzle.__drizzle_migrations")).toBe(
      await count(demo, "select count(*) from drizzle.__drizzle_migrations"),
    );
    await restored.close();
    await expect(restoreEndpoint(file, target)).rejects.toThrow(RestoreRefused);
  });

  it("restores a PGlite dump into PostgreSQL through psql", async () => {
    const file = path.join(dumps, "pglite-to-pg.sql");
    await backupPglite(demo.pglite!, file);
    const target = await newPostgres();
    if (!hasTool("psql")) {
      await expect(restoreEndpoint(file, target)).rejects.toThrow(/psql was not found/);
      return;
    }
    await restoreEndpoint(file, target);
    await expectSameData(demo, await open(target));
  });

  it("backs PostgreSQL up with pg_dump and restores it with pg_restore", async () => {
    const source = await newPostgres();
    const pg = await open(source);
    await moveDatabase(demo, pg);
    const file = path.join(dumps, "postgres.dump");
    if (!hasTool("pg_dump")) {
      await expect(backupEndpoint(source, file)).rejects.toThrow(ToolError);
      return;
    }
    await backupEndpoint(source, file);
    const target = await newPostgres();
    await restoreEndpoint(file, target);
    const restored = await open(target);
    await expectSameData(pg, restored);
    await expect(restoreEndpoint(file, target)).rejects.toThrow(RestoreRefused);
    // A PostgreSQL archive does not go into PGlite (db:move does that).
    await expect(restoreEndpoint(file, newPgliteDir())).rejects.toThrow(/custom-format/);
  });
});

import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, rows } from "@/db";
import { maintainTables } from "./maintenance";

async function measured(table: string) {
  const [r] = await rows<{ relpages: number; reltuples: number }>(
    db,
    sql`select relpages, reltuples::float8 as reltuples from pg_class where relname = ${table} and relkind = 'r'`,
  );
  return { relpages: Number(r.relpages), reltuples: Number(r.reltuples) };
}

beforeAll(async () => {
  // Out of autovacuum's reach, so only maintainTables measures it.
  await db.execute(sql`create table if not exists maintenance_probe (id serial primary key, note text) with (autovacuum_enabled = false)`);
  await db.execute(sql`insert into maintenance_probe (note) select repeat('x', 100) from generate_series(1, 20000)`);
});

describe("maintainTables", () => {
  it("vacuums and analyzes a table that grew since it was last measured, then leaves it alone", async () => {
    expect((await measured("maintenance_probe")).relpages).toBe(0);
    const first = await maintainTables({ force: true });
    expect(first).toContainEqual(expect.objectContaining({ table: "maintenance_probe", reason: "grown" }));
    const after = await measured("maintenance_probe");
    expect(after.relpages).toBeGreaterThan(100);
    expect(after.reltuples).toBe(20000);
    const second = await maintainTables({ force: true });
    expect(second.map((t) => t.table)).not.toContain("maintenance_probe");
  });
});

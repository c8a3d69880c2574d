import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { closeDb, db, getHandle } from "@/db";
import { applyMigrations } from "@/db/migrate-lib";
import { codeGroups, codes } from "@/db/schema";
import { seedCampaign, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { createGroup } from "@/lib/codes/groups";
import { defaultCodeLength, generateCodes } from "@/lib/codes/rules";
import { codeListQuerySchema, createGroupSchema } from "@/lib/codes/schemas";
import { listCodes } from "@/lib/codes/queries";
import { eq } from "drizzle-orm";

/**
 * Generating a code group (issue 3): N unique codes written through the app's own path
 * (createGroup: one transaction, unnest batches, collision refill), against a baseline of loading
 * the same number of pre-made rows into the same table with `psql \copy` in the same run.
 * N = BENCH_CODES (default 1,000,000). PostgreSQL: BENCH_DATABASE_URL or the local server.
 */
const N = Number(process.env.BENCH_CODES ?? 1_000_000);

async function fixture() {
  const f = await seedTestOrg(db, `bench-${Date.now()}`);
  const campaign = await seedCampaign(db, { orgId: f.org.id });
  const actor: Actor = { orgId: f.org.id, role: "marketer", userId: f.users.marketer.id, apiKeyId: null };
  return { f, campaign, actor };
}

async function emptyGroup(orgId: string, campaignId: string) {
  const [g] = await db
    .insert(codeGroups)
    .values({ orgId, campaignId, name: "baseline", slug: `base-${Date.now()}`, mode: "unique", quantity: N, codeLength: defaultCodeLength(N), status: "active" })
    .returning();
  return g;
}

async function timeIt(fn: () => Promise<unknown>) {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

function line(label: string, seconds: number) {
  console.log(`${label.padEnd(52)} ${seconds.toFixed(2).padStart(7)} s  ${(N / seconds).toFixed(0).padStart(8)} codes/s`);
}

async function onPostgres() {
  const admin = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `coupon_bench_${Date.now()}`;
  const a = postgres(admin, { max: 1, onnotice: () => {} });
  await a.unsafe(`create database "${name}"`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
  try {
    await applyMigrations();
    const { f, campaign, actor } = await fixture();

    // Baseline: the same number of rows, made beforehand, loaded by psql's COPY.
    const g = await emptyGroup(f.org.id, campaign.id);
    const file = path.join(os.tmpdir(), `codes-${process.pid}.csv`);
    const strings = generateCodes(N, defaultCodeLength(N), "ZZ");
    fs.writeFileSync(file, strings.map((c, i) => `${f.org.id},${g.id},${c},${i + 1}`).join("\n") + "\n");
    const copy = await timeIt(async () =>
      execFileSync("psql", [process.env.DATABASE_URL!, "-q", "-c", `\\copy codes (org_id, group_id, code, seq) from '${file}' csv`]),
    );
    fs.rmSync(file);
    await db.execute(sql`truncate codes cascade`);
    await db.execute(sql`vacuum analyze codes`);

    const input = createGroupSchema.parse({ name: "bench", mode: "unique", quantity: N });
    const app = await timeIt(() => createGroup(actor, campaign.id, input));
    const [{ n }] = (await db.execute(sql`select count(*)::int as n from codes`)) as unknown as { n: number }[];
    if (n !== N) throw new Error(`expected ${N} codes, found ${n}`);

    console.log(`PostgreSQL, ${N.toLocaleString("en")} codes`);
    line("baseline: psql \\copy of pre-made rows", copy);
    line("createGroup (generate + insert, one transaction)", app);
    console.log(`ratio createGroup / COPY: ${(app / copy).toFixed(2)}×`);
    await codesPages(f.org.id);
  } finally {
    await closeDb();
    delete process.env.DATABASE_URL;
    await a.unsafe(`drop database if exists "${name}" with (force)`);
    await a.end();
  }
}

/** Server time of the codes page of the N-code group: median of 15 runs each, against raw SQL. */
async function codesPages(orgId: string) {
  await db.execute(sql`update codes set status = 'claimed', claimed_at = now() - (id % 1000) * interval '1 minute' where id % 3 = 0`);
  await db.execute(sql`vacuum analyze codes`);
  const [g] = await db.select().from(codeGroups).where(eq(codeGroups.name, "bench"));
  const median = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[7];
  };
  const page = (q: object) => () => listCodes(orgId, g.id, codeListQuerySchema.parse({ limit: 50, ...q }));
  // a cursor deep into the group: the last page of seq order
  let deep: string | null = null;
  {
    const rows = await db.execute(sql`select id, seq from codes where group_id = ${g.id}::uuid order by seq desc, id desc offset 50 limit 1`);
    const r = (Array.isArray(rows) ? rows : (rows as unknown as { rows: { id: number; seq: number }[] }).rows)[0] as { id: number; seq: number };
    deep = Buffer.from(JSON.stringify({ v: r.seq, id: Number(r.id) })).toString("base64url");
  }
  const [{ code: sample }] = await db.select({ code: codes.code }).from(codes).where(eq(codes.groupId, g.id)).limit(1);
  const baseline = await median(() => db.execute(sql`select id, code, status from codes where group_id = ${g.id}::uuid order by seq limit 51`));
  const cases: [string, () => Promise<unknown>][] = [
    ["first page (seq)", page({})],
    ["last page (keyset cursor)", page({ cursor: deep })],
    ["status = claimed", page({ status: "claimed" })],
    ["sorted by claimedAt desc", page({ sort: "claimedAt", dir: "desc" })],
    ["search by code prefix (6 characters)", page({ q: sample.slice(0, 6) })],
  ];
  console.log(`Codes page (listCodes, 50 rows) of the ${N.toLocaleString("en")}-code group, median of 15`);
  console.log(`${"baseline: raw SQL, first 51 by seq".padEnd(52)} ${baseline.toFixed(2).padStart(7)} ms`);
  for (const [label, fn] of cases) console.log(`${label.padEnd(52)} ${(await median(fn)).toFixed(2).padStart(7)} ms`);
}

async function onPglite() {
  process.env.PGLITE_DIR = "memory://";
  await applyMigrations();
  const { f, campaign, actor } = await fixture();
  const client = (getHandle().db as unknown as { $client: { query: (q: string, p: unknown[], o: object) => Promise<unknown> } }).$client;

  const g = await emptyGroup(f.org.id, campaign.id);
  const strings = generateCodes(N, defaultCodeLength(N), "ZZ");
  const blob = new Blob([strings.map((c, i) => `${f.org.id},${g.id},${c},${i + 1}`).join("\n") + "\n"]);
  const copy = await timeIt(() => client.query(`copy codes (org_id, group_id, code, seq) from '/dev/blob' with (format csv)`, [], { blob }));
  await db.execute(sql`truncate codes cascade`);

  const input = createGroupSchema.parse({ name: "bench", mode: "unique", quantity: N });
  const app = await timeIt(() => createGroup(actor, campaign.id, input));
  console.log(`PGlite (in memory), ${N.toLocaleString("en")} codes`);
  line("baseline: COPY FROM /dev/blob of pre-made rows", copy);
  line("createGroup (generate + insert, one transaction)", app);
  console.log(`ratio createGroup / COPY: ${(app / copy).toFixed(2)}×`);
  await closeDb();
}

export async function run() {
  await onPostgres();
  await onPglite();
}

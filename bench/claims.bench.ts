import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { waitFor } from "./lib";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import autocannon from "autocannon";
import { closeDb, db, rows } from "@/db";
import { applyMigrations } from "@/db/migrate-lib";
import { seedCampaign, seedGroup, seedTestOrg } from "@/db/seed/builders";

/**
 * Claim throughput over HTTP (issue 4): a production server (`next start`, run `npm run build` first)
 * on PostgreSQL, autocannon on loopback with 50 connections, distinct phones against a 100,000-code
 * group, against a baseline route of the same app and run that does one `select 1` (/api/health).
 * Rate limits stay on, kept in Redis (REDIS_URL, default the local one) with limits high enough for
 * one loopback client. Reports claims/s, p50/p99, the first and last 10% of the pool, a fixed-rate
 * run at 200 claims/s, and checks that no code went to two phones.
 */
const POOL = Number(process.env.BENCH_POOL ?? 100_000);
const PORT = Number(process.env.BENCH_PORT ?? 3400);
const CONNECTIONS = 50;
const base = `http://127.0.0.1:${PORT}`;

type Result = autocannon.Result;

function run(opts: autocannon.Options, onResponse?: () => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
    if (onResponse) instance.on("response", onResponse);
  });
}

function phoneFeed(start: number) {
  let i = start;
  return () => `139${String(i++).padStart(8, "0")}`;
}

function claimRequests(slug: string, nextPhone: () => string): autocannon.Request[] {
  return [
    {
      method: "POST",
      path: `/api/v1/public/groups/${slug}/claims`,
      headers: { "content-type": "application/json" },
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ phone: nextPhone() }) }),
    },
  ];
}

export async function run_() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("Run `npm run build` first: the benchmark serves the production build.");
  const admin = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `coupon_bench_claims_${Date.now()}`;
  const a = postgres(admin, { max: 1, onnotice: () => {} });
  await a.unsafe(`create database "${name}"`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const url = u.toString();
  process.env.DATABASE_URL = url;
  let server: ChildProcess | undefined;
  try {
    await applyMigrations();
    const f = await seedTestOrg(db, "bench");
    const campaign = await seedCampaign(db, { orgId: f.org.id, perConsumerLimit: 1 });
    await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "pool", slug: "bench-pool", mode: "unique", quantity: POOL });
    const second = await seedCampaign(db, { orgId: f.org.id, perConsumerLimit: 1 });
    await seedGroup(db, { orgId: f.org.id, campaignId: second.id, name: "steady", slug: "bench-steady", mode: "unique", quantity: 10_000 });
    await db.execute(sql`vacuum analyze`);

    server = spawn("npx", ["next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        DATABASE_POOL_SIZE: "20",
        REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
        AUTH_SECRET: "bench-secret-bench-secret-bench-secret",
        AUTH_TRUST_HOST: "true",
        RATE_LIMIT_PUBLIC_PER_IP: "100000000",
        RATE_LIMIT_PUBLIC_PER_PHONE: "100",
        NODE_ENV: "production",
      },
      stdio: "ignore",
      detached: true,
    });
    await waitFor(`${base}/api/health`, 60_000);
    // warm both paths (JIT, connection pool)
    await run({ url: `${base}/api/health`, connections: 10, amount: 2000 });
    await run({ url: base, connections: 10, amount: 500, requests: claimRequests("bench-steady", phoneFeed(90_000_000)) });

    const baseline = await run({ url: `${base}/api/health`, connections: CONNECTIONS, duration: 20 });

    // The whole pool, then a little more: times of the 1st and last 10% of successful claims.
    const stamps: number[] = [];
    const claims = await run(
      { url: base, connections: CONNECTIONS, amount: POOL + 2000, requests: claimRequests("bench-pool", phoneFeed(0)) },
      () => stamps.push(performance.now()),
    );
    const tenth = Math.floor(POOL / 10);
    const firstTenth = tenth / ((stamps[tenth] - stamps[0]) / 1000);
    const lastTenth = tenth / ((stamps[POOL - 1] - stamps[POOL - 1 - tenth]) / 1000);

    const steady = await run({ url: base, connections: CONNECTIONS, overallRate: 200, duration: 20, requests: claimRequests("bench-steady", phoneFeed(50_000_000)) });

    const [check] = await rows<{ held: number; codes: number; claims: number; sold: number }>(
      db,
      sql`select (select count(*) from codes c join code_groups g on g.id = c.group_id where g.slug = 'bench-pool' and c.status = 'claimed')::int as held,
                 (select count(distinct c.consumer_id) from codes c join code_groups g on g.id = c.group_id where g.slug = 'bench-pool' and c.status = 'claimed')::int as codes,
                 (select count(*) from claims cl join code_groups g on g.id = cl.group_id where g.slug = 'bench-pool')::int as claims,
                 (select count(*) from (select code_id from claims group by code_id having count(*) > 1) d)::int as sold`,
    );

    const fmt = (label: string, rps: number, r?: Result) =>
      console.log(`${label.padEnd(50)} ${rps.toFixed(0).padStart(7)} req/s${r ? `  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  non-2xx ${r.non2xx}` : ""}`);
    console.log(`PostgreSQL over HTTP (next start), ${CONNECTIONS} connections, pool ${POOL.toLocaleString("en")} codes`);
    fmt("baseline GET /api/health (select 1)", baseline.requests.average, baseline);
    fmt("POST claims, whole pool + 2,000 sold_out", claims.requests.average, claims);
    console.log(`ratio claims / baseline: ${(claims.requests.average / baseline.requests.average).toFixed(2)}`);
    fmt("first 10% of the pool", firstTenth);
    fmt("last 10% of the pool", lastTenth);
    console.log(`ratio last / first 10%: ${(lastTenth / firstTenth).toFixed(2)}`);
    fmt("fixed 200 claims/s for 20 s", steady.requests.average, steady);
    console.log(`codes claimed ${check.held}, distinct holders ${check.codes}, claim rows ${check.claims}, codes claimed twice ${check.sold}`);
    if (check.held !== POOL || check.codes !== POOL || check.claims !== POOL || check.sold !== 0) throw new Error("double assignment or lost claims");
  } finally {
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
    await closeDb();
    delete process.env.DATABASE_URL;
    await new Promise((r) => setTimeout(r, 1000));
    await a.unsafe(`drop database if exists "${name}" with (force)`);
    await a.end();
  }
}

export { run_ as run };

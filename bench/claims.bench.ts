import { sql } from "drizzle-orm";
import type autocannon from "autocannon";
import { db, rows } from "@/db";
import { seedCampaign, seedGroup, seedTestOrg } from "@/db/seed/builders";
import { cpuLine, fixedRate, line as fmt, load as run, withBenchServer, withCpu } from "./http";

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
  await withBenchServer("claims", PORT, async ({ base, start }) => {
    const f = await seedTestOrg(db, "bench");
    const campaign = await seedCampaign(db, { orgId: f.org.id, perConsumerLimit: 1 });
    await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "pool", slug: "bench-pool", mode: "unique", quantity: POOL });
    const second = await seedCampaign(db, { orgId: f.org.id, perConsumerLimit: 1 });
    await seedGroup(db, { orgId: f.org.id, campaignId: second.id, name: "steady", slug: "bench-steady", mode: "unique", quantity: 10_000 });
    await db.execute(sql`vacuum analyze`);

    await start({ RATE_LIMIT_PUBLIC_PER_IP: "100000000", RATE_LIMIT_PUBLIC_PER_PHONE: "100", BENCH_BASELINES: "on" });
    // warm both paths (JIT, connection pool)
    await run({ url: `${base}/api/health`, connections: 10, amount: 2000 });
    await run({ url: base, connections: 10, amount: 500, requests: claimRequests("bench-steady", phoneFeed(90_000_000)) });

    const baseline = await withCpu(() => run({ url: `${base}/api/health`, connections: CONNECTIONS, duration: 20 }));
    // The same `select 1` behind a public JSON POST through apiRoute: what the pipeline costs a POST.
    const postBaseline = await withCpu(() =>
      run({ url: base, connections: CONNECTIONS, duration: 20, requests: [{ ...claimRequests("x", phoneFeed(0))[0], path: "/api/health/post" }] }),
    );

    // The whole pool, then a little more: times of the 1st and last 10% of successful claims.
    const stamps: number[] = [];
    const claims = await withCpu(() =>
      run({ url: base, connections: CONNECTIONS, amount: POOL + 2000, requests: claimRequests("bench-pool", phoneFeed(0)) }, () =>
        stamps.push(performance.now()),
      ),
    );
    const tenth = Math.floor(POOL / 10);
    const firstTenth = tenth / ((stamps[tenth] - stamps[0]) / 1000);
    const lastTenth = tenth / ((stamps[POOL - 1] - stamps[POOL - 1 - tenth]) / 1000);

    // The fixed-rate run is its own scenario: let the saturation run's after-work settle first.
    await new Promise((r) => setTimeout(r, 5_000));
    const steady = await fixedRate({ url: base, connections: CONNECTIONS, rate: 200, duration: 20, requests: claimRequests("bench-steady", phoneFeed(50_000_000)) });

    const [check] = await rows<{ held: number; codes: number; claims: number; sold: number }>(
      db,
      sql`select (select count(*) from codes c join code_groups g on g.id = c.group_id where g.slug = 'bench-pool' and c.status = 'claimed')::int as held,
                 (select count(distinct c.consumer_id) from codes c join code_groups g on g.id = c.group_id where g.slug = 'bench-pool' and c.status = 'claimed')::int as codes,
                 (select count(*) from claims cl join code_groups g on g.id = cl.group_id where g.slug = 'bench-pool')::int as claims,
                 (select count(*) from (select code_id from claims group by code_id having count(*) > 1) d)::int as sold`,
    );

    console.log(`PostgreSQL over HTTP (next start), ${CONNECTIONS} connections, pool ${POOL.toLocaleString("en")} codes`);
    fmt("baseline GET /api/health (select 1)", baseline.requests.average, baseline);
    fmt("baseline POST /api/health/post (JSON body, select 1)", postBaseline.requests.average, postBaseline);
    fmt("POST claims, whole pool + 2,000 sold_out", claims.requests.average, claims);
    console.log(`ratio claims / baseline: ${(claims.requests.average / baseline.requests.average).toFixed(2)}`);
    console.log(`ratio claims / POST baseline: ${(claims.requests.average / postBaseline.requests.average).toFixed(2)}`);
    cpuLine("baseline", baseline);
    cpuLine("POST baseline", postBaseline);
    cpuLine("claims", claims);
    fmt("first 10% of the pool", firstTenth);
    fmt("last 10% of the pool", lastTenth);
    console.log(`ratio last / first 10%: ${(lastTenth / firstTenth).toFixed(2)}`);
    const tenths = Array.from({ length: 10 }, (_, k) => tenth / ((stamps[(k + 1) * tenth - 1] - stamps[k * tenth]) / 1000));
    console.log(`claims/s by tenth of the pool: ${tenths.map((r) => r.toFixed(0)).join(", ")}`);
    fmt("fixed 200 claims/s for 20 s (evenly spaced)", steady.requests.average, steady);
    console.log(`codes claimed ${check.held}, distinct holders ${check.codes}, claim rows ${check.claims}, codes claimed twice ${check.sold}`);
    if (check.held !== POOL || check.codes !== POOL || check.claims !== POOL || check.sold !== 0) throw new Error("double assignment or lost claims");
  });
}

export { run_ as run };

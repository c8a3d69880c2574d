import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type autocannon from "autocannon";
import { db, rows } from "@/db";
import { anomalyRules, apiKeys, codes } from "@/db/schema";
import { seedCampaign, seedGroup, seedStore, seedTestOrg } from "@/db/seed/builders";
import { generateApiKey, hashApiKey } from "@/lib/api/keys";
import { cpuLine, fixedRate, line, load, withBenchServer, withCpu } from "./http";

/**
 * Redemptions over HTTP (issue 5): the production server on PostgreSQL, autocannon on loopback with
 * 50 connections and a clerk API key, every request a distinct code with its own Idempotency-Key,
 * against GET /api/health (one `select 1`) in the same run. Then validation alone, and both at a
 * fixed 200 requests/s. Checks afterwards that every 201 is exactly one redemption row and no code
 * was redeemed twice. The webhook worker and the anomaly rules run in the server as they would in production.
 */
const PORT = Number(process.env.BENCH_PORT ?? 3401);
const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 20);
const POOL = Number(process.env.BENCH_POOL ?? 120_000);

function requests(path: string, secret: string, storeId: string, next: () => string, idempotent: boolean): autocannon.Request[] {
  return [
    {
      method: "POST",
      path,
      setupRequest: (req) => ({
        ...req,
        headers: {
          authorization: `Bearer ${secret}`,
          "content-type": "application/json",
          ...(idempotent ? { "idempotency-key": randomUUID() } : {}),
        },
        body: JSON.stringify({ code: next(), storeId, orderAmount: 12_800 }),
      }),
    },
  ];
}

export async function run() {
  await withBenchServer("redemptions", PORT, async ({ base, start }) => {
    const f = await seedTestOrg(db, "bench");
    const store = await seedStore(db, { orgId: f.org.id, name: "南京路店" });
    const campaign = await seedCampaign(db, { orgId: f.org.id });
    const group = await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "pool", slug: "bench-redeem", mode: "unique", quantity: POOL });
    const secret = generateApiKey();
    await db.insert(apiKeys).values({ orgId: f.org.id, name: "POS", role: "clerk", prefix: secret.slice(0, 8), keyHash: hashApiKey(secret), createdBy: f.users.owner.id, storeIds: [store.id] });
    // A POS under load redeems thousands per minute in one group: keep the burst rule evaluating (its
    // cost is part of every redemption) but above what the benchmark does, so it does not freeze the pool.
    await db.insert(anomalyRules).values({ orgId: f.org.id, kind: "group_redemptions", enabled: true, threshold: 10_000_000, windowMinutes: 10, action: "freeze" });
    const pool = (await db.select({ code: codes.code }).from(codes).where(eq(codes.groupId, group.id)).orderBy(codes.seq)).map((r) => r.code);
    await db.execute(sql`vacuum analyze`);
    let i = 0;
    const next = () => pool[i++ % pool.length];
    let v = 0;
    const nextToValidate = () => pool[pool.length - 1 - (v++ % 20_000)];

    await start();
    const health = `${base}/api/health`;
    await load({ url: health, connections: 10, amount: 2000 });
    await load({ url: base, connections: 10, amount: 1000, requests: requests("/api/v1/redemptions", secret, store.id, next, true) });
    await load({ url: base, connections: 10, amount: 1000, requests: requests("/api/v1/redemptions/validate", secret, store.id, nextToValidate, false) });

    const baseline = await withCpu(() => load({ url: health, connections: CONNECTIONS, duration: DURATION }));
    const redeemed = await withCpu(() =>
      load({ url: base, connections: CONNECTIONS, duration: DURATION, requests: requests("/api/v1/redemptions", secret, store.id, next, true) }),
    );
    const validated = await withCpu(() =>
      load({ url: base, connections: CONNECTIONS, duration: DURATION, requests: requests("/api/v1/redemptions/validate", secret, store.id, nextToValidate, false) }),
    );
    // The fixed-rate runs are their own scenario: let the saturation runs' after-work settle first.
    await new Promise((r) => setTimeout(r, 5_000));
    const steadyRedeem = await fixedRate({ url: base, connections: CONNECTIONS, rate: 200, duration: DURATION, requests: requests("/api/v1/redemptions", secret, store.id, next, true) });
    const steadyValidate = await fixedRate({ url: base, connections: CONNECTIONS, rate: 200, duration: DURATION, requests: requests("/api/v1/redemptions/validate", secret, store.id, nextToValidate, false) });
    const baseline2 = await load({ url: health, connections: CONNECTIONS, duration: DURATION });

    const [check] = await rows<{ redemptions: number; codes: number; twice: number }>(
      db,
      sql`select (select count(*) from redemptions)::int as redemptions,
                 (select count(*) from codes where status = 'redeemed')::int as codes,
                 (select count(*) from (select code_id from redemptions group by code_id having count(*) > 1) d)::int as twice`,
    );

    console.log(`PostgreSQL over HTTP (next start), ${CONNECTIONS} connections, ${DURATION} s per run, clerk API key, distinct codes`);
    line("baseline GET /api/health (select 1), before", baseline.requests.average, baseline);
    line("baseline GET /api/health (select 1), after", baseline2.requests.average, baseline2);
    const base2 = (baseline.requests.average + baseline2.requests.average) / 2;
    line("POST /api/v1/redemptions", redeemed.requests.average, redeemed);
    console.log(`ratio redemptions / baseline: ${(redeemed.requests.average / base2).toFixed(2)}`);
    line("POST /api/v1/redemptions/validate", validated.requests.average, validated);
    console.log(`ratio validations / baseline: ${(validated.requests.average / base2).toFixed(2)}`);
    cpuLine("baseline (before)", baseline);
    cpuLine("redemptions", redeemed);
    cpuLine("validations", validated);
    line("fixed 200 redemptions/s", steadyRedeem.requests.average, steadyRedeem);
    line("fixed 200 validations/s", steadyValidate.requests.average, steadyValidate);
    console.log(`redemption rows ${check.redemptions}, codes redeemed ${check.codes}, codes redeemed twice ${check.twice}`);
    if (check.twice !== 0 || check.redemptions !== check.codes) throw new Error("a code was redeemed twice, or a redemption is missing");
    if (redeemed.non2xx + steadyRedeem.non2xx > 0) throw new Error("some redemptions were refused: the pool is too small for this run");
  });
}

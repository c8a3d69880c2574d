import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type autocannon from "autocannon";
import { db, rows } from "@/db";
import { anomalyRules, apiKeys, codes } from "@/db/schema";
import { seedCampaign, seedGroup, seedStore, seedTestOrg } from "@/db/seed/builders";
import { generateApiKey, hashApiKey } from "@/lib/api/keys";
import { cpuLine, line, load, withBenchServer, withCpu, type CpuUse, type Result } from "./http";

/**
 * Richer offers at the counter (issue 16): what a tiered 满减, a budgeted campaign and an order of three
 * codes cost against a plain amount-off redemption, in one run on the production server on PostgreSQL,
 * autocannon on loopback, a clerk API key, every request distinct codes with its own Idempotency-Key.
 * Aims: tiered and budgeted ≤ 1.1× a plain redemption; a three-code order ≤ 2× one code. Checked
 * afterwards: every 201 is its redemptions, no code redeemed twice, the budget spent equals the
 * discounts it paid.
 */
const PORT = Number(process.env.BENCH_PORT ?? 3402);
const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const POOL = Number(process.env.BENCH_POOL ?? 25_000);

type Body = () => Record<string, unknown>;

function redeem(secret: string, body: Body): autocannon.Request[] {
  return [
    {
      method: "POST",
      path: "/api/v1/redemptions",
      setupRequest: (req) => ({
        ...req,
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "idempotency-key": randomUUID() },
        body: JSON.stringify(body()),
      }),
    },
  ];
}

/** The codes of a group in order, handed out one per call. */
async function poolOf(groupId: string): Promise<() => string> {
  const list = (await db.select({ code: codes.code }).from(codes).where(eq(codes.groupId, groupId)).orderBy(codes.seq)).map((r) => r.code);
  let i = 0;
  return () => {
    if (i >= list.length) throw new Error("the pool ran out: raise BENCH_POOL");
    return list[i++];
  };
}

export async function run() {
  await withBenchServer("offers", PORT, async ({ base, start }) => {
    const f = await seedTestOrg(db, "bench-offers");
    const orgId = f.org.id;
    const store = await seedStore(db, { orgId, name: "南京路店" });
    const group = async (name: string, campaign: Parameters<typeof seedCampaign>[1]) => {
      const c = await seedCampaign(db, campaign);
      const g = await seedGroup(db, { orgId, campaignId: c.id, name, slug: `bench-${name}`, mode: "unique", quantity: POOL });
      return { campaign: c, next: await poolOf(g.id) };
    };
    const plain = await group("plain", { orgId, value: 2000, minSpend: 10_000 });
    const tiered = await group("tiered", {
      orgId,
      type: "tiered_off",
      value: null,
      minSpend: 10_000,
      tiers: [
        { minSpend: 10_000, value: 1000 },
        { minSpend: 20_000, value: 3000 },
        { minSpend: 50_000, value: 8000 },
      ],
    });
    // The largest budget the schema takes (¥1,000,000 total and daily): it never runs out in the run.
    const budgeted = await group("budget", { orgId, value: 2000, minSpend: 10_000, budgetTotal: 100_000_000, budgetDaily: 100_000_000 });
    const stackA = await group("stack-a", { orgId, value: 1000, minSpend: 0, stackable: true });
    const stackB = await group("stack-b", { orgId, type: "percent_off", value: null, percentOff: 10, maxDiscount: 2000, minSpend: 0, stackable: true });
    const stackC = await group("stack-c", { orgId, value: 500, minSpend: 0, stackable: true });

    const secret = generateApiKey();
    await db.insert(apiKeys).values({ orgId, name: "POS", role: "clerk", prefix: secret.slice(0, 8), keyHash: hashApiKey(secret), createdBy: f.users.owner.id, storeIds: [store.id] });
    // As in the redemption benchmark: the burst rule evaluates on every redemption but never freezes a pool.
    await db.insert(anomalyRules).values({ orgId, kind: "group_redemptions", enabled: true, threshold: 10_000_000, windowMinutes: 10, action: "freeze" });
    await db.execute(sql`vacuum analyze`);

    const single = (next: () => string) => () => ({ code: next(), storeId: store.id, orderAmount: 25_600 });
    const order = () => ({ codes: [stackA.next(), stackB.next(), stackC.next()], storeId: store.id, orderAmount: 25_600 });
    const kinds: [string, Body][] = [
      ["plain amount off", single(plain.next)],
      ["tiered 满减", single(tiered.next)],
      ["budgeted amount off", single(budgeted.next)],
      ["order of three codes", order],
    ];

    await start();
    const health = `${base}/api/health`;
    await load({ url: health, connections: 10, amount: 2000 });
    for (const [, body] of kinds) await load({ url: base, connections: 10, amount: 300, requests: redeem(secret, body) });

    const baseline = await withCpu(() => load({ url: health, connections: CONNECTIONS, duration: DURATION }));
    const measured: [string, Result & CpuUse][] = [];
    // Plain first and last, so drift during the run shows instead of leaning on one side.
    for (const [name, body] of [...kinds, kinds[0]] as [string, Body][]) {
      measured.push([name, await withCpu(() => load({ url: base, connections: CONNECTIONS, duration: DURATION, requests: redeem(secret, body) }))]);
    }

    console.log(`PostgreSQL over HTTP (next start), ${CONNECTIONS} connections, ${DURATION} s per run, clerk API key, distinct codes, order ¥256`);
    line("baseline GET /api/health (select 1)", baseline.requests.average, baseline);
    cpuLine("baseline", baseline);
    for (const [name, r] of measured) {
      line(`POST /api/v1/redemptions, ${name}`, r.requests.average, r);
      cpuLine(name, r);
    }
    const rps = (name: string) => measured.filter(([n]) => n === name).map(([, r]) => r.requests.average);
    const cpu = (name: string) => measured.filter(([n]) => n === name).map(([, r]) => Object.values(r.cpu).reduce((a, b) => a + b, 0));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const plainRps = mean(rps("plain amount off"));
    const plainCpu = mean(cpu("plain amount off"));
    for (const [name, aim] of [
      ["tiered 满减", 1.1],
      ["budgeted amount off", 1.1],
      ["order of three codes", 2],
    ] as const) {
      const time = plainRps / mean(rps(name));
      const cpuRatio = mean(cpu(name)) / plainCpu;
      console.log(`cost of ${name} / plain (time per request at saturation): ${time.toFixed(2)}; CPU per request: ${cpuRatio.toFixed(2)}; aim ≤ ${aim}`);
    }
    console.log(`ratio plain redemptions / baseline: ${(plainRps / baseline.requests.average).toFixed(2)}`);

    const [check] = await rows<{ redemptions: number; redeemed: number; twice: number; orders: number; bad_orders: number; spent: number; paid: number }>(
      db,
      sql`select (select count(*) from redemptions where org_id = ${orgId}::uuid)::int as redemptions,
                 (select count(*) from codes where org_id = ${orgId}::uuid and status = 'redeemed')::int as redeemed,
                 (select count(*) from (select code_id from redemptions where org_id = ${orgId}::uuid group by code_id having count(*) > 1) d)::int as twice,
                 (select count(distinct order_id) from redemptions where org_id = ${orgId}::uuid and order_id is not null)::int as orders,
                 (select count(*) from (select order_id from redemptions where org_id = ${orgId}::uuid and order_id is not null group by order_id having count(*) <> 3) o)::int as bad_orders,
                 (select budget_spent from campaigns where id = ${budgeted.campaign.id}::uuid)::int as spent,
                 (select coalesce(sum(discount), 0) from redemptions where campaign_id = ${budgeted.campaign.id}::uuid)::int as paid`,
    );
    const created = measured.reduce((sum, [name, r]) => sum + (r.requests.total - r.non2xx) * (name === "order of three codes" ? 3 : 1), 0);
    console.log(
      `redemption rows ${check.redemptions}, codes redeemed ${check.redeemed}, redeemed twice ${check.twice}; orders ${check.orders} (not of three: ${check.bad_orders}); budget spent ${check.spent} = discounts ${check.paid}`,
    );
    if (check.twice !== 0 || check.redemptions !== check.redeemed || check.bad_orders !== 0 || check.spent !== check.paid) {
      throw new Error("an invariant broke: a code redeemed twice, an order not whole, or the budget's counter off");
    }
    // Warm-up requests and measured ones: at least every measured 201 is there.
    if (check.redemptions < created) throw new Error(`fewer redemptions (${check.redemptions}) than answered 201 (${created})`);
    if (measured.some(([, r]) => r.non2xx > 0)) throw new Error("some redemptions were refused: raise BENCH_POOL");
  });
}

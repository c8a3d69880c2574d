import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import postgres from "postgres";
import { closeDb, db } from "@/db";
import { applyMigrations } from "@/db/migrate-lib";
import { seedCampaign, seedTestOrg } from "@/db/seed/builders";
import { getDashboard, type Dashboard } from "@/lib/analytics/dashboard";
import { dateInZone } from "@/lib/time";
import { resolveRange } from "@/lib/analytics/metrics";
import { rollUpAnalytics } from "@/lib/analytics/rollup";

/**
 * The analytics dashboard at scale (issue 6): in a fresh PostgreSQL database, BENCH_VIEWS landing
 * events (default 10,000,000), a fifth as many claims and a tenth as many redemptions (2 % reversed),
 * over 90 days, across 50 influencers' groups and 20 stores; a campaign holds 50 of the 60 groups.
 * The rollup job rolls up all but the last ten minutes, which stay in the raw tail. Then the campaign
 * dashboard's queries (getDashboard: every section, in its one snapshot) run through the app's own
 * functions with the rollups, and the same function with `raw: true` computes the same numbers from
 * the raw tables only; the two answers must be equal. PostgreSQL: BENCH_DATABASE_URL or the local server.
 */
const VIEWS = Number(process.env.BENCH_VIEWS ?? 10_000_000);
const CLAIMS = Math.round(VIEWS / 5);
const REDEMPTIONS = Math.round(VIEWS / 10);
const INFLUENCERS = 50;
const STORES = 20;
const DAYS = 90;
const TZ = "Asia/Shanghai";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const out = await fn();
  console.log(`  ${label.padEnd(58)} ${seconds(performance.now() - t).padStart(8)}`);
  return out;
}

/** p50 (and min, max) of `runs` timings of `fn`, after one warm-up run. */
async function p50(runs: number, fn: () => Promise<unknown>) {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1)! };
}

/** Everything generated set-based in the database (generate_series), in creation-time order. */
async function seed(sqlc: postgres.Sql, orgId: string, campaigns: [string, string]) {
  // The rows are consistent by construction; skipping the FK triggers while loading saves minutes.
  await sqlc.unsafe(`set session_replication_role = replica`);
  await timed(`${INFLUENCERS} influencers, ${STORES} stores, 60 shared-code groups, 200,000 consumers`, async () => {
    await sqlc.unsafe(`
      insert into influencers (org_id, display_name, platform, handle)
      select '${orgId}', '网红 ' || lpad(i::text, 2, '0'), (array['douyin','xiaohongshu','kuaishou','bilibili','weibo','wechat'])[1 + i % 6]::platform, '@bench' || i
      from generate_series(1, ${INFLUENCERS}) i`);
    await sqlc.unsafe(`insert into stores (org_id, name) select '${orgId}', '门店 ' || lpad(i::text, 2, '0') from generate_series(1, ${STORES}) i`);
    // 50 groups of the main campaign (one per influencer), 10 more of the second campaign.
    await sqlc.unsafe(`
      insert into code_groups (org_id, campaign_id, name, slug, influencer_id, mode, quantity, shared_code, status)
      select '${orgId}', case when n <= 50 then '${campaigns[0]}'::uuid else '${campaigns[1]}'::uuid end, 'G' || n, 'bench-' || n || '-' || md5(random()::text),
             i.id, 'shared', 1000000, 'B' || n, 'active'
      from (select id, row_number() over (order by display_name) as r from influencers where org_id = '${orgId}') i
      join generate_series(1, 60) n on i.r = case when n <= 50 then n else n - 50 end`);
    await sqlc.unsafe(`insert into codes (org_id, group_id, code, seq) select org_id, id, shared_code, 1 from code_groups where org_id = '${orgId}'`);
    await sqlc.unsafe(`insert into consumers (org_id, phone) select '${orgId}', '+86139' || lpad(i::text, 8, '0') from generate_series(1, 200000) i`);
  });
  // Lookup arrays: group k (1..60) with its campaign, influencer and code; consumers; stores.
  await sqlc.unsafe(`
    create temp table g as
    select row_number() over (order by name::text collate "C") as k, g.id, g.campaign_id, g.influencer_id, c.id as code_id
    from code_groups g join codes c on c.group_id = g.id where g.org_id = '${orgId}'`);
  await sqlc.unsafe(`create temp table cs as select row_number() over () as k, id from consumers where org_id = '${orgId}'`);
  await sqlc.unsafe(`create temp table st as select row_number() over () as k, id from stores where org_id = '${orgId}'`);
  const start = `now() - interval '${DAYS} days'`;
  // Creation times spread evenly over the 90 days up to ten minutes ago, in insertion order (as real traffic is).
  const at = (n: number) => `${start} + (i::float8 / ${n}) * (interval '${DAYS} days' - interval '10 minutes')`;
  await timed(`${VIEWS.toLocaleString("en")} landing events`, () =>
    sqlc.unsafe(`
      insert into landing_events (org_id, group_id, influencer_id, visitor_hash, utm_source, created_at)
      select '${orgId}', g.id, g.influencer_id, md5(i::text), 'douyin', ${at(VIEWS)}
      from generate_series(1::bigint, ${VIEWS}) i join g on g.k = 1 + (i * 7919) % 60`),
  );
  await timed(`${CLAIMS.toLocaleString("en")} claims`, () =>
    sqlc.unsafe(`
      insert into claims (org_id, campaign_id, group_id, code_id, consumer_id, influencer_id, created_at)
      select '${orgId}', g.campaign_id, g.id, g.code_id, cs.id, g.influencer_id, ${at(CLAIMS)}
      from generate_series(1::bigint, ${CLAIMS}) i join g on g.k = 1 + (i * 7919) % 60 join cs on cs.k = 1 + (i * 104729) % 200000`),
  );
  await timed(`${REDEMPTIONS.toLocaleString("en")} redemptions (2 % reversed, with their reversals)`, async () => {
    await sqlc.unsafe(`
      insert into redemptions (org_id, code_id, campaign_id, group_id, store_id, influencer_id, consumer_id, order_amount, discount,
                               claimed_at, reversed_at, created_at)
      select '${orgId}', g.code_id, g.campaign_id, g.id, st.id, g.influencer_id, cs.id, 5000 + (i * 37) % 30000, 2000,
             t - ((i * 7) % 20000) * interval '1 minute', case when i % 50 = 0 then t + interval '5 minutes' end, t
      from (select i, ${at(REDEMPTIONS)} as t from generate_series(1::bigint, ${REDEMPTIONS}) i) x
      join g on g.k = 1 + (i * 7919) % 60 join cs on cs.k = 1 + (i * 104729) % 200000 join st on st.k = 1 + (i * 31) % ${STORES}`);
    await sqlc.unsafe(`
      insert into reversals (org_id, redemption_id, reason, created_at)
      select org_id, id, 'bench', reversed_at from redemptions where org_id = '${orgId}' and reversed_at is not null`);
  });
  await timed("vacuum analyze", () => sqlc.unsafe(`vacuum analyze landing_events, claims, redemptions, reversals, code_groups, codes, consumers`));
  await sqlc.unsafe(`set session_replication_role = origin`);
}

/** The last ten minutes, after the watermark: what the dashboard reads from the raw tables. */
async function tail(sqlc: postgres.Sql, orgId: string) {
  const at = `now() - interval '10 minutes' + (i::float8 / 2000) * interval '9 minutes'`;
  await sqlc.unsafe(`
    insert into landing_events (org_id, group_id, influencer_id, visitor_hash, created_at)
    select '${orgId}', g.id, g.influencer_id, md5('t' || i), ${at} from generate_series(1, 2000) i join g on g.k = 1 + i % 60`);
  await sqlc.unsafe(`
    insert into claims (org_id, campaign_id, group_id, code_id, consumer_id, influencer_id, created_at)
    select '${orgId}', g.campaign_id, g.id, g.code_id, cs.id, g.influencer_id, ${at}
    from generate_series(1, 400) i join g on g.k = 1 + i % 60 join cs on cs.k = i`);
  await sqlc.unsafe(`
    insert into redemptions (org_id, code_id, campaign_id, group_id, store_id, influencer_id, consumer_id, order_amount, discount, claimed_at, created_at)
    select '${orgId}', g.code_id, g.campaign_id, g.id, st.id, g.influencer_id, cs.id, 12000, 2000, ${at} - interval '2 hours', ${at}
    from generate_series(1, 200) i join g on g.k = 1 + i % 60 join cs on cs.k = i join st on st.k = 1 + i % ${STORES}`);
  // Reversals after the watermark of redemptions rolled up long ago.
  await sqlc.unsafe(`
    with r as (update redemptions set reversed_at = now() - interval '1 minute'
               where id in (select id from redemptions where org_id = '${orgId}' and reversed_at is null order by created_at limit 10) returning id)
    insert into reversals (org_id, redemption_id, reason, created_at) select '${orgId}', id, 'bench', now() - interval '1 minute' from r`);
}

function same(a: Dashboard, b: Dashboard) {
  return isDeepStrictEqual({ ...a, watermark: null }, { ...b, watermark: null });
}

export async function run() {
  const admin = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `coupon_bench_analytics_${Date.now()}`;
  const a = postgres(admin, { max: 1, onnotice: () => {} });
  await a.unsafe(`create database "${name}"`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
  const sqlc = postgres(u.toString(), { max: 1, onnotice: () => {} });
  try {
    await applyMigrations();
    const f = await seedTestOrg(db, `bench-${Date.now()}`);
    const main = await seedCampaign(db, { orgId: f.org.id, name: "主活动" });
    const second = await seedCampaign(db, { orgId: f.org.id, name: "第二个活动" });
    console.log(`PostgreSQL, fresh database; seeding`);
    await seed(sqlc, f.org.id, [main.id, second.id]);
    const run = await timed("rollup job, first run (everything up to ten minutes ago)", () =>
      rollUpAnalytics({ until: new Date(Date.now() - 10 * 60_000), orgIds: [f.org.id] }),
    );
    const [counts] = await sqlc.unsafe(`
      select (select count(*) from analytics_daily)::int as daily, (select count(*) from analytics_hourly)::int as hourly,
             (select count(*) from analytics_store_daily)::int as stores, (select count(*) from analytics_delay_daily)::int as delays`);
    console.log(`  rollup rows: ${Object.entries(counts).map(([k, n]) => `${k} ${Number(n).toLocaleString("en")}`).join(", ")}`);
    await tail(sqlc, f.org.id);
    await sqlc.unsafe(`analyze landing_events, claims, redemptions, analytics_daily, analytics_hourly, analytics_store_daily, analytics_delay_daily`);
    const incremental = await timed("rollup job, an incremental run (the last minutes)", () =>
      rollUpAnalytics({ until: new Date(Date.now() - 5 * 60_000), orgIds: [f.org.id] }),
    );
    if (!run.ran || !incremental.ran) throw new Error("the rollup job did not run");
    // Measure a settled database: no autovacuum pass over the freshly loaded tables in the middle of it.
    await timed("vacuum analyze (all tables)", () => sqlc.unsafe(`vacuum analyze`));

    const today = dateInZone(new Date(), TZ);
    const cases = [
      { label: "campaign, last 30 days (the default view)", campaignId: main.id, range: resolveRange({ range: "30" }, today) },
      { label: "campaign, last 90 days", campaignId: main.id, range: resolveRange({ range: "90" }, today) },
      { label: "organisation, last 30 days", campaignId: null, range: resolveRange({ range: "30" }, today) },
    ];
    console.log(`\nDashboard server time (getDashboard, all sections), p50; ${VIEWS.toLocaleString("en")} views, ${CLAIMS.toLocaleString("en")} claims, ${REDEMPTIONS.toLocaleString("en")} redemptions`);
    console.log(`${"".padEnd(44)} ${"rollups + tail".padStart(16)} ${"raw tables".padStart(14)} ${"ratio".padStart(8)}`);
    for (const c of cases) {
      const input = { timeZone: TZ, range: c.range, campaignId: c.campaignId };
      const rolled = await getDashboard(f.org.id, input);
      const raw = await getDashboard(f.org.id, { ...input, raw: true });
      if (!rolled.watermark) throw new Error("the dashboard did not read the rollups");
      if (!same(rolled, raw)) throw new Error(`${c.label}: rollups and raw tables disagree`);
      const withRollups = await p50(11, () => getDashboard(f.org.id, input));
      const withoutRollups = await p50(3, () => getDashboard(f.org.id, { ...input, raw: true }));
      console.log(
        `${c.label.padEnd(44)} ${`${withRollups.p50.toFixed(1)} ms`.padStart(16)} ${`${withoutRollups.p50.toFixed(0)} ms`.padStart(14)} ${`${(withoutRollups.p50 / withRollups.p50).toFixed(0)}×`.padStart(8)}`,
      );
    }
    console.log(`(${windowNote(cases[0].range)}; rollups and raw answers compared equal for each case)`);
  } finally {
    await sqlc.end();
    await closeDb();
    delete process.env.DATABASE_URL;
    if (!process.env.BENCH_KEEP) await a.unsafe(`drop database if exists "${name}" with (force)`);
    else console.log(`kept database ${name}`);
    await a.end();
  }
}

function windowNote(r: { from: string; to: string }) {
  return `30 days = ${r.from} … ${r.to}, ${TZ}`;
}

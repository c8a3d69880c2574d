import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { closeDb, db, getHandle, rows } from "@/db";
import { applyMigrations } from "@/db/migrate-lib";
import { seedCampaign, seedGroup, seedTestOrg } from "@/db/seed/builders";
import { parseListParams } from "@/components/data-table/params";
import type { Actor } from "@/lib/auth/actor";
import { claimCode } from "@/lib/claims/claim";
import { importTags } from "@/lib/consumers/import";
import { listConsumersTable } from "@/lib/consumers/queries";
import { consumerListParams } from "@/lib/consumers/schemas";
import { createSegment } from "@/lib/segments/mutations";
import { segmentSize } from "@/lib/segments/queries";
import { segmentRulesSchema } from "@/lib/segments/rules";
import { createSend, workSends } from "@/lib/sends/sends";

/**
 * The consumer side at scale (issue 15), on PostgreSQL (BENCH_DATABASE_URL or the local server), each
 * figure next to a baseline of the same run:
 * - the consumers page, first and last page, with BENCH_CONSUMERS consumers (1,000,000) and
 *   BENCH_CLAIMS claims (5,000,000) in the tables: against `select 1`;
 * - a segment's size preview, for rules of each kind;
 * - a claim for a segment audience against a claim for audience "all" (the same path, the same data);
 * - a tag import of BENCH_TAG_ROWS rows (1,000,000) against COPY of as many rows into consumers (and
 *   into a bare table), then the same file imported again;
 * - a targeted send to BENCH_SEND members (100,000), no texts, against inserting the same claims directly.
 */
const CONSUMERS = Number(process.env.BENCH_CONSUMERS ?? 1_000_000);
const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 5_000_000);
const TAG_ROWS = Number(process.env.BENCH_TAG_ROWS ?? 1_000_000);
const SEND = Number(process.env.BENCH_SEND ?? 100_000);
const CLAIM_RUNS = Number(process.env.BENCH_CLAIM_RUNS ?? 2_000);

const phoneOf = (n: number) => `+8613${String(n).padStart(9, "0")}`;

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push((await time(fn)).ms);
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

const line = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);

async function populate(orgId: string) {
  const t = performance.now();
  // Consumers: tags, counters and last visits spread as a coffee chain's would be.
  await db.execute(sql`
    insert into consumers (org_id, phone, first_seen_at, claim_count, redemption_count, order_total, discount_total, last_claim_at, last_redemption_at)
    select ${orgId}::uuid, '+8613' || lpad(n::text, 9, '0'),
           now() - make_interval(days => n % 400),
           n % 9, n % 6, (n % 6) * 4500, (n % 6) * 800,
           case when n % 9 > 0 then now() - make_interval(days => n % 200) end,
           case when n % 6 > 0 then now() - make_interval(days => (n * 7) % 300) end
    from generate_series(1, ${CONSUMERS}::int) n`);
  await db.execute(sql`
    insert into consumer_tags (consumer_id, tag, org_id)
    select k.id, t, k.org_id from (select id, org_id, right(phone, 9)::int as n from consumers where org_id = ${orgId}::uuid) k,
           unnest(array_remove(array[case when n % 10 < 3 then 'vip' end, case when n % 7 = 0 then '学生' end, case when n % 5 = 0 then '会员' end], null)) t`);
  // Claims: all of one shared code (history the lists must never read).
  const campaign = await seedCampaign(db, { orgId, name: "history" });
  const shared = await seedGroup(db, { orgId, campaignId: campaign.id, name: "history", slug: `hist-${Date.now()}`, mode: "shared", quantity: 100_000_000, sharedCode: `H${Date.now()}` });
  await db.execute(sql`
    with k as (select id, row_number() over (order by id) as rn from consumers where org_id = ${orgId}::uuid)
    insert into claims (org_id, campaign_id, group_id, code_id, consumer_id, created_at)
    select ${orgId}::uuid, ${campaign.id}::uuid, ${shared.id}::uuid, (select id from codes where group_id = ${shared.id}::uuid), k.id, now() - make_interval(mins => n % 500000)
    from generate_series(1, ${CLAIMS}::int) n join k on k.rn = 1 + n % ${CONSUMERS}`);
  // Per-day spend for the window rules: a third of consumers, a few days each in the last year.
  await db.execute(sql`
    insert into consumer_days (org_id, consumer_id, day, redemptions, order_total, discount_total)
    select ${orgId}::uuid, k.id, current_date - d, 1, 3000 + (abs(hashtext(k.id::text || d)) % 20) * 1000, 800
    from (select id from consumers where org_id = ${orgId}::uuid and abs(hashtext(id::text)) % 3 = 0) k,
         lateral (select distinct (abs(hashtext(k.id::text || g)) % 365) as d from generate_series(1, 3) g) days
    on conflict do nothing`);
  await db.execute(sql`vacuum analyze`);
  line("populated (consumers, claims, consumer days)", `${((performance.now() - t) / 1000).toFixed(0)} s`);
}

async function pages(orgId: string) {
  const baseline = await median(50, () => db.execute(sql`select 1`));
  line("baseline: select 1", `${baseline.toFixed(2)} ms`);
  const [{ n }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from consumers where org_id = ${orgId}::uuid`);
  const last = Math.ceil(n / 50);
  for (const sort of ["firstSeenAt", "orderTotal", "lastRedemptionAt"]) {
    for (const page of [1, last]) {
      const params = parseListParams(consumerListParams, { sort, dir: "desc", page: String(page), pageSize: "50" });
      const ms = await median(9, () => listConsumersTable(orgId, params));
      line(`consumers page ${page === 1 ? "first" : "last"} by ${sort}`, `${ms.toFixed(1)} ms  (${(ms / baseline).toFixed(0)}× select 1)`);
    }
  }
  const byDigits = parseListParams(consumerListParams, { q: "4321" });
  line("consumers search by last four digits", `${(await median(9, () => listConsumersTable(orgId, byDigits))).toFixed(1)} ms`);
}

async function sizes(orgId: string) {
  const cases: [string, object][] = [
    ["tag vip", { tagsAny: ["vip"] }],
    ["dormant 60 days", { dormantDays: 60 }],
    ["returning, spent ¥100 in 30 days", { newConsumer: false, minOrderTotal: 10_000, withinDays: 30 }],
    ["vip and 2 redemptions in 90 days", { tagsAny: ["vip"], minRedemptions: 2, withinDays: 90 }],
  ];
  for (const [label, rules] of cases) {
    const parsed = segmentRulesSchema.parse(rules);
    let size = 0;
    const ms = await median(5, async () => (size = (await segmentSize(orgId, parsed)).size));
    line(`segment size: ${label}`, `${ms.toFixed(0)} ms  (${size} members)`);
  }
}

async function claims(orgId: string, actor: Actor) {
  const segment = await createSegment(actor, { name: "bench vip", rules: segmentRulesSchema.parse({ tagsAny: ["vip"], minRedemptions: 1 }) });
  const open = await seedCampaign(db, { orgId, name: "all", perConsumerLimit: 5 });
  const only = await seedCampaign(db, { orgId, name: "segment", perConsumerLimit: 5, audience: "segment", segmentId: segment.id });
  const gOpen = await seedGroup(db, { orgId, campaignId: open.id, name: "all", slug: `ball-${Date.now()}`, mode: "unique", quantity: CLAIM_RUNS * 2 });
  const gOnly = await seedGroup(db, { orgId, campaignId: only.id, name: "seg", slug: `bseg-${Date.now()}`, mode: "unique", quantity: CLAIM_RUNS * 2 });
  await db.execute(sql`analyze codes`);
  // Members of the segment (n % 10 < 3 and n % 6 > 0), different ones for each side; rounds alternate.
  const members = Array.from({ length: CONSUMERS }, (_, i) => i + 1).filter((n) => n % 10 < 3 && n % 6 > 0);
  let a = 0;
  let b = 0;
  const rounds = 4;
  for (let r = 0; r < rounds; r++) {
    const per = CLAIM_RUNS / rounds;
    const base = r * per * 2;
    a += (await time(async () => { for (let i = 0; i < per; i++) await claimCode({ slug: gOpen.slug, phone: phoneOf(members[base + i]) }); })).ms;
    b += (await time(async () => { for (let i = 0; i < per; i++) await claimCode({ slug: gOnly.slug, phone: phoneOf(members[base + per + i]) }); })).ms;
  }
  line("claim, audience all", `${(a / CLAIM_RUNS).toFixed(2)} ms/claim`);
  line("claim, audience segment (vip, ≥1 redemption)", `${(b / CLAIM_RUNS).toFixed(2)} ms/claim  (${(b / a).toFixed(2)}× audience all)`);
}

function tagCsv(rowsWanted: number): Buffer {
  const lines: string[] = ["phone,tag"];
  for (let i = 0; i < rowsWanted; i++) lines.push(`${phoneOf(1 + ((i * 7919) % (CONSUMERS * 1.5)))},${i % 3 === 0 ? "crm:gold" : "crm:silver"}`);
  return Buffer.from(`${lines.join("\n")}\n`);
}

async function tagImport(orgId: string, actor: Actor) {
  const csv = tagCsv(TAG_ROWS);
  const client = getHandle().client!;
  const copyFrom = async (statement: string, data: Buffer) => {
    let ms = 0;
    await client
      .begin(async (t) => {
        const began = performance.now();
        await pipeline(Readable.from([data]), await t.unsafe(statement).writable());
        ms = performance.now() - began;
        throw new Error("rollback");
      })
      .catch((e: Error) => {
        if (e.message !== "rollback") throw e;
      });
    return ms;
  };
  // Baselines: COPY of the rows into a bare table; and COPY of as many rows straight into consumers
  // (its indexes and its million rows; phones none of them has, so nothing conflicts), rolled back.
  await client.unsafe("create table copy_bench (phone text, tag text)");
  const bare = await copyFrom("copy copy_bench from stdin with (format csv, header true)", csv);
  await client.unsafe("drop table copy_bench");
  const direct = Buffer.from(Array.from({ length: TAG_ROWS }, (_, i) => `${orgId},+8615${String(i).padStart(9, "0")}\n`).join(""));
  const intoConsumers = await copyFrom("copy consumers (org_id, phone) from stdin with (format csv)", direct);
  async function* chunks() {
    for (let i = 0; i < csv.length; i += 64 * 1024) yield csv.subarray(i, i + 64 * 1024);
  }
  let merging = 0;
  const app = await time(() => importTags(actor, chunks(), (p) => void (p.phase === "merging" && (merging = performance.now()))));
  const merged = performance.now() - merging;
  if (!app.value.ok) throw new Error("tag import refused the file");
  const again = await time(() => importTags(actor, chunks()));
  if (!again.value.ok || again.value.created !== 0) throw new Error("the re-import changed the consumers");
  line(`baseline: COPY of ${TAG_ROWS} rows (phone,tag) into a bare table`, `${(bare / 1000).toFixed(1)} s`);
  line(`baseline: COPY of ${TAG_ROWS} rows into consumers (indexes, rolled back)`, `${(intoConsumers / 1000).toFixed(1)} s`);
  line(
    `tag import of ${TAG_ROWS} rows (${app.value.created} new consumers)`,
    `${(app.ms / 1000).toFixed(1)} s  (${(app.ms / intoConsumers).toFixed(2)}× COPY into consumers, ${(app.ms / bare).toFixed(0)}× COPY into a bare table)`,
  );
  line(`  of which: reading and staging / merging`, `${((app.ms - merged) / 1000).toFixed(1)} s / ${(merged / 1000).toFixed(1)} s`);
  line(`the same file again (nothing to change)`, `${(again.ms / 1000).toFixed(1)} s  (${(again.ms / intoConsumers).toFixed(2)}× COPY into consumers)`);
}

async function send(orgId: string, actor: Actor) {
  // Two disjoint sets of SEND consumers and two groups of SEND codes: one for the send, one for the baseline.
  await db.execute(sql`
    insert into consumer_tags (consumer_id, tag, org_id)
    select id, case when right(phone, 9)::int <= ${SEND}::int then 'send-a' else 'send-b' end, org_id from consumers
    where org_id = ${orgId}::uuid and phone in (select '+8613' || lpad(n::text, 9, '0') from generate_series(1, ${SEND * 2}::int) n)`);
  const campaign = await seedCampaign(db, { orgId, name: "send", perConsumerLimit: 10 });
  const gSend = await seedGroup(db, { orgId, campaignId: campaign.id, name: "send", slug: `bsend-${Date.now()}`, mode: "unique", quantity: SEND });
  const gBase = await seedGroup(db, { orgId, campaignId: campaign.id, name: "base", slug: `bbase-${Date.now()}`, mode: "unique", quantity: SEND });
  await db.execute(sql`vacuum analyze consumers, consumer_tags`);
  const baseline = await time(() =>
    db.transaction(async (tx) => {
      await tx.execute(sql`
        with k as (select consumer_id as id, row_number() over (order by consumer_id) as rn from consumer_tags where org_id = ${orgId}::uuid and tag = 'send-b'),
             c as (select id, seq from codes where group_id = ${gBase.id}::uuid),
             upd as (update codes set status = 'claimed', consumer_id = k.id, claimed_at = now() from k, c where codes.id = c.id and c.seq = k.rn returning codes.id, codes.consumer_id)
        insert into claims (org_id, campaign_id, group_id, code_id, consumer_id) select ${orgId}::uuid, ${campaign.id}::uuid, ${gBase.id}::uuid, id, consumer_id from upd`);
    }),
  );
  const segment = await createSegment(actor, { name: "send a", rules: segmentRulesSchema.parse({ tagsAny: ["send-a"] }) });
  await db.execute(sql`update organizations set settings = settings || '{"sendApprovalThreshold": 10000000}'::jsonb where id = ${orgId}::uuid`);
  const app = await time(async () => {
    await createSend(actor, segment.id, { groupId: gSend.id, sms: false });
    let r;
    do r = await workSends({ orgId, budgetMs: 600_000 });
    while (r.status === "running");
  });
  const [{ issued, status, total, error, skipped }] = await rows<{ issued: number; status: string; total: number; error: string | null; skipped: unknown }>(db, sql`select issued, status, total, error, skipped from sends where group_id = ${gSend.id}::uuid`);
  if (issued !== SEND) throw new Error(`the send issued ${issued} of ${SEND} (${status}, total ${total}, ${error}, ${JSON.stringify(skipped)})`);
  line(`baseline: insert ${SEND} claims directly (codes + claims)`, `${(baseline.ms / 1000).toFixed(1)} s  ${((SEND / baseline.ms) * 1000).toFixed(0)} claims/s`);
  line(`send to ${SEND} members (no texts; ${issued} codes, audit, events)`, `${(app.ms / 1000).toFixed(1)} s  ${((issued / app.ms) * 1000).toFixed(0)} claims/s  (${(baseline.ms / app.ms).toFixed(2)}× the direct rate)`);
}

export async function run() {
  const admin = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `coupon_bench_consumers_${Date.now()}`;
  const a = postgres(admin, { max: 1, onnotice: () => {} });
  await a.unsafe(`create database "${name}"`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
  process.env.DATABASE_POOL_SIZE ??= "10";
  console.log(`${CONSUMERS} consumers, ${CLAIMS} claims; tag import ${TAG_ROWS} rows; send ${SEND}`);
  try {
    await applyMigrations();
    const f = await seedTestOrg(db, `bench-${Date.now()}`);
    const actor: Actor = { orgId: f.org.id, role: "marketer", userId: f.users.marketer.id, apiKeyId: null };
    await populate(f.org.id);
    await pages(f.org.id);
    await sizes(f.org.id);
    await claims(f.org.id, actor);
    await tagImport(f.org.id, actor);
    await send(f.org.id, actor);
  } finally {
    await closeDb();
    // BENCH_KEEP=1 keeps the database for a look with EXPLAIN afterwards.
    if (process.env.BENCH_KEEP === "1") console.log(`kept database ${name}`);
    else await a.unsafe(`drop database if exists "${name}" with (force)`);
    await a.end();
  }
}

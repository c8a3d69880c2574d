import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { db, rows } from "@/db";
import { applyMigrations } from "@/db/migrate-lib";
import { seedCampaign, seedGroup, seedTestOrg } from "@/db/seed/builders";
import { claimCode } from "@/lib/claims/claim";
import { pruneOnce, retentionSettings } from "@/lib/ops/retention";
import { fanOutEvents } from "@/lib/webhooks/worker";
import { withFreshDatabase } from "./lib";

/**
 * Retention under claims (issue 19) on PostgreSQL, in a fresh database (BENCH_DATABASE_URL or the local
 * server): N claims (BENCH_RETENTION_CLAIMS, default 100,000; 8 in flight, through claimCode as the
 * routes call it) in steps of a tenth; after each step the worker's fan-out and one retention run (as
 * the job would every RETENTION_INTERVAL_SECONDS under load). No endpoint subscribes to claims — the
 * common case, whose events used to stay forever. The outbox grace after fan-out is 0 here (1 hour in
 * the app), so what the step wrote is prunable at once. Reported per step: the outbox's rows against
 * the events written so far (the baseline: what the outbox held without retention), its size, and the
 * run's time against the step's claiming time.
 */
const N = Number(process.env.BENCH_RETENTION_CLAIMS ?? 100_000);
const STEPS = 10;
const CONCURRENCY = 8;

export async function run() {
  await withFreshDatabase("retention", async () => {
    await applyMigrations();
    const f = await seedTestOrg(db, "bench-retention");
    const campaign = await seedCampaign(db, { orgId: f.org.id });
    const group = await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "bench", slug: "bench-retention", mode: "unique", quantity: N });
    const settings = { ...retentionSettings(), outboxGraceSeconds: 0 };
    console.log(`${N.toLocaleString("en")} claims in ${STEPS} steps, ${CONCURRENCY} in flight; a fan-out and a retention run after each step`);
    console.log("step   claims  events written  outbox rows  outbox size   claims s  retention ms  run/claims");
    let next = 0;
    let claimMsTotal = 0;
    let pruneMsTotal = 0;
    for (let step = 1; step <= STEPS; step++) {
      const end = Math.round((N * step) / STEPS);
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let i = next++; i < end; i = next++) await claimCode({ slug: group.slug, phone: `+8613${String(i).padStart(9, "0")}` });
        }),
      );
      next = end;
      const claimMs = performance.now() - t0;
      for (;;) if ((await fanOutEvents({ fanOutBatch: 5000 })).events === 0) break;
      const t1 = performance.now();
      await pruneOnce({ settings, batch: 5000 });
      const pruneMs = performance.now() - t1;
      claimMsTotal += claimMs;
      pruneMsTotal += pruneMs;
      const [s] = await rows<{ rows: number; written: number; size: string }>(
        db,
        sql`select (select count(*) from outbox)::int as rows,
                   (select last_value from outbox_id_seq)::int as written,
                   pg_size_pretty(pg_total_relation_size('outbox')) as size`,
      );
      console.log(
        `${String(step).padStart(4)} ${end.toLocaleString("en").padStart(8)} ${Number(s.written).toLocaleString("en").padStart(15)} ${Number(s.rows).toLocaleString("en").padStart(12)} ${s.size.padStart(12)} ${(claimMs / 1000).toFixed(1).padStart(10)} ${pruneMs.toFixed(0).padStart(13)} ${(pruneMs / claimMs).toFixed(3).padStart(11)}`,
      );
    }
    const [{ dead, live }] = await rows<{ dead: number; live: number }>(db, sql`select n_dead_tup::int as dead, n_live_tup::int as live from pg_stat_user_tables where relname = 'outbox'`);
    console.log(`retention time / claiming time over the run: ${(pruneMsTotal / claimMsTotal).toFixed(3)}; outbox statistics at the end: ${live} live, ${dead} dead rows (autovacuum reclaims them)`);
  });
}

import { performance } from "node:perf_hooks";

export type Measurement = { label: string; ops: number; ms: number; perSecond: number; p50: number; p99: number };

/** Runs `fn` `iterations` times with `concurrency` in flight; returns throughput and latency percentiles. */
export async function measure(label: string, iterations: number, concurrency: number, fn: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < iterations; i = next++) {
        const t = performance.now();
        await fn(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const ms = performance.now() - start;
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { label, ops: iterations, ms, perSecond: (iterations / ms) * 1000, p50: pick(0.5), p99: pick(0.99) } satisfies Measurement;
}

export function report(subject: Measurement, baseline: Measurement) {
  const fmt = (m: Measurement) =>
    `${m.label.padEnd(44)} ${m.perSecond.toFixed(0).padStart(8)} ops/s  p50 ${m.p50.toFixed(2)} ms  p99 ${m.p99.toFixed(2)} ms`;
  console.log(fmt(baseline));
  console.log(fmt(subject));
  console.log(`ratio (subject/baseline throughput): ${(subject.perSecond / baseline.perSecond).toFixed(2)}`);
}

/** Resolves once `url` answers 2xx, polling every 500 ms; fails after `ms`. */
export async function waitFor(url: string, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server at ${url} did not start`);
}

/**
 * Runs `fn` on a fresh PostgreSQL database (BENCH_DATABASE_URL's server, or the local one) that this
 * process's `db` points at; drops it afterwards unless BENCH_KEEP=1. Newer benchmarks use this; the
 * older ones still create theirs inline.
 */
export async function withFreshDatabase(prefix: string, fn: () => Promise<void>): Promise<void> {
  const { default: postgres } = await import("postgres");
  const { closeDb } = await import("@/db");
  const admin = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `coupon_bench_${prefix}_${Date.now()}`;
  const a = postgres(admin, { max: 1, onnotice: () => {} });
  await a.unsafe(`create database "${name}"`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
  process.env.DATABASE_POOL_SIZE ??= "20";
  try {
    await fn();
  } finally {
    await closeDb();
    if (process.env.BENCH_KEEP === "1") console.log(`kept database ${name}`);
    else await a.unsafe(`drop database if exists "${name}" with (force)`);
    await a.end();
  }
}

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import autocannon from "autocannon";
import postgres from "postgres";
import { closeDb } from "@/db";
import { applyMigrations } from "@/db/migrate-lib";
import { waitFor } from "./lib";

// Shared by the HTTP benchmarks: a fresh PostgreSQL database, the production server on it, autocannon.

export type Result = autocannon.Result;

/** One autocannon run; `onResponse` sees every response (for timing parts of a run). */
export function load(opts: autocannon.Options, onResponse?: () => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
    if (onResponse) instance.on("response", onResponse);
  });
}

/** Prints one line: label, req/s, latency percentiles and non-2xx count. */
export function line(label: string, rps: number, r?: Result) {
  console.log(`${label.padEnd(50)} ${rps.toFixed(0).padStart(7)} req/s${r ? `  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  non-2xx ${r.non2xx}` : ""}`);
}

/**
 * Runs `fn` with DATABASE_URL set to a new, migrated database on the local server (BENCH_DATABASE_URL
 * to use another), and a `start()` that serves the production build on it; drops everything afterwards.
 */
export async function withBenchServer(
  name: string,
  port: number,
  fn: (ctx: { url: string; base: string; start: (env?: Record<string, string>) => Promise<void> }) => Promise<void>,
) {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("Run `npm run build` first: the benchmark serves the production build.");
  const admin = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const dbName = `coupon_bench_${name}_${Date.now()}`;
  const a = postgres(admin, { max: 1, onnotice: () => {} });
  await a.unsafe(`create database "${dbName}"`);
  const u = new URL(admin);
  u.pathname = `/${dbName}`;
  const url = u.toString();
  process.env.DATABASE_URL = url;
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  try {
    await applyMigrations();
    await fn({
      url,
      base,
      start: async (env = {}) => {
        server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
          env: {
            ...process.env,
            DATABASE_URL: url,
            DATABASE_POOL_SIZE: "20",
            REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
            AUTH_SECRET: "bench-secret-bench-secret-bench-secret",
            AUTH_TRUST_HOST: "true",
            NODE_ENV: "production",
            ...env,
          },
          stdio: "ignore",
          detached: true,
        });
        await waitFor(`${base}/api/health`, 60_000);
      },
    });
  } finally {
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
    await closeDb();
    delete process.env.DATABASE_URL;
    await new Promise((r) => setTimeout(r, 1000));
    await a.unsafe(`drop database if exists "${dbName}" with (force)`);
    await a.end();
  }
}

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
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

/** What `line` prints of a run: autocannon's result, or `fixedRate`'s. */
type Summary = { latency: { p50: number; p99: number }; non2xx: number };

/**
 * An open-loop load at a fixed rate: request k leaves at start + k/rate whether or not earlier ones have
 * answered (over up to `connections` keep-alive sockets), and its latency counts from that moment, so a
 * server that falls behind shows it. autocannon's `overallRate` is not this: each connection sends its
 * share of a second back to back when the second starts, so "200/s" over 50 connections arrives as one
 * burst of 200 at the top of every second and the last of each burst waits for all the others.
 * `requests[0]` is an autocannon request (its `setupRequest` is called for each one).
 */
export async function fixedRate(opts: {
  url: string;
  rate: number;
  duration: number;
  connections: number;
  requests: autocannon.Request[];
}): Promise<Summary & { requests: { average: number; total: number } }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const base = new URL(opts.url);
  const total = Math.round(opts.rate * opts.duration);
  const gap = 1000 / opts.rate;
  const latencies: number[] = [];
  let non2xx = 0;
  let done = 0;
  let last = 0;
  const start = performance.now();
  const template = opts.requests[0];
  await new Promise<void>((finished) => {
    const send = (due: number) => {
      const r = typeof template.setupRequest === "function" ? template.setupRequest({ ...template }, {}) : template;
      const req = http.request(
        { host: base.hostname, port: base.port, method: r.method ?? "GET", path: r.path ?? "/", headers: r.headers as http.OutgoingHttpHeaders, agent },
        (res) => {
          res.resume();
          res.on("end", () => {
            last = performance.now();
            latencies.push(last - due);
            if ((res.statusCode ?? 0) >= 300) non2xx++;
            if (++done === total) finished();
          });
        },
      );
      req.on("error", () => {
        non2xx++;
        if (++done === total) finished();
      });
      req.end(r.body as string | undefined);
    };
    let sent = 0;
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * gap <= now) send(start + sent++ * gap);
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * gap - performance.now()));
    };
    tick();
  });
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { requests: { average: total / ((last - start) / 1000), total }, latency: { p50: pick(0.5), p99: pick(0.99) }, non2xx };
}

/**
 * One pass over /proc: CPU time (ms) used so far by this machine's processes, by role (the Next.js
 * server, PostgreSQL, Redis, this load generator, the rest), and for the server's main thread (the one
 * that runs JavaScript) the ms it has run on a CPU and waited, runnable, for one (schedstat).
 */
function procSnapshot(): { byRole: Record<string, number>; serverThread: { running: number; waiting: number } | null } {
  const byRole: Record<string, number> = {};
  let serverThread: { running: number; waiting: number } | null = null;
  const tick = 1000 / 100; // USER_HZ
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const role =
        pid === String(process.pid) ? "load generator" : name.startsWith("next-server") ? "server" : name.startsWith("postgres") ? "postgres" : name.startsWith("redis") ? "redis" : "other";
      byRole[role] = (byRole[role] ?? 0) + (Number(fields[11]) + Number(fields[12])) * tick; // utime + stime
      if (role === "server" && !serverThread) {
        const [running, waiting] = fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ").map(Number);
        serverThread = { running: running / 1e6, waiting: waiting / 1e6 };
      }
    } catch {
      continue; // exited meanwhile
    }
  }
  return { byRole, serverThread };
}

export type CpuUse = {
  /** CPU ms per request, by process role. */
  cpu: Record<string, number>;
  /** Cores busy on average during the run. */
  coresBusy: number;
  /** Share of the run the server's JavaScript thread ran, and waited, runnable, for a CPU. */
  serverThread: { running: number; waiting: number } | null;
};

/**
 * Runs `fn` (a load run) and adds what it cost: CPU ms per request by process role, how many of the
 * machine's cores were busy, and whether the server's JavaScript thread was running or waiting for a
 * CPU. Linux only (reads /proc); elsewhere `cpu` is empty.
 */
export async function withCpu<R extends { requests: { total: number } }>(fn: () => Promise<R>): Promise<R & CpuUse> {
  const linux = fs.existsSync("/proc/self/stat");
  const before = linux ? procSnapshot() : null;
  const t0 = performance.now();
  const r = await fn();
  const wall = performance.now() - t0;
  const after = linux ? procSnapshot() : null;
  const cpu: Record<string, number> = {};
  let total = 0;
  for (const k of Object.keys(after?.byRole ?? {})) {
    const used = after!.byRole[k] - (before?.byRole[k] ?? 0);
    total += used;
    cpu[k] = used / Math.max(1, r.requests.total);
  }
  const [t1, t2] = [before?.serverThread, after?.serverThread];
  const serverThread = t1 && t2 ? { running: (t2.running - t1.running) / wall, waiting: (t2.waiting - t1.waiting) / wall } : null;
  return { ...r, cpu, coresBusy: total / wall, serverThread };
}

/** "server 1.41 · postgres 0.92 · …" ms of CPU per request, the busy cores, and the server's JavaScript thread. */
export function cpuLine(label: string, r: CpuUse) {
  const order = ["server", "postgres", "redis", "load generator", "other"];
  const parts = order.filter((k) => r.cpu[k] !== undefined).map((k) => `${k} ${r.cpu[k].toFixed(2)}`);
  const sum = Object.values(r.cpu).reduce((a, b) => a + b, 0);
  const thread = r.serverThread
    ? `; server's JS thread running ${(r.serverThread.running * 100).toFixed(0)}%, waiting for a CPU ${(r.serverThread.waiting * 100).toFixed(0)}%`
    : "";
  console.log(`  CPU ms per request, ${label}: ${parts.join(" · ")} · total ${sum.toFixed(2)}; cores busy ${r.coresBusy.toFixed(2)} of ${os.availableParallelism()}${thread}`);
}

/** Prints one line: label, req/s, latency percentiles and non-2xx count. */
export function line(label: string, rps: number, r?: Summary) {
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

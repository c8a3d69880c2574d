import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { databaseKind, db, rows } from "@/db";
import { env } from "@/lib/env";
import { redisClient } from "@/lib/security/rate-limit";
import { isShuttingDown } from "./shutdown";

export type Check = { ok: boolean; detail: string; ms: number };
export type Readiness = { ready: boolean; checks: Record<string, Check> };

async function timed(fn: () => Promise<string>): Promise<Check> {
  const started = performance.now();
  try {
    return { ok: true, detail: await fn(), ms: Math.round(performance.now() - started) };
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : String(e), ms: Math.round(performance.now() - started) };
  }
}

/** The migrations in the repository (drizzle/meta/_journal.json), in order. */
async function migrationTags(): Promise<string[]> {
  const journal = JSON.parse(await fs.readFile(path.join(process.cwd(), "drizzle", "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
  return journal.entries.map((e) => e.tag);
}

/**
 * Whether this instance should get traffic: the database answers, every migration of this build is
 * applied (an instance of a newer build against an old schema is not ready), Redis answers when
 * REDIS_URL is set, and the process is not shutting down. `/api/ready` answers 503 otherwise.
 */
export async function readiness(): Promise<Readiness> {
  const checks: Record<string, Check> = {
    database: await timed(async () => {
      await db.execute(sql`select 1`);
      return databaseKind();
    }),
    migrations: await timed(async () => {
      const [expected, [applied]] = await Promise.all([migrationTags(), rows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`)]);
      const n = Number(applied.n);
      if (n < expected.length) throw new Error(`${expected.length - n} migration(s) not applied: run npm run db:migrate (or restart, which applies them)`);
      return `${n} applied, latest ${expected.at(-1)}`;
    }),
  };
  const redis = env().REDIS_URL ? redisClient() : undefined;
  if (redis) {
    checks.redis = await timed(async () => {
      await Promise.race([redis.ping(), new Promise((_, fail) => setTimeout(() => fail(new Error("no answer within 1 s")), 1000).unref())]);
      return "pong";
    });
  }
  if (isShuttingDown()) checks.process = { ok: false, detail: "shutting down: finishing requests in flight", ms: 0 };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}

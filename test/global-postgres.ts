import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";

/** The server to test against: TEST_DATABASE_URL, or the local PostgreSQL. */
export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates `coupon_test_<time>_<pid>` on the server, migrates it, and drops it when the run ends. */
export default async function setup(project: TestProject) {
  const name = `coupon_test_${Date.now()}_${process.pid}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = withDatabase(adminUrl(), name);
  const client = postgres(url, { max: 1, onnotice: () => {} });
  await migrate(drizzle({ client }), { migrationsFolder: path.join(import.meta.dirname, "..", "drizzle") });
  await client.end();
  project.provide("testDatabaseUrl", url);
  return async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
}

import { afterAll, beforeAll } from "vitest";
import { closeDb } from "@/db";
import { applyMigrations } from "@/db/migrate-lib";

// Each test file gets its own in-memory embedded database with every migration applied.
delete process.env.DATABASE_URL;
process.env.PGLITE_DIR = "memory://";
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

beforeAll(async () => {
  await applyMigrations();
});

afterAll(async () => {
  await closeDb();
});

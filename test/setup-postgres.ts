import { afterAll, inject } from "vitest";
import { closeDb } from "@/db";

// The database was created and migrated once for this run by test/global-postgres.ts.
process.env.DATABASE_URL = inject("testDatabaseUrl");
process.env.DATABASE_POOL_SIZE ??= "20";
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

afterAll(async () => {
  await closeDb();
});

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseUrl: string;
  }
}

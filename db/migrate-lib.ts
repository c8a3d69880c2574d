import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import path from "node:path";
import { getHandle } from "./index";

export const migrationsFolder = path.join(process.cwd(), "drizzle");

/** Applies the committed drizzle-kit migrations to whichever database this process uses. */
export async function applyMigrations() {
  const { db, kind } = getHandle();
  if (kind === "postgres") await migratePostgres(db, { migrationsFolder });
  else await migratePglite(db as unknown as PgliteDatabase<Record<string, never>>, { migrationsFolder });
}

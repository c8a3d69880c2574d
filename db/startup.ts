import { sql } from "drizzle-orm";
import { databaseKind, db, pgliteDir } from "./index";
import { applyMigrations } from "./migrate-lib";
import { organizations } from "./schema";

/**
 * Zero set-up on the embedded database: migrate, and seed the demo organisation the first time.
 * On PostgreSQL nothing happens by itself: `npm run db:migrate` and `npm run db:seed` are explicit.
 */
export async function prepareDatabaseOnStart() {
  const port = process.env.PORT ?? "3000";
  if (databaseKind() === "postgres") {
    console.log(`[coupon] Using PostgreSQL (DATABASE_URL). Console: http://localhost:${port}/login`);
    return;
  }
  await applyMigrations();
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(organizations);
  if (count === 0) {
    const { seedDemo } = await import("./seed/demo");
    await seedDemo();
    console.log(`[coupon] Created the embedded database in ${pgliteDir()} and seeded the demo organisation.`);
  }
  const { DEMO_PASSWORD } = await import("./seed/demo");
  console.log(
    [
      "",
      `[coupon] Console: http://localhost:${port}/login`,
      `[coupon] Demo sign-in (password ${DEMO_PASSWORD}): owner@demo.local, marketer@demo.local,`,
      "[coupon]   reviewer@demo.local, clerk@demo.local, influencer@demo.local",
      "",
    ].join("\n"),
  );
}

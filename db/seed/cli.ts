import "../load-env";
import { eq } from "drizzle-orm";
import { closeDb, databaseKind, db } from "../index";
import { organizations } from "../schema";
import { applyMigrations } from "../migrate-lib";
import { DEMO_PASSWORD, DEMO_SLUG, seedDemo } from "./demo";

// `npm run db:seed`: seeds the demo organisation on request (the only way it reaches PostgreSQL).
async function main() {
  // The embedded database may be brand new: bring it up to date first (PostgreSQL: run db:migrate).
  if (databaseKind() === "pglite") await applyMigrations();
  const [existing] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_SLUG));
  if (existing) {
    console.log(`The demo organisation already exists (${databaseKind()}); nothing to do.`);
  } else {
    await seedDemo();
    console.log(`Seeded the demo organisation on ${databaseKind()}. Sign in as owner@demo.local / ${DEMO_PASSWORD}.`);
  }
  await closeDb();
}

main().catch(async (e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

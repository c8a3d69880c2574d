import "./load-env";
import { applyMigrations } from "./migrate-lib";
import { closeDb, databaseKind } from "./index";

async function main() {
  await applyMigrations();
  console.log(`Migrations applied (${databaseKind()}).`);
  await closeDb();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

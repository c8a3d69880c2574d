import { defineConfig } from "drizzle-kit";

// Generation only: migrations are applied by db/migrate.ts (PostgreSQL) or at server start (PGlite).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./drizzle",
  casing: "snake_case",
});

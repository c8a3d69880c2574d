import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

/**
 * Three projects:
 * - unit: pure functions, no database (`*.test.ts` that are not `*.int.test.ts`);
 * - pglite: integration tests on the embedded database, in memory, migrated per file;
 * - postgres: the same integration tests on real PostgreSQL, in a database created for this run
 *   (TEST_DATABASE_URL, or the local server on 127.0.0.1:5432) and dropped afterwards.
 */
const shared = {
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      { find: "server-only", replacement: path.join(root, "test/empty-module.ts") },
    ],
  },
};

export default defineConfig({
  ...shared,
  test: {
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts", "i18n/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "pglite",
          include: ["**/*.int.test.ts"],
          // db/move.int.test.ts moves data between PGlite and PostgreSQL: it needs the server, so postgres only;
          // so does the variant race that pins interleavings with locks (PGlite runs one transaction at a time).
          exclude: ["node_modules/**", "e2e/**", "db/move.int.test.ts", "lib/groups/variants-race.int.test.ts"],
          setupFiles: ["test/setup-pglite.ts"],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", "e2e/**"],
          globalSetup: ["test/global-postgres.ts"],
          setupFiles: ["test/setup-postgres.ts"],
          testTimeout: 120_000,
        },
      },
    ],
  },
});

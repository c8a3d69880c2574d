import "../db/load-env";
import { parseArgs } from "node:util";
import { z } from "zod";
import { restoreEndpoint, RestoreRefused, rowCounts } from "../db/backup";
import { appEndpoint, describeEndpoint, endpointSchema, MoveRefused, nextSteps, openEndpoint } from "../db/move";

const HELP = `Restores a backup made by \`npm run db:backup\` into a new, empty database.

  npm run db:restore -- <file> [--to <database>]

  <database>: a PostgreSQL URL (postgres://…) or pglite:<directory>; default: the app's own database
  (DATABASE_URL, else PGLITE_DIR or .data/pglite).
  A .sql dump restores into PGlite (exec) or PostgreSQL (psql); a custom-format .dump into PostgreSQL
  only (pg_restore). The target must have no tables, schemas or functions yet: it is refused otherwise.

Stop the app first when restoring into the embedded database. See docs/moving-and-backups.md.`;

const argsSchema = z.object({ file: z.string().trim().min(1, "name the backup file to restore"), to: endpointSchema.optional() });

async function main() {
  const { values, positionals } = parseArgs({
    options: { to: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const parsed = argsSchema.safeParse({ file: positionals[0] ?? "", to: values.to });
  if (!parsed.success || positionals.length > 1) {
    console.error(`${parsed.success ? "Only one file, please." : z.prettifyError(parsed.error)}\n\n${HELP}`);
    return 2;
  }
  const to = parsed.data.to ?? appEndpoint();
  try {
    console.log(`Restoring ${parsed.data.file} into ${describeEndpoint(to)}…`);
    await restoreEndpoint(parsed.data.file, to);
    const conn = await openEndpoint(to, { mustExist: true });
    try {
      const counts = await rowCounts(conn);
      const width = Math.max(5, ...counts.map((c) => c.table.length));
      console.log(counts.map((c) => `  ${c.table.padEnd(width)}  ${String(c.rows).padStart(9)}`).join("\n"));
      console.log(`Restored ${counts.length} tables, ${counts.reduce((n, c) => n + c.rows, 0)} rows.\n`);
    } finally {
      await conn.close();
    }
    console.log(nextSteps(to, "restore"));
    return 0;
  } catch (e) {
    if (e instanceof RestoreRefused || e instanceof MoveRefused) {
      console.error(e.message);
      return 2;
    }
    console.error(e instanceof Error ? e.message : e);
    return 1;
  }
}

main().then((code) => process.exit(code));

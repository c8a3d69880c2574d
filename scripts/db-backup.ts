import "../db/load-env";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { backupEndpoint, defaultBackupPath } from "../db/backup";
import { appEndpoint, describeEndpoint, endpointSchema, MoveRefused } from "../db/move";

const HELP = `Writes a backup of the app's database.

  npm run db:backup [-- --out <file>] [--from <database>]

  The embedded database (no DATABASE_URL): a plain SQL dump by PGlite's own pg_dump (.sql).
  PostgreSQL (DATABASE_URL): pg_dump's custom format (.dump); pg_dump must be installed, of the
  server's major version or newer.
  --out defaults to backups/coupon-<pglite|postgres>-<UTC time>.<sql|dump>.
  --from: a PostgreSQL URL or pglite:<directory> instead of the app's own database.

Stop the app first when backing up the embedded database: only one process may open it.
Restore with \`npm run db:restore -- <file> [--to <database>]\`. See docs/moving-and-backups.md.`;

const argsSchema = z.object({ from: endpointSchema.optional(), out: z.string().trim().min(1).optional() });

async function main() {
  const { values } = parseArgs({
    options: { out: { type: "string" }, from: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`${z.prettifyError(parsed.error)}\n\n${HELP}`);
    return 2;
  }
  const from = parsed.data.from ?? appEndpoint();
  const out = parsed.data.out ?? defaultBackupPath(from.kind);
  if (fs.existsSync(out)) {
    console.error(`${out} exists already; name another file with --out.`);
    return 2;
  }
  try {
    console.log(`Backing up ${describeEndpoint(from)}…`);
    await backupEndpoint(from, out);
    const size = (fs.statSync(out).size / 1024 / 1024).toFixed(1);
    console.log(`Wrote ${out} (${size} MiB, ${from.kind === "pglite" ? "plain SQL" : "pg_dump custom format"}).`);
    console.log(`Restore it into a new, empty database with: npm run db:restore -- ${out} --to <postgres://…|pglite:<dir>>`);
    return 0;
  } catch (e) {
    fs.rmSync(out, { force: true }); // no half-written backup that looks like a good one
    if (e instanceof MoveRefused) {
      console.error(e.message);
      return 2;
    }
    console.error(e instanceof Error ? e.message : e);
    return 1;
  }
}

main().then((code) => process.exit(code));

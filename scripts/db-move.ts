import "../db/load-env";
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  appPglite,
  describeEndpoint,
  endpointSchema,
  formatChecks,
  MoveMismatch,
  MoveRefused,
  moveDatabase,
  nextSteps,
  openEndpoint,
  sameEndpoint,
  type Conn,
} from "../db/move";

const HELP = `Copies the application's data to another database, and checks the copy.

  npm run db:move -- --to <target> [--from <source>] [--batch-size <rows>]

  <source>, <target>: a PostgreSQL URL (postgres://user:pass@host:5432/db) or pglite:<directory>.
  --from defaults to the embedded database (PGLITE_DIR, or .data/pglite), whatever DATABASE_URL says.

The target is migrated first and must then be empty. The source must have every migration of this
checkout (run \`npm run db:migrate\` on it first otherwise); it is only read. Stop the app first when
either side is PGlite: only one process may open it.

Exit status: 0 copied and checked, 2 refused (nothing written), 3 copied but a check failed (rolled back), 1 other errors.
See docs/moving-and-backups.md.`;

const argsSchema = z.object({
  from: endpointSchema.optional(),
  to: endpointSchema,
  batchSize: z.coerce.number().int().min(1).max(100_000).default(5000),
});

async function main() {
  const { values } = parseArgs({
    options: {
      from: { type: "string" },
      to: { type: "string" },
      "batch-size": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const parsed = argsSchema.safeParse({ from: values.from, to: values.to, batchSize: values["batch-size"] });
  if (!parsed.success) {
    console.error(`${z.prettifyError(parsed.error)}\n\n${HELP}`);
    return 2;
  }
  const from = parsed.data.from ?? appPglite();
  const to = parsed.data.to;
  if (sameEndpoint(from, to)) {
    console.error(`--from and --to are the same database (${describeEndpoint(to)}).`);
    return 2;
  }

  console.log(`Moving ${describeEndpoint(from)} → ${describeEndpoint(to)}`);
  let source: Conn | undefined;
  let target: Conn | undefined;
  try {
    source = await openEndpoint(from, { mustExist: true });
    target = await openEndpoint(to);
    const started = Date.now();
    const report = await moveDatabase(source, target, {
      batchSize: parsed.data.batchSize,
      onProgress: ({ table, copied, done }) => {
        if (done) console.log(`  copied ${table}: ${copied} rows`);
        else if (process.stdout.isTTY) process.stdout.write(`  copying ${table}: ${copied} rows…\r`);
      },
    });
    console.log(`\n${formatChecks(report.tables)}\n`);
    console.log(`All ${report.tables.length} tables match (${report.copiedRows} rows, ${((Date.now() - started) / 1000).toFixed(1)} s).\n`);
    console.log(nextSteps(to));
    return 0;
  } catch (e) {
    if (e instanceof MoveMismatch) {
      console.error(`\n${formatChecks(e.report)}\n\n${e.message}`);
      return 3;
    }
    if (e instanceof MoveRefused) {
      console.error(`Refused: ${e.message}`);
      return 2;
    }
    console.error(e instanceof Error ? e.message : e);
    return 1;
  } finally {
    await source?.close();
    await target?.close();
  }
}

main().then((code) => process.exit(code));

import "../db/load-env";
import { closeDb, databaseKind } from "../db/index";
import { startWebhookWorker, stopWebhookWorker } from "../lib/webhooks/worker";

/**
 * `npm run worker`: the webhook delivery worker on its own, for PostgreSQL deployments that run it
 * apart from the web instances (set WEBHOOK_WORKER=off on those) or beside them: every worker claims
 * its work with FOR UPDATE SKIP LOCKED, so any number can run at once. Stops on SIGINT/SIGTERM after
 * the requests in flight are recorded.
 */
async function main() {
  if (databaseKind() !== "postgres") {
    console.error(
      "The embedded database (PGlite) can be opened by one process only: the app runs the webhook worker itself. " +
        "Set DATABASE_URL to run a separate worker against PostgreSQL.",
    );
    process.exit(1);
  }
  startWebhookWorker();
  console.log("[webhooks] worker started (Ctrl+C to stop)");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[webhooks] ${signal}: finishing the requests in flight…`);
    await stopWebhookWorker();
    await closeDb();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

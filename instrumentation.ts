// Runs once when the server process starts (next dev / next start), never at build time.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Socket address, request id, request durations and access log of every request (lib/http/incoming.ts).
  const { installIncomingRequestHook } = await import("./lib/http/incoming");
  installIncomingRequestHook();
  const { prepareDatabaseOnStart } = await import("./db/startup");
  await prepareDatabaseOnStart();
  // Vacuum and analyze where the database does not (PGlite, autovacuum off): DB_MAINTENANCE=off to disable.
  const { startDbMaintenance } = await import("./db/maintenance");
  startDbMaintenance();
  // Anomaly protection: a periodic sweep behind the after-response checks (ANOMALY_SWEEP=off to disable).
  const { startAnomalySweep } = await import("./lib/anomalies/sweep");
  startAnomalySweep();
  // Analytics rollups (docs/analytics.md): a poll loop unless ANALYTICS_ROLLUP=off.
  const { startAnalyticsRollupJob } = await import("./lib/analytics/job");
  startAnalyticsRollupJob();
  // Targeted sends, marketing texts and consumer retention (AUDIENCE_JOBS=off to disable).
  const { startAudienceJobs } = await import("./lib/sends/job");
  startAudienceJobs();
  // Webhook deliveries (docs/webhooks.md): a poll loop in this process unless WEBHOOK_WORKER=off
  // (e.g. web instances on PostgreSQL while `npm run worker` runs elsewhere). On PGlite it must run here.
  const { env } = await import("./lib/env");
  if (env().WEBHOOK_WORKER) {
    const { startWebhookWorker } = await import("./lib/webhooks/worker");
    startWebhookWorker();
  }
  // Retention (README "Operating"): prunes old deliveries, events, notifications… (RETENTION=off to stop).
  const { startRetentionJob } = await import("./lib/ops/retention");
  startRetentionJob();
  // Graceful shutdown on SIGTERM/SIGINT (lib/ops/shutdown.ts): requests in flight, jobs, the webhook
  // worker and send leases finish or are handed back; the database is closed last.
  const { installGracefulShutdown, onShutdown, atExit } = await import("./lib/ops/shutdown");
  const { stopPeriodic } = await import("./lib/periodic");
  const { stopWebhookWorker } = await import("./lib/webhooks/worker");
  const { closeDb } = await import("./db");
  onShutdown("jobs", stopPeriodic);
  onShutdown("webhooks", stopWebhookWorker);
  atExit(closeDb);
  installGracefulShutdown({ timeoutMs: env().SHUTDOWN_TIMEOUT_SECONDS * 1000 });
}

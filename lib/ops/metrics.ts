import client from "prom-client";

// The process's Prometheus metrics (prom-client), served as text by /api/metrics. Counters and
// histograms are this process's own (Prometheus adds them up across instances); the gauges read from
// the database at scrape time (outbox, deliveries, pool) are lib/ops/collect.ts's.

type Metrics = ReturnType<typeof create>;
const KEY = Symbol.for("coupon.metrics");

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "coupon_process_" });
  const counter = (name: string, help: string, labelNames: string[]) => new client.Counter({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    claims: counter("coupon_claims_total", "Claims answered with a code (repeat: the phone already held one).", ["result"]),
    claimRefusals: counter("coupon_claim_refusals_total", "Claims refused, by reason (sold_out, limit_reached, rate_limited, …).", ["reason"]),
    publicRateLimited: counter("coupon_public_rate_limited_total", "Public requests (claims, one-time codes) refused by a rate limit, by the limit hit (ip, phone, device).", ["limit"]),
    redemptions: counter("coupon_redemptions_total", "Redemptions recorded (replay: an Idempotency-Key answered again).", ["result"]),
    redemptionRefusals: counter("coupon_redemption_refusals_total", "Redemptions refused, by reason.", ["reason"]),
    webhookAttempts: counter("coupon_webhook_attempts_total", "Webhook delivery attempts, by outcome (delivered, failed, dead).", ["outcome"]),
    jobRuns: counter("coupon_job_runs_total", "Runs of the periodic jobs, by job and outcome (ok, error).", ["job", "outcome"]),
    jobLastSuccess: new client.Gauge({
      name: "coupon_job_last_success_timestamp_seconds",
      help: "When each periodic job last finished without an error (Unix time).",
      labelNames: ["job"],
      registers: [registry],
    }),
    jobRunning: new client.Gauge({ name: "coupon_job_running", help: "1 while a periodic job's run is in progress.", labelNames: ["job"], registers: [registry] }),
    requestDuration: new client.Histogram({
      name: "coupon_http_request_duration_seconds",
      help: "HTTP request durations, by method, route class and status class.",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

/** The metrics of this process (one set, whichever bundle asks). */
export function metrics(): Metrics {
  const g = globalThis as Record<symbol, Metrics | undefined>;
  return (g[KEY] ??= create());
}

/**
 * The route class of a path, for the request-duration histogram: a handful of values, so the label
 * never grows with slugs, ids or codes.
 */
export function routeClass(method: string, path: string): string {
  if (path.startsWith("/_next/")) return "static";
  if (path.startsWith("/api/v1/public/")) return "api_public";
  if (path.startsWith("/api/v1/redemptions") || path.startsWith("/api/v1/codes/")) return "api_redeem";
  if (path.startsWith("/api/health") || path.startsWith("/api/ready") || path.startsWith("/api/metrics")) return "probe";
  if (path.startsWith("/api/")) return "api";
  if (path.startsWith("/c/") || path.startsWith("/u/")) return method === "POST" ? "consumer_action" : "consumer_page";
  return method === "POST" ? "console_action" : "console_page";
}

/** "2xx" … "5xx". */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

import { z } from "zod";

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  PGLITE_DIR: z.string().default(".data/pglite"),
  REDIS_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  APP_URL: z.string().url().optional(),
  TRUST_PROXY: flag,
  SESSION_IDLE_MINUTES: positiveInt(8 * 60),
  SESSION_MAX_HOURS: positiveInt(72),
  RATE_LIMIT_LOGIN_PER_ACCOUNT: positiveInt(5),
  RATE_LIMIT_LOGIN_PER_IP: positiveInt(30),
  RATE_LIMIT_LOGIN_WINDOW_SECONDS: positiveInt(15 * 60),
  RATE_LIMIT_REGISTER_PER_IP: positiveInt(10),
  RATE_LIMIT_REGISTER_WINDOW_SECONDS: positiveInt(3600),
  RATE_LIMIT_PUBLIC_PER_IP: positiveInt(60),
  RATE_LIMIT_PUBLIC_PER_PHONE: positiveInt(10),
  RATE_LIMIT_PUBLIC_PER_DEVICE: positiveInt(20),
  OTP_TTL_SECONDS: positiveInt(300),
  OTP_MAX_ATTEMPTS: positiveInt(5),
  OTP_SENDS_PER_PHONE_PER_HOUR: positiveInt(5),
  SMS_PROVIDER: z.enum(["dev"]).default("dev"),
  RATE_LIMIT_PUBLIC_WINDOW_SECONDS: positiveInt(60),
  SEED_DEMO: flag,
  // Anomaly protection (docs/anomalies.md): the periodic sweep that catches up missed evaluations.
  ANOMALY_SWEEP: z.enum(["on", "off"]).default("on"),
  ANOMALY_SWEEP_SECONDS: positiveInt(120),
  // Webhooks (docs/webhooks.md): the in-process delivery worker, and whether receivers may be private addresses.
  WEBHOOK_WORKER: z
    .enum(["on", "off", "1", "0", "true", "false", ""])
    .optional()
    .transform((v) => v !== "off" && v !== "0" && v !== "false"),
  // Off unless set: any owner (sign-up is public) could otherwise make the server post to, and show the
  // answer of, a service on its own network.
  WEBHOOK_ALLOW_PRIVATE: flag,
  WEBHOOK_TIMEOUT_MS: positiveInt(10_000),
  WEBHOOK_POLL_MS: positiveInt(500),
  WEBHOOK_CONCURRENCY: positiveInt(16),
  // Analytics (docs/analytics.md): the rollup job's poll loop, and how old a row must be to be rolled up.
  ANALYTICS_ROLLUP: z.enum(["on", "off"]).default("on"),
  ANALYTICS_ROLLUP_INTERVAL_SECONDS: positiveInt(60),
  ANALYTICS_ROLLUP_LAG_SECONDS: positiveInt(120),
  // Targeted sends, marketing texts and consumer retention (lib/sends/job.ts): "off" stops them in this process.
  AUDIENCE_JOBS: z.enum(["on", "off"]).default("on"),
  // Vacuum and analyze by the app where the database does not do it (PGlite, autovacuum off): db/maintenance.ts.
  DB_MAINTENANCE: z.enum(["on", "off"]).default("on"),
  DB_MAINTENANCE_SECONDS: positiveInt(30),
  // Operating (README "Operating"): graceful shutdown, the metrics endpoint's token, and retention.
  SHUTDOWN_TIMEOUT_SECONDS: positiveInt(25),
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional().or(z.literal("").transform(() => undefined)),
  RETENTION: z.enum(["on", "off"]).default("on"),
  RETENTION_INTERVAL_SECONDS: positiveInt(300),
  // Days kept; 0 keeps forever.
  RETENTION_WEBHOOK_DELIVERIES_DAYS: nonNegativeInt(30),
  RETENTION_NOTIFICATIONS_DAYS: nonNegativeInt(90),
  RETENTION_LANDING_EVENTS_DAYS: nonNegativeInt(0),
  RETENTION_ABUSE_COUNTERS_DAYS: nonNegativeInt(30),
  RETENTION_JOBS_DAYS: nonNegativeInt(30),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** The environment, parsed once; a bad value stops the process with a readable message. */
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${lines}`);
  }
  cached = parsed.data;
  return cached;
}

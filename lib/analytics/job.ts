import "server-only";
import { env } from "@/lib/env";
import { startPeriodic } from "@/lib/periodic";
import { rollUpAnalytics } from "./rollup";

/**
 * Starts the analytics rollup job in this server process (instrumentation.ts): a run shortly after start,
 * then every ANALYTICS_ROLLUP_INTERVAL_SECONDS; ANALYTICS_ROLLUP=off turns it off. Runs never overlap here,
 * and across instances an advisory lock lets one run at a time (the others skip that turn).
 */
export function startAnalyticsRollupJob(): void {
  const { ANALYTICS_ROLLUP, ANALYTICS_ROLLUP_INTERVAL_SECONDS, ANALYTICS_ROLLUP_LAG_SECONDS } = env();
  if (ANALYTICS_ROLLUP === "off") return;
  startPeriodic(
    "analytics-rollup",
    ANALYTICS_ROLLUP_INTERVAL_SECONDS,
    "analytics rollup",
    async () => {
      await rollUpAnalytics({ lagSeconds: ANALYTICS_ROLLUP_LAG_SECONDS });
    },
    { firstAfterMs: 5_000 },
  );
}

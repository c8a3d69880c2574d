import "server-only";
import { env } from "@/lib/env";
import { rollUpAnalytics } from "./rollup";

/**
 * Starts the analytics rollup job in this server process (instrumentation.ts): a run shortly after start,
 * then every ANALYTICS_ROLLUP_INTERVAL_SECONDS; ANALYTICS_ROLLUP=off turns it off. Runs never overlap here,
 * and across instances an advisory lock lets one run at a time (the others skip that turn).
 */
export function startAnalyticsRollupJob(): void {
  const { ANALYTICS_ROLLUP, ANALYTICS_ROLLUP_INTERVAL_SECONDS, ANALYTICS_ROLLUP_LAG_SECONDS } = env();
  const g = globalThis as { __analyticsRollup?: ReturnType<typeof setInterval> };
  if (ANALYTICS_ROLLUP === "off" || g.__analyticsRollup) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await rollUpAnalytics({ lagSeconds: ANALYTICS_ROLLUP_LAG_SECONDS });
    } catch (e) {
      console.error("[analytics] rollup failed", e);
    } finally {
      running = false;
    }
  };
  g.__analyticsRollup = setInterval(tick, ANALYTICS_ROLLUP_INTERVAL_SECONDS * 1000);
  g.__analyticsRollup.unref?.();
  setTimeout(tick, 5_000).unref?.();
}

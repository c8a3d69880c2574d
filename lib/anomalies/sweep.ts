import "server-only";
import { env } from "@/lib/env";
import { sweepAnomalies } from "./evaluate";

/**
 * Starts the periodic anomaly sweep in this server process (instrumentation.ts), every
 * ANOMALY_SWEEP_SECONDS; ANOMALY_SWEEP=off turns it off (e.g. on all but one of several instances —
 * running it on several is harmless, alerts are idempotent). A sweep never overlaps the previous one.
 */
export function startAnomalySweep(): void {
  const { ANOMALY_SWEEP, ANOMALY_SWEEP_SECONDS } = env();
  const g = globalThis as { __anomalySweep?: ReturnType<typeof setInterval> };
  if (ANOMALY_SWEEP === "off" || g.__anomalySweep) return;
  let running = false;
  g.__anomalySweep = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const fired = await sweepAnomalies();
      if (fired.length) console.log(`[anomalies] sweep raised ${fired.length} alert(s)`);
    } catch (e) {
      console.error("[anomalies] sweep failed", e);
    } finally {
      running = false;
    }
  }, ANOMALY_SWEEP_SECONDS * 1000);
  g.__anomalySweep.unref?.();
}

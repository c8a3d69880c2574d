import "server-only";
import { env } from "@/lib/env";
import { logFor } from "@/lib/log";
import { startPeriodic } from "@/lib/periodic";
import { sweepAnomalies } from "./evaluate";

/**
 * Starts the periodic anomaly sweep in this server process (instrumentation.ts), every
 * ANOMALY_SWEEP_SECONDS; ANOMALY_SWEEP=off turns it off (e.g. on all but one of several instances —
 * running it on several is harmless, alerts are idempotent). A sweep never overlaps the previous one.
 */
export function startAnomalySweep(): void {
  const { ANOMALY_SWEEP, ANOMALY_SWEEP_SECONDS } = env();
  if (ANOMALY_SWEEP === "off") return;
  startPeriodic("anomaly-sweep", ANOMALY_SWEEP_SECONDS, "anomalies sweep", async () => {
    const fired = await sweepAnomalies();
    if (fired.length) logFor("anomalies").info({ alerts: fired.length }, "sweep raised alerts");
  });
}

import "server-only";
import { after } from "next/server";
import { evaluateAnomalies, type AnomalyScope } from "./evaluate";

/**
 * Evaluates the anomaly rules for `scope` once the response has been sent (Next's `after()`), so a
 * claim or a redemption is never slowed down by them. Outside a request (scripts, tests calling a
 * route handler directly) there is no "after": it runs before returning instead. Failures are logged,
 * never thrown: the periodic sweep (lib/anomalies/sweep.ts) catches up what was missed.
 */
export async function evaluateAnomaliesAfterResponse(orgId: string, scope: AnomalyScope): Promise<void> {
  const task = () =>
    evaluateAnomalies(orgId, scope).then(
      () => undefined,
      (e) => console.error("[anomalies] evaluation failed", e),
    );
  try {
    after(task);
  } catch {
    await task();
  }
}

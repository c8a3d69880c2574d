import "server-only";
import { after } from "next/server";
import { evaluateAnomalies, type AnomalyScope } from "./evaluate";
import { logError } from "@/lib/log";

/** Within a request, one scope is evaluated at most this often; calls in between fold into one trailing run. */
const MIN_GAP_MS = 1_000;
type Pace = { last: number; trailing: boolean };
const paces = ((globalThis as { __anomalyPaces?: Map<string, Pace> }).__anomalyPaces ??= new Map());

/**
 * Evaluates the anomaly rules for `scope` once the response has been sent (Next's `after()`), so a
 * claim or a redemption is never slowed down by them. Under load the same group, store, IP or device is
 * evaluated at most once a second per process: a call within the second schedules one trailing run,
 * which counts everything up to then, so a crossed threshold still fires within about a second while a
 * busy group costs one evaluation a second instead of one per redemption. Outside a request (scripts,
 * tests calling a route handler directly) there is no "after": it runs before returning instead.
 * Failures are logged, never thrown: the periodic sweep (lib/anomalies/sweep.ts) catches up what was missed.
 */
export async function evaluateAnomaliesAfterResponse(orgId: string, scope: AnomalyScope): Promise<void> {
  const task = () =>
    evaluateAnomalies(orgId, scope).then(
      () => undefined,
      (e) => logError("[anomalies] evaluation failed", e),
    );
  const key = `${orgId}:${scope.groupId ?? ""}:${scope.storeId ?? ""}:${scope.ipHash ?? ""}:${scope.deviceId ?? ""}`;
  // Under load most calls find a trailing run already scheduled: they join it without asking for `after()`.
  if (paces.get(key)?.trailing) return;
  try {
    after(() => paced(key, task));
  } catch {
    await task();
  }
}

function paced(key: string, task: () => Promise<void>): Promise<void> | void {
  const now = Date.now();
  const pace = paces.get(key) ?? { last: 0, trailing: false };
  if (pace.trailing) return;
  const wait = pace.last + MIN_GAP_MS - now;
  if (wait <= 0) {
    if (paces.size > 10_000) paces.clear();
    paces.set(key, { last: now, trailing: false });
    return task();
  }
  paces.set(key, { last: pace.last, trailing: true });
  setTimeout(() => {
    paces.set(key, { last: Date.now(), trailing: false });
    void task();
  }, wait).unref?.();
}

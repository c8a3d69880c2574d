import "server-only";
import { evaluateAnomaliesAfterResponse } from "@/lib/anomalies/after-response";
import type { RedemptionResult } from "./redeem";

/**
 * Work that follows a committed redemption without delaying its answer (Next's after()): the anomaly
 * rules for the group and store just used.
 */
export async function afterRedemption(orgId: string, result: RedemptionResult): Promise<void> {
  if (result.replay) return;
  await evaluateAnomaliesAfterResponse(orgId, { groupId: result.groupId, storeId: result.storeId });
}

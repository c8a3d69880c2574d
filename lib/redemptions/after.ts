import "server-only";
import { evaluateAnomaliesAfterResponse } from "@/lib/anomalies/after-response";
import type { RedemptionResult } from "./redeem";

/**
 * Work that follows a committed redemption without delaying its answer (Next's after()): the anomaly
 * rules for each group and the store just used.
 */
export async function afterRedemption(orgId: string, result: RedemptionResult): Promise<void> {
  if (result.replay) return;
  const groups = [...new Set(result.lines.map((l) => l.groupId).filter(Boolean))];
  for (const groupId of groups) await evaluateAnomaliesAfterResponse(orgId, { groupId, storeId: result.storeId });
}

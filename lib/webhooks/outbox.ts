import "server-only";
import type { Executor } from "@/db";
import { outbox } from "@/db/schema";

export const EVENT_TYPES = [
  "code.claimed",
  "code.redeemed",
  "redemption.reversed",
  "group.frozen",
  "campaign.status_changed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Queues an event for the organisation's webhooks. Call it with the transaction of the change,
 * so the event exists exactly when the change does (invariant 3); `subject` orders delivery.
 */
export async function emitEvent(
  executor: Executor,
  event: { orgId: string; type: EventType; subject: string; data: Record<string, unknown> },
): Promise<void> {
  await executor.insert(outbox).values(event);
}

import "server-only";
import type { Executor } from "@/db";
import { outbox } from "@/db/schema";
import { currentRequestId } from "@/lib/http/request-context";
import type { EventType } from "./events";

export { EVENT_TYPES, TEST_EVENT_TYPE, type EventType } from "./events";

/**
 * Queues an event for the organisation's webhooks. Call it with the transaction of the change,
 * so the event exists exactly when the change does (invariant 3); `subject` orders delivery.
 */
export async function emitEvent(
  executor: Executor,
  event: { orgId: string; type: EventType; subject: string; data: Record<string, unknown> },
): Promise<void> {
  await executor.insert(outbox).values({ ...event, requestId: currentRequestId() });
}

/** Where the process's running worker is kept (lib/webhooks/worker.ts sets it). */
export const WORKER_GLOBAL_KEY = "__couponWebhookWorker";

/**
 * Asks this process's webhook worker to look for work now rather than at its next poll. Call it after
 * the transaction that emitted events has committed; a no-op when no worker runs in this process.
 */
export function wakeWebhookWorker(): void {
  const worker = (globalThis as Record<string, unknown>)[WORKER_GLOBAL_KEY] as { wake(): void } | undefined;
  worker?.wake();
}

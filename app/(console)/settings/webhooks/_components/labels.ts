import type { BadgeTone } from "@/components/ui/badge";
import type { DeliveryStatus } from "@/lib/webhooks/schemas";

/** The message key of an event type (`code.claimed` → `webhooks.events.code_claimed`); dots would nest. */
export function eventKey(type: string): string {
  return type.replace(/\./g, "_");
}

export const STATUS_TONE: Record<DeliveryStatus, BadgeTone> = {
  pending: "blue",
  delivered: "green",
  failed: "amber",
  dead: "red",
};

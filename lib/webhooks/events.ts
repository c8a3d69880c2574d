// The event types an endpoint can subscribe to (pure, so forms and schemas can import it).
export const EVENT_TYPES = [
  "code.claimed",
  "code.redeemed",
  "redemption.reversed",
  "group.frozen",
  "campaign.status_changed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Sent by "send test event" to one endpoint only; endpoints do not subscribe to it. */
export const TEST_EVENT_TYPE = "webhook.test";

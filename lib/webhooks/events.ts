// The event types an endpoint can subscribe to (pure, so forms and schemas can import it).
export const EVENT_TYPES = [
  "code.claimed",
  "code.redeemed",
  "redemption.reversed",
  "group.frozen",
  "campaign.status_changed",
  // Written by apply_redemption when a campaign's discounts cross 80 % and 100 % of its total budget (once each).
  "campaign.budget_reached",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Sent by "send test event" to one endpoint only; endpoints do not subscribe to it. */
export const TEST_EVENT_TYPE = "webhook.test";

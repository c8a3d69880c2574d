import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { deliveryStatusEnum } from "./enums";
import { organizations } from "./organizations";
import { REQUEST_ID_DEFAULT } from "./request-id";

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    url: text().notNull(),
    // Needed in clear to sign deliveries; shown to the owner once at creation.
    secret: text().notNull(),
    eventTypes: text().array().notNull(),
    description: text().notNull().default(""),
    // Disabled endpoints get no new deliveries, and their queued ones wait until enabled again.
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_endpoints_org_idx").on(t.orgId)],
);

/** Events written in the same transaction as the change that caused them (invariant 3). */
export const outbox = pgTable(
  "outbox",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    type: text().notNull(),
    // Ordering key for delivery (the code, group or campaign the event is about).
    subject: text().notNull(),
    data: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // Set when the worker has written this event's deliveries (one per subscribed endpoint).
    fannedOutAt: timestamp({ withTimezone: true }),
    // The HTTP request that caused the event (X-Request-Id), copied to its deliveries and sent with them.
    requestId: text().default(REQUEST_ID_DEFAULT),
  },
  (t) => [
    index("outbox_org_idx").on(t.orgId, t.id),
    // Both partial indexes hold only events not yet fanned out, so they stay tiny: the first is the
    // worker's queue, the second lets a delivery check that no older event of its subject is still queued.
    index("outbox_unfanned_idx").on(t.id).where(sql`fanned_out_at is null`),
    index("outbox_unfanned_subject_idx").on(t.orgId, t.subject, t.id).where(sql`fanned_out_at is null`),
  ],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    outboxId: bigint({ mode: "number" })
      .notNull()
      .references(() => outbox.id, { onDelete: "cascade" }),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    // The event's subject (copied from the outbox): deliveries of one subject to one endpoint go in order.
    subject: text().notNull(),
    // pending: not tried yet (or redelivery asked); failed: last try failed, retried at next_attempt_at;
    // delivered: a 2xx came back; dead: still failing at retry_until, no more tries.
    status: deliveryStatusEnum().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    // When due; while a worker is sending, a lease (timeout + margin) so a crashed worker's send is retried.
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp({ withTimezone: true }),
    lastStatusCode: integer(),
    // The receiver's answer, truncated; or the network error (timeout, refused, DNS) when there was none.
    lastResponse: text(),
    lastError: text(),
    // Retries stop here: a failure at or after this time makes the delivery dead (24 h after queueing).
    retryUntil: timestamp({ withTimezone: true }).notNull(),
    deliveredAt: timestamp({ withTimezone: true }),
    deadAt: timestamp({ withTimezone: true }),
    // The request that caused the event, from the outbox (sent as X-Request-Id).
    requestId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One delivery per event and endpoint, however many workers fan out at once.
    uniqueIndex("webhook_deliveries_event_endpoint_idx").on(t.outboxId, t.endpointId),
    // The worker's queue: only deliveries still to send.
    index("webhook_deliveries_due_idx")
      .on(t.nextAttemptAt, t.id)
      .where(sql`status in ('pending', 'failed')`),
    // "Is an older delivery of this subject to this endpoint still unsent?" (in order per code).
    index("webhook_deliveries_order_idx")
      .on(t.endpointId, t.subject, t.outboxId)
      .where(sql`status in ('pending', 'failed')`),
    // The settings page lists an endpoint's deliveries newest first.
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.id),
    index("webhook_deliveries_org_idx").on(t.orgId),
  ],
);

/** Shared counters for rate limits, so several app instances agree (rate-limiter-flexible's table layout). */
export const rateLimits = pgTable("rate_limits", {
  key: text().primaryKey(),
  points: integer().notNull().default(0),
  expire: timestamp({ withTimezone: true }),
});


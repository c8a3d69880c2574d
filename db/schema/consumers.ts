import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { campaigns, codeGroups, segments } from "./catalog";
import { claims, consumers } from "./codes";
import { organizations, users } from "./organizations";

/** Claims per campaign per local day, kept only for campaigns with a daily cap (conditional upsert). */
export const claimDayCounters = pgTable(
  "claim_day_counters",
  {
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    day: date().notNull(),
    claims: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.day] }), check("claim_day_counters_check", sql`${t.claims} >= 0`)],
);

/** One-time codes sent by SMS to prove a phone number; only a hash of the code is kept. */
export const phoneVerifications = pgTable(
  "phone_verifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    phone: text().notNull(),
    codeHash: text().notNull(),
    attempts: integer().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    verifiedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("phone_verifications_phone_idx").on(t.orgId, t.phone, t.createdAt)],
);

/** Text messages the development SMS provider "sent": the owner reads them in the console. */
export const smsMessages = pgTable(
  "sms_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    phone: text().notNull(),
    body: text().notNull(),
    provider: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sms_messages_org_time_idx").on(t.orgId, t.createdAt)],
);

/** Refused public requests (rate limits, failed OTPs) per source, so owners can see who keeps trying. */
export const abuseEvents = pgTable(
  "abuse_events",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    // "ip:<hash>", "phone:<masked>", "device:<id>"
    source: text().notNull(),
    kind: text().notNull(),
    count: integer().notNull().default(0),
    firstAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.source, t.kind] }), index("abuse_events_org_last_idx").on(t.orgId, t.lastAt)],
);

export const SEND_STATUSES = ["pending_approval", "rejected", "queued", "running", "done", "failed", "cancelled"] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

/**
 * A targeted send (定向发放): every member of a segment gets one code of a unique group, texted when
 * asked. Worked through in consumer-id order in batches; `cursor` is the last consumer done, committed
 * with its batch, so a restart resumes exactly there (and claim_codes' repeat rule makes a replayed
 * batch hand out nothing twice).
 */
export const sends = pgTable(
  "sends",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    segmentId: uuid().references(() => segments.id, { onDelete: "set null" }),
    segmentName: text().notNull(),
    rules: jsonb().notNull(),
    groupId: uuid()
      .notNull()
      .references(() => codeGroups.id, { onDelete: "cascade" }),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    sms: boolean().notNull(),
    status: text({ enum: SEND_STATUSES }).notNull(),
    // Members when the send was asked for; when the worker starts it, the members it will go to
    // (send_members, taken at `membersAt`) — the progress bar's end.
    total: integer().notNull(),
    membersAt: timestamp({ withTimezone: true }),
    done: integer().notNull().default(0),
    issued: integer().notNull().default(0),
    texts: integer().notNull().default(0),
    // Members who got nothing, by reason (already held a code, limit_reached, not_eligible, sold_out…).
    skipped: jsonb().$type<Record<string, number>>().notNull().default({}),
    cursor: uuid(),
    error: text(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    reviewedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp({ withTimezone: true }),
    reviewComment: text(),
    // Which worker holds it, until when (a worker that dies lets the lease run out and another resumes).
    leaseOwner: text(),
    leaseUntil: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("sends_org_time_idx").on(t.orgId, t.createdAt), index("sends_work_idx").on(t.status, t.leaseUntil)],
);

/**
 * A send's members, taken in one statement when its worker starts it: batches then read them in id
 * order by primary key instead of re-running the segment's rules over the consumers for each batch.
 * Deleted when the send is done.
 */
export const sendMembers = pgTable(
  "send_members",
  {
    sendId: uuid()
      .notNull()
      .references(() => sends.id, { onDelete: "cascade" }),
    consumerId: uuid().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sendId, t.consumerId] })],
);

export const SMS_KINDS = ["send", "claimed", "expiry", "follow_up"] as const;
export type SmsKind = (typeof SMS_KINDS)[number];

/**
 * Marketing texts waiting for their time: a targeted send's code, a claim confirmation, an expiry
 * reminder, a follow-up coupon. `dedupeKey` makes each one once per code (claim, kind, days). The SMS
 * dispatcher sends what is due outside quiet hours, skipping opted-out consumers and used codes.
 */
export const smsQueue = pgTable(
  "sms_queue",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    consumerId: uuid()
      .notNull()
      .references(() => consumers.id, { onDelete: "cascade" }),
    claimId: uuid().references(() => claims.id, { onDelete: "cascade" }),
    kind: text({ enum: SMS_KINDS }).notNull(),
    days: integer(),
    dedupeKey: text().notNull(),
    notBefore: timestamp({ withTimezone: true }).notNull(),
    sentAt: timestamp({ withTimezone: true }),
    // Why it was not sent: opted_out, used, expired, erased…
    skippedReason: text(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("sms_queue_dedupe_key").on(t.dedupeKey),
    index("sms_queue_due_idx").on(t.notBefore).where(sql`${t.sentAt} is null and ${t.skippedReason} is null`),
    index("sms_queue_claim_idx").on(t.claimId),
  ],
);

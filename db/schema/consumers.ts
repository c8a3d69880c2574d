import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { campaigns } from "./catalog";
import { organizations } from "./organizations";

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

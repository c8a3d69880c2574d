import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { campaigns, codeGroups } from "./catalog";
import { organizations } from "./organizations";

// Analytics rollups (docs/analytics.md). The raw rows (landing_events, claims, redemptions, reversals)
// stay the truth; these tables hold their sums per local day and hour, written only by the rollup job
// (lib/analytics/rollup.ts) for rows created before the organisation's watermark. The dashboard adds
// the rows after the watermark from the raw tables, so every number is exact.
//
// Redemptions are kept gross, with the reversals that the job has seen in separate columns, both on
// the redemption's own day and hour: a later reversal never moves a redemption to another day.
// `day` and `hour` are local to the organisation's time zone as recorded in analytics_rollup_orgs.

/** Per code group and local day: the funnel, money, and reversals. */
export const analyticsDaily = pgTable(
  "analytics_daily",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    groupId: uuid()
      .notNull()
      .references(() => codeGroups.id, { onDelete: "cascade" }),
    // As recorded on the raw rows (attribution at the time); null for channel groups.
    influencerId: uuid(),
    day: date({ mode: "string" }).notNull(),
    views: integer().notNull().default(0),
    claims: integer().notNull().default(0),
    redemptions: integer().notNull().default(0),
    discount: bigint({ mode: "number" }).notNull().default(0),
    orderAmount: bigint({ mode: "number" }).notNull().default(0),
    reversals: integer().notNull().default(0),
    reversedDiscount: bigint({ mode: "number" }).notNull().default(0),
    reversedOrderAmount: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [
    // The job upserts on this key; campaign dashboards read by its prefix.
    unique("analytics_daily_key").on(t.orgId, t.campaignId, t.day, t.groupId, t.influencerId).nullsNotDistinct(),
    // Organisation-wide and influencer reads: a date range across campaigns.
    index("analytics_daily_org_day_idx").on(t.orgId, t.day),
  ],
);

/**
 * Per campaign, local day and local hour: the hour-of-day and weekday charts. Kept without the group,
 * so a month of a campaign is 720 rows however many groups it has.
 */
export const analyticsHourly = pgTable(
  "analytics_hourly",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    hour: smallint().notNull(),
    views: integer().notNull().default(0),
    claims: integer().notNull().default(0),
    redemptions: integer().notNull().default(0),
    reversals: integer().notNull().default(0),
  },
  (t) => [
    unique("analytics_hourly_key").on(t.orgId, t.campaignId, t.day, t.hour),
    index("analytics_hourly_org_day_idx").on(t.orgId, t.day),
    check("analytics_hourly_hour_check", sql`${t.hour} between 0 and 23`),
  ],
);

/** Per store and local day: redemptions (gross) and the reversals of them. */
export const analyticsStoreDaily = pgTable(
  "analytics_store_daily",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    storeId: uuid().notNull(),
    day: date({ mode: "string" }).notNull(),
    redemptions: integer().notNull().default(0),
    discount: bigint({ mode: "number" }).notNull().default(0),
    orderAmount: bigint({ mode: "number" }).notNull().default(0),
    reversals: integer().notNull().default(0),
    reversedDiscount: bigint({ mode: "number" }).notNull().default(0),
    reversedOrderAmount: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [
    unique("analytics_store_daily_key").on(t.orgId, t.campaignId, t.day, t.storeId),
    index("analytics_store_daily_org_day_idx").on(t.orgId, t.day),
  ],
);

/**
 * Time from claim to redemption: redemptions per local day (of the redemption) and delay bucket
 * (`bucket` is the 1-based index into DELAY_EDGES_SECONDS of lib/analytics/metrics.ts).
 */
export const analyticsDelayDaily = pgTable(
  "analytics_delay_daily",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    bucket: smallint().notNull(),
    redemptions: integer().notNull().default(0),
    reversals: integer().notNull().default(0),
  },
  (t) => [
    unique("analytics_delay_daily_key").on(t.orgId, t.campaignId, t.day, t.bucket),
    index("analytics_delay_daily_org_day_idx").on(t.orgId, t.day),
  ],
);

/**
 * The rollup job's watermark per organisation: rows created before `rolledUntil` are in the rollup
 * tables, bucketed in `timeZone`. Null `rolledUntil`: nothing rolled up yet (a new organisation, or
 * one whose time zone changed and whose rollups were dropped to be rebuilt).
 */
export const analyticsRollupOrgs = pgTable("analytics_rollup_orgs", {
  orgId: uuid()
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  timeZone: text().notNull(),
  rolledUntil: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

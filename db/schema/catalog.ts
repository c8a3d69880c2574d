import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  date,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import {
  audienceEnum,
  campaignStatusEnum,
  claimModeEnum,
  campaignTypeEnum,
  groupModeEnum,
  groupStatusEnum,
  platformEnum,
} from "./enums";
import { organizations, users } from "./organizations";

export const stores = pgTable(
  "stores",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    address: text().notNull().default(""),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("stores_org_name_key").on(t.orgId, t.name), unique("stores_org_id_key").on(t.orgId, t.id)],
);

export const storeClerks = pgTable(
  "store_clerks",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.userId] }), index("store_clerks_user_idx").on(t.userId)],
);

export const influencers = pgTable(
  "influencers",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    displayName: text().notNull(),
    platform: platformEnum().notNull(),
    handle: text().notNull().default(""),
    notes: text().notNull().default(""),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("influencers_org_idx").on(t.orgId, t.displayName), index("influencers_user_idx").on(t.userId)],
);

/**
 * A saved audience (分层): rules over a consumer's tags and counters, all of which must hold
 * (lib/segments/rules.ts; SQL: consumer_in_segment() for one consumer, lib/segments/sql.ts for lists).
 */
export type SegmentRules = {
  tagsAny?: string[];
  tagsAll?: string[];
  /** true: never claimed in this organisation (新客); false: has claimed before (老顾客). */
  newConsumer?: boolean;
  /** Had a redemption, and none in the last N days (沉睡用户). */
  dormantDays?: number;
  /** Net order total (fen) at least this, within `withinDays` (or ever). */
  minOrderTotal?: number;
  /** Net redemptions at least this, within `withinDays` (or ever). */
  minRedemptions?: number;
  withinDays?: number;
};

export const segments = pgTable(
  "segments",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    rules: jsonb().$type<SegmentRules>().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("segments_org_name_key").on(t.orgId, t.name), unique("segments_org_id_key").on(t.orgId, t.id)],
);

/** Texts about a claimed code: when it is claimed, and N days before it expires (once each per code). */
export type Reminders = { onClaim?: boolean; daysBeforeExpiry?: number[] };

/** Weekdays (1 = Monday … 7 = Sunday) and local time slots in which a code may be redeemed. */
/** 满减 tiers, ascending by minSpend (fen): the highest tier an order reaches applies. */
export type Tier = { minSpend: number; value: number };
/** Which order lines count (POS `items`): included ones (none listed = all), minus excluded ones. */
export type ProductScope = { categories?: string[]; skus?: string[]; excludeCategories?: string[]; excludeSkus?: string[] };
export type UsableHours = { weekdays: number[]; slots: { from: string; to: string }[] };

export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    type: campaignTypeEnum().notNull(),
    // Money columns are integer fen.
    value: integer(),
    minSpend: integer().notNull().default(0),
    percentOff: integer(),
    maxDiscount: integer(),
    giftName: text(),
    initialBalance: integer(),
    tiers: jsonb().$type<Tier[]>(),
    productScope: jsonb().$type<ProductScope>(),
    // Discount budget (fen): spent is kept by apply_redemption's conditional update only while a budget is set.
    budgetTotal: integer(),
    budgetDaily: integer(),
    budgetSpent: integer().notNull().default(0),
    // The highest budget alert sent (0, 80, 100 percent of budgetTotal), so each fires once.
    budgetAlert: smallint().notNull().default(0),
    claimMode: claimModeEnum().notNull().default("open"),
    validFrom: timestamp({ withTimezone: true }).notNull(),
    validUntil: timestamp({ withTimezone: true }).notNull(),
    validDaysAfterClaim: integer(),
    totalQuantity: integer(),
    perConsumerLimit: integer().notNull().default(1),
    dailyClaimLimit: integer(),
    dailyPerConsumerLimit: integer(),
    usableHours: jsonb().$type<UsableHours>(),
    releaseAt: timestamp({ withTimezone: true }),
    claimEndsAt: timestamp({ withTimezone: true }),
    audience: audienceEnum().notNull().default("all"),
    audienceTag: text(),
    // audience = 'segment': who may claim (checked by claim_code for the claiming consumer).
    segmentId: uuid().references(() => segments.id, { onDelete: "restrict" }),
    // 复购券: each redemption of this campaign's codes gives the consumer a code of this group.
    followUpGroupId: uuid(),
    reminders: jsonb().$type<Reminders>(),
    allStores: boolean().notNull().default(true),
    stackable: boolean().notNull().default(false),
    requirePhoneVerification: boolean().notNull().default(false),
    showRemaining: boolean().notNull().default(true),
    terms: text().notNull().default(""),
    // Claims across all groups; kept (by a conditional UPDATE) only when totalQuantity is set.
    claimedCount: integer().notNull().default(0),
    // Share to unlock: after `referralThreshold` friends claim through a consumer's share link, the
    // consumer gets a bonus code from `referralGroupId` (a group of any campaign of the organisation).
    referralGroupId: uuid(),
    referralThreshold: integer(),
    status: campaignStatusEnum().notNull().default("draft"),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    submittedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    submittedAt: timestamp({ withTimezone: true }),
    reviewedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp({ withTimezone: true }),
    reviewComment: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("campaigns_org_idx").on(t.orgId, t.createdAt),
    unique("campaigns_org_id_key").on(t.orgId, t.id),
    check("campaigns_money_check", sql`coalesce(${t.value}, 0) >= 0 and ${t.minSpend} >= 0 and coalesce(${t.maxDiscount}, 0) >= 0 and coalesce(${t.initialBalance}, 0) >= 0`),
    check("campaigns_percent_check", sql`${t.percentOff} is null or (${t.percentOff} between 1 and 100)`),
    check("campaigns_window_check", sql`${t.validUntil} > ${t.validFrom}`),
    check("campaigns_counts_check", sql`${t.perConsumerLimit} >= 1 and coalesce(${t.totalQuantity}, 0) >= 0 and coalesce(${t.validDaysAfterClaim}, 1) >= 1`),
    check("campaigns_claimed_check", sql`${t.claimedCount} >= 0 and (${t.totalQuantity} is null or ${t.claimedCount} <= ${t.totalQuantity})`),
    check("campaigns_segment_check", sql`(${t.audience}::text = 'segment') = (${t.segmentId} is not null)`),
    check("campaigns_budget_check", sql`${t.budgetSpent} >= 0 and coalesce(${t.budgetTotal}, 1) >= 1 and coalesce(${t.budgetDaily}, 1) >= 1 and (${t.budgetTotal} is null or ${t.budgetSpent} <= ${t.budgetTotal})`),
    check("campaigns_referral_check", sql`(${t.referralGroupId} is null) = (${t.referralThreshold} is null) and coalesce(${t.referralThreshold}, 1) between 1 and 100`),
  ],
);

/** Discount spent per campaign and local day, for the daily budget (a conditional upsert in apply_redemption). */
export const campaignBudgetDays = pgTable(
  "campaign_budget_days",
  {
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    day: date().notNull(),
    spent: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.day] }), check("campaign_budget_days_spent_check", sql`${t.spent} >= 0`)],
);

export const campaignStores = pgTable(
  "campaign_stores",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.storeId] })],
);

export const codeGroups = pgTable(
  "code_groups",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    name: text().notNull(),
    // Public: appears in /c/<slug>, so unique across all organisations.
    slug: text().notNull().unique(),
    influencerId: uuid().references(() => influencers.id, { onDelete: "set null" }),
    channel: text(),
    mode: groupModeEnum().notNull(),
    quantity: integer().notNull(),
    // Claims handed out so far; the pool position for unique groups, the use count for shared ones.
    claimedCount: integer().notNull().default(0),
    // Shared codes only: redemptions not reversed; never above claimedCount (one use per claim).
    redeemedCount: integer().notNull().default(0),
    sharedCode: text(),
    perConsumerLimit: integer(),
    prefix: text().notNull().default(""),
    codeLength: integer(),
    status: groupStatusEnum().notNull().default("generating"),
    frozenReason: text(),
    // A/B test: "use this variant for everyone" — new claims all get it (earlier ones keep theirs).
    fixedVariantId: uuid(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("code_groups_campaign_idx").on(t.campaignId),
    index("code_groups_org_idx").on(t.orgId),
    index("code_groups_influencer_idx").on(t.influencerId),
    check("code_groups_quantity_check", sql`${t.quantity} >= 0 and ${t.claimedCount} >= 0 and ${t.claimedCount} <= ${t.quantity}`),
    check("code_groups_redeemed_check", sql`${t.redeemedCount} >= 0`),
    check("code_groups_shared_check", sql`(${t.mode} = 'shared') = (${t.sharedCode} is not null)`),
  ],
);

/**
 * A request to write a code group. The group itself is written in one transaction (invariant 6);
 * this row, committed outside it, lets the console show progress and, on failure, why.
 */
export const groupJobs = pgTable(
  "group_jobs",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    name: text().notNull(),
    quantity: integer().notNull(),
    done: integer().notNull().default(0),
    status: text({ enum: ["running", "succeeded", "failed"] }).notNull().default("running"),
    error: text(),
    groupId: uuid().references(() => codeGroups.id, { onDelete: "set null" }),
    // What was asked for (the validated form), so a failed job can be retried as it was.
    input: jsonb().$type<Record<string, unknown>>(),
    // Stamped every few seconds by the process writing the group: when it stops, that process is gone.
    heartbeatAt: timestamp({ withTimezone: true }).defaultNow(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("group_jobs_campaign_idx").on(t.orgId, t.campaignId, t.createdAt)],
);

/**
 * A/B test: 2–4 variants of the campaign's offer on one unique group. claim_code gives each consumer one,
 * stably (a hash of the phone), and the code carries it to the counter; a null field is the campaign's.
 */
export const groupVariants = pgTable(
  "group_variants",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    groupId: uuid()
      .notNull()
      .references(() => codeGroups.id, { onDelete: "cascade" }),
    position: smallint().notNull(),
    label: text().notNull(),
    value: integer(),
    minSpend: integer(),
    percentOff: integer(),
    maxDiscount: integer(),
    tiers: jsonb().$type<Tier[]>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("group_variants_position_key").on(t.groupId, t.position),
    check("group_variants_position_check", sql`${t.position} between 0 and 3`),
    check("group_variants_money_check", sql`coalesce(${t.value}, 0) >= 0 and coalesce(${t.minSpend}, 0) >= 0 and coalesce(${t.maxDiscount}, 0) >= 0`),
    check("group_variants_percent_check", sql`${t.percentOff} is null or (${t.percentOff} between 1 and 100)`),
  ],
);

import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, pgTable, primaryKey, smallint, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { apiKeys, organizations, users } from "./organizations";
import { campaigns, codeGroups, influencers, stores } from "./catalog";
import { codeStatusEnum, ledgerKindEnum } from "./enums";

// fillfactor 85 (migration 0016): claims' counter updates stay HOT. Tags live in consumer_tags below.
export const consumers = pgTable(
  "consumers",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    // E.164, normalised by lib/ before it gets here; `erased:<id>` once erased (privacy).
    phone: text().notNull(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // Counters kept by claim_code, apply_redemption and reversals themselves (lists and segment checks
    // never scan history). Claims count every code handed to them; redemptions and money are net of reversals.
    claimCount: integer().notNull().default(0),
    redemptionCount: integer().notNull().default(0),
    orderTotal: bigint({ mode: "number" }).notNull().default(0),
    discountTotal: bigint({ mode: "number" }).notNull().default(0),
    lastClaimAt: timestamp({ withTimezone: true }),
    lastRedemptionAt: timestamp({ withTimezone: true }),
    // No marketing texts (回复T退订 / the unsubscribe link / by hand). Codes they claim still reach them.
    optedOutAt: timestamp({ withTimezone: true }),
    erasedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique("consumers_org_phone_key").on(t.orgId, t.phone),
    // The consumers list: newest first by default, and the sorts that only a redemption changes. Claims
    // update only unindexed columns (claim_count, last_claim_at), so their update stays a HOT one.
    index("consumers_org_seen_idx").on(t.orgId, t.firstSeenAt.desc().nullsLast(), t.id.desc().nullsLast()),
    // Read newest first with the never-redeemed last, and backwards for the other direction.
    index("consumers_org_last_redemption_idx").on(t.orgId, t.lastRedemptionAt.desc().nullsLast(), t.id.desc()),
    index("consumers_org_order_total_idx").on(t.orgId, t.orderTotal.desc().nullsLast(), t.id.desc().nullsLast()),
    // "Search by the last four digits".
    index("consumers_org_last4_idx").on(t.orgId, sql`right(${t.phone}, 4)`),
    // The few who may not be texted or are gone (opted out, erased), for a tag segment's size without
    // reading every member's row (lib/segments/queries.ts).
    index("consumers_org_opted_out_idx").on(t.orgId).where(sql`${t.optedOutAt} is not null or ${t.erasedAt} is not null`),
  ],
);

/**
 * A consumer's tags (from the console, a CRM's PUT or a CSV import), one narrow row each, so that
 * tagging a million consumers inserts rows here and never rewrites the consumer rows (and their six
 * indexes). `(org_id, tag, consumer_id)` answers "who has tag X" index-only, for segments and filters.
 */
export const consumerTags = pgTable(
  "consumer_tags",
  {
    consumerId: uuid()
      .notNull()
      .references(() => consumers.id, { onDelete: "cascade" }),
    tag: text().notNull(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.consumerId, t.tag] }), index("consumer_tags_org_tag_idx").on(t.orgId, t.tag, t.consumerId)],
);

/**
 * A consumer's redemptions and spend per local day, kept by the redemption statements, for segment
 * rules over the last N days ("spent ¥X within 30 days") without reading the redemptions table.
 */
export const consumerDays = pgTable(
  "consumer_days",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    consumerId: uuid()
      .notNull()
      .references(() => consumers.id, { onDelete: "cascade" }),
    day: date().notNull(),
    redemptions: integer().notNull().default(0),
    orderTotal: bigint({ mode: "number" }).notNull().default(0),
    discountTotal: bigint({ mode: "number" }).notNull().default(0),
  },
  // Covering: a window rule's grouped read is an index-only scan.
  (t) => [primaryKey({ columns: [t.consumerId, t.day] }), index("consumer_days_org_day_idx").on(t.orgId, t.day, t.consumerId, t.redemptions, t.orderTotal)],
);

/**
 * How many consumers an organisation has, kept by statement triggers on consumers (migration 0014) in
 * shards (one per backend, `pg_backend_pid() % 64`) so concurrent first claims do not queue on one row.
 * The unfiltered consumers list reads its total here instead of counting a million rows.
 */
export const consumerCounts = pgTable(
  "consumer_counts",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    shard: smallint().notNull(),
    n: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.shard] })],
);

export const codes = pgTable(
  "codes",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    groupId: uuid()
      .notNull()
      .references(() => codeGroups.id, { onDelete: "cascade" }),
    // Normalised (upper case, no separators, prefix included); display grouping is added by lib/codes.
    code: text().notNull(),
    // 1-based position in the group: the claim pool hands codes out in this order.
    seq: integer().notNull(),
    status: codeStatusEnum().notNull().default("available"),
    consumerId: uuid().references(() => consumers.id, { onDelete: "set null" }),
    claimedAt: timestamp({ withTimezone: true }),
    redeemedAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }),
    // Stored value only, in fen; equals the sum of the code's ledger entries (invariant 2).
    balance: integer(),
    // A/B test: the variant of the offer this code was claimed with (group_variants).
    variantId: uuid(),
  },
  (t) => [
    // One code string per organisation: redemption looks codes up by (org, code).
    unique("codes_org_code_key").on(t.orgId, t.code),
    unique("codes_group_seq_key").on(t.groupId, t.seq),
    // The codes table filters by status in seq order; claimed/redeemed sorts only index the rows that have a time.
    index("codes_group_status_seq_idx").on(t.groupId, t.status, t.seq),
    index("codes_group_claimed_idx").on(t.groupId, t.claimedAt, t.id).where(sql`${t.claimedAt} is not null`),
    index("codes_group_redeemed_idx").on(t.groupId, t.redeemedAt, t.id).where(sql`${t.redeemedAt} is not null`),
    index("codes_consumer_idx").on(t.consumerId),
    check("codes_balance_check", sql`${t.balance} is null or ${t.balance} >= 0`),
  ],
);

export const claims = pgTable(
  "claims",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    groupId: uuid()
      .notNull()
      .references(() => codeGroups.id, { onDelete: "cascade" }),
    codeId: bigint({ mode: "number" })
      .notNull()
      .references(() => codes.id, { onDelete: "cascade" }),
    consumerId: uuid()
      .notNull()
      .references(() => consumers.id, { onDelete: "cascade" }),
    influencerId: uuid().references(() => influencers.id, { onDelete: "set null" }),
    // The consumer whose share link brought this claim (share to unlock).
    referrerId: uuid().references(() => consumers.id, { onDelete: "set null" }),
    // A bonus claim granted for referrals rather than asked for.
    isReferralReward: boolean().notNull().default(false),
    // A follow-up coupon (复购券) granted for this redemption (at most one per redemption).
    followUpOf: uuid(),
    // The targeted send (定向发放) that issued this code.
    sendId: uuid(),
    // A/B test: the variant this claim was given (group_variants).
    variantId: uuid(),
    // When the claimed code stops being usable for this consumer (the shared code's expiry is per claim).
    expiresAt: timestamp({ withTimezone: true }),
    ipHash: text(),
    deviceId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("claims_group_consumer_idx").on(t.groupId, t.consumerId),
    index("claims_campaign_consumer_idx").on(t.campaignId, t.consumerId),
    index("claims_org_time_idx").on(t.orgId, t.createdAt),
    index("claims_referrer_idx").on(t.campaignId, t.referrerId).where(sql`${t.referrerId} is not null`),
    // Anomaly rules count one IP's or one device's claims over the last hour (lib/anomalies).
    index("claims_org_ip_time_idx").on(t.orgId, t.ipHash, t.createdAt).where(sql`${t.ipHash} is not null`),
    index("claims_org_device_time_idx").on(t.orgId, t.deviceId, t.createdAt).where(sql`${t.deviceId} is not null`),
    uniqueIndex("claims_follow_up_key").on(t.followUpOf).where(sql`${t.followUpOf} is not null`),
  ],
);

export const redemptions = pgTable(
  "redemptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    codeId: bigint({ mode: "number" })
      .notNull()
      .references(() => codes.id, { onDelete: "cascade" }),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    groupId: uuid()
      .notNull()
      .references(() => codeGroups.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "restrict" }),
    // Copied from the group at redemption, so attribution reads need no join.
    influencerId: uuid().references(() => influencers.id, { onDelete: "set null" }),
    consumerId: uuid().references(() => consumers.id, { onDelete: "set null" }),
    clerkUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    apiKeyId: uuid().references(() => apiKeys.id, { onDelete: "set null" }),
    orderAmount: integer().notNull(),
    discount: integer().notNull(),
    // Stored value: what is left on the code after this spend.
    balanceAfter: integer(),
    // When the code was claimed (null for a code redeemed without an online claim), for claim → redemption times.
    claimedAt: timestamp({ withTimezone: true }),
    idempotencyKey: text(),
    // Hash of the request body, so a replay with a different body is told apart (idempotency_conflict).
    requestHash: text(),
    reversedAt: timestamp({ withTimezone: true }),
    // Several codes on one order: the order's id on each of its redemptions, and each one's place in it.
    // The first carries the order amount (and the key); the later ones 0, so GMV counts once per order.
    orderId: uuid(),
    orderPosition: smallint(),
    // What this code's discount was computed on: the eligible lines, less earlier codes' discounts.
    appliedTo: integer(),
    variantId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("redemptions_idempotency_key").on(t.orgId, t.idempotencyKey),
    index("redemptions_code_idx").on(t.codeId),
    index("redemptions_order_idx").on(t.orderId).where(sql`${t.orderId} is not null`),
    index("redemptions_org_time_idx").on(t.orgId, t.createdAt),
    index("redemptions_store_time_idx").on(t.storeId, t.createdAt),
    // Anomaly rule "more than N redemptions of one group within M minutes" (lib/anomalies).
    index("redemptions_group_time_idx").on(t.groupId, t.createdAt),
    // Analytics: reversals since the rollup watermark (lib/analytics); holds only reversed rows.
    index("redemptions_org_reversed_idx").on(t.orgId, t.reversedAt).where(sql`${t.reversedAt} is not null`),
    check("redemptions_money_check", sql`${t.orderAmount} >= 0 and ${t.discount} >= 0`),
  ],
);

export const reversals = pgTable(
  "reversals",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    // A redemption is reversed at most once.
    redemptionId: uuid()
      .notNull()
      .unique()
      .references(() => redemptions.id, { onDelete: "cascade" }),
    reason: text().notNull(),
    byUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    byApiKeyId: uuid().references(() => apiKeys.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("reversals_org_time_idx").on(t.orgId, t.createdAt)],
);

export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    codeId: bigint({ mode: "number" })
      .notNull()
      .references(() => codes.id, { onDelete: "cascade" }),
    redemptionId: uuid().references(() => redemptions.id, { onDelete: "set null" }),
    kind: ledgerKindEnum().notNull(),
    // Signed fen: issue and refund are positive, spend negative.
    amount: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ledger_entries_code_idx").on(t.codeId)],
);

export const landingEvents = pgTable(
  "landing_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    groupId: uuid()
      .notNull()
      .references(() => codeGroups.id, { onDelete: "cascade" }),
    influencerId: uuid().references(() => influencers.id, { onDelete: "set null" }),
    visitorHash: text().notNull(),
    utmSource: text(),
    utmMedium: text(),
    utmCampaign: text(),
    referrer: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("landing_events_group_time_idx").on(t.groupId, t.createdAt)],
);

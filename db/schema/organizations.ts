import { sql } from "drizzle-orm";
import { REQUEST_ID_DEFAULT } from "./request-id";
import { boolean, index, uniqueIndex, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { roleEnum } from "./enums";

export const organizations = pgTable("organizations", {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  timeZone: text().notNull().default("Asia/Shanghai"),
  brandColor: text().notNull().default("#e11d48"),
  logoUrl: text(),
  // Free-form brand settings (reversal window, limits shown to consumers…); validated by zod in lib/.
  settings: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    // Stored lower-cased; the unique index makes sign-up races safe.
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    locale: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp({ withTimezone: true }),
    // Signing out revokes every session issued before this instant (a session is a signed cookie that a
    // request already in flight could otherwise set again).
    signedOutAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

export const memberships = pgTable(
  "memberships",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

/**
 * One-time links to set a password: for a member an owner added who has no account yet (`invite`), or
 * an owner's reset for a member (`reset`). Only a SHA-256 of the token is kept; using it stamps `usedAt`
 * in one conditional update, so a link works once.
 */
export const passwordTokens = pgTable(
  "password_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // The organisation whose owner issued it (its audit log records the use).
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: text({ enum: ["invite", "reset"] }).notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("password_tokens_user_idx").on(t.userId)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    role: roleEnum().notNull(),
    // First characters of the key, shown in the console so owners can tell keys apart.
    prefix: text().notNull(),
    // SHA-256 of the whole key: keys are 256-bit random, so a fast hash is enough and lookups stay O(1).
    keyHash: text().notNull().unique(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    // A clerk key redeems only at these stores (a POS is installed in a store); null for other roles.
    storeIds: uuid().array(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("api_keys_org_idx").on(t.orgId)],
);

export const auditLogs = pgTable(
  "audit_logs",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    actorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    actorApiKeyId: uuid().references(() => apiKeys.id, { onDelete: "set null" }),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    ip: text(),
    userAgent: text(),
    // The HTTP request that made the change (X-Request-Id): set by writeAudit, or by the database from
    // the transaction's `coupon.request_id` setting for rows written inside SQL functions (claims).
    requestId: text().default(REQUEST_ID_DEFAULT),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_logs_org_time_idx").on(t.orgId, t.createdAt),
    index("audit_logs_entity_idx").on(t.orgId, t.entityType, t.entityId),
  ],
);

export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    payload: jsonb().notNull().default({}),
    read: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notifications_org_idx").on(t.orgId, t.createdAt),
    // The console header counts a user's unread notifications on every page.
    index("notifications_user_unread_idx").on(t.userId, t.orgId).where(sql`${t.read} = false`),
  ],
);

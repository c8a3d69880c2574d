import { sql } from "drizzle-orm";
import { boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { codeGroups, stores } from "./catalog";
import { organizations, users } from "./organizations";

/**
 * What a statement adds up to, as stored when a reviewer checks it (money in fen). Checks saved before
 * stored-value spend was counted apart have no stored-value keys, and their discount includes it.
 */
export type StatementTotalsSnapshot = {
  redemptions: number;
  reversals: number;
  orderTotal: number;
  discount: number;
  storedValue?: number;
  reversedOrderTotal: number;
  reversedDiscount: number;
  reversedStoredValue?: number;
};

/**
 * A reviewer's "checked" mark on one statement: a period (a local day, or a Monday–Sunday week) of one
 * scope (the whole organisation, one store or one campaign). One row per statement, the latest check;
 * the totals seen then are kept so the console can show when later rows changed them.
 */
export const reconciliationChecks = pgTable(
  "reconciliation_checks",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    periodKind: text({ enum: ["day", "week"] }).notNull(),
    // The period's first local day (a Monday for weeks).
    periodStart: date({ mode: "string" }).notNull(),
    scopeType: text({ enum: ["org", "store", "campaign"] }).notNull(),
    // The store or campaign; for the organisation-wide statement, the organisation's own id.
    scopeId: uuid().notNull(),
    totals: jsonb().$type<StatementTotalsSnapshot>().notNull(),
    note: text().notNull().default(""),
    checkedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    checkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("reconciliation_checks_statement_key").on(t.orgId, t.periodKind, t.periodStart, t.scopeType, t.scopeId)],
);

export const ANOMALY_RULE_KINDS = ["group_redemptions", "ip_claims", "device_claims", "store_rate"] as const;
export type AnomalyRuleKind = (typeof ANOMALY_RULE_KINDS)[number];
export const ANOMALY_ACTIONS = ["freeze", "flag"] as const;
export type AnomalyAction = (typeof ANOMALY_ACTIONS)[number];

/** An organisation's setting of one anomaly rule; a rule without a row runs with its defaults (lib/anomalies/rules.ts). */
export const anomalyRules = pgTable(
  "anomaly_rules",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: text({ enum: ANOMALY_RULE_KINDS }).notNull(),
    enabled: boolean().notNull(),
    // "More than `threshold` events within `windowMinutes`"; for store_rate the floor the last hour must exceed.
    threshold: integer().notNull(),
    windowMinutes: integer().notNull(),
    // store_rate only: the last hour must exceed `factor` × the store's trailing hourly average.
    factor: integer(),
    action: text({ enum: ANOMALY_ACTIONS }).notNull(),
    updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.kind] }),
    check("anomaly_rules_values_check", sql`${t.threshold} >= 1 and ${t.windowMinutes} between 1 and 1440 and coalesce(${t.factor}, 1) >= 1`),
  ],
);

/** One firing of a rule: what was seen, against which threshold, over which window, and what was done. */
export const anomalyAlerts = pgTable(
  "anomaly_alerts",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    ruleKind: text({ enum: ANOMALY_RULE_KINDS }).notNull(),
    scopeType: text({ enum: ["group", "store", "ip", "device"] }).notNull(),
    // The group or store id, the IP hash or the device id the count was taken over.
    scopeKey: text().notNull(),
    // The group the alert is about (frozen when the action is freeze), when there is one.
    groupId: uuid().references(() => codeGroups.id, { onDelete: "set null" }),
    storeId: uuid().references(() => stores.id, { onDelete: "set null" }),
    observed: integer().notNull(),
    // The count the window had to exceed (for store_rate: the larger of the floor and factor × baseline).
    threshold: integer().notNull(),
    windowMinutes: integer().notNull(),
    // store_rate: the store's trailing average per hour.
    baseline: doublePrecision(),
    action: text({ enum: ANOMALY_ACTIONS }).notNull(),
    // Whether this alert froze the group (false for flag-only rules and groups that were not active).
    froze: boolean().notNull().default(false),
    reason: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    windowEnd: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    reviewedAt: timestamp({ withTimezone: true }),
    reviewedBy: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("anomaly_alerts_org_time_idx").on(t.orgId, t.createdAt),
    // "Has this rule already fired for this scope within the window?"
    index("anomaly_alerts_scope_idx").on(t.orgId, t.ruleKind, t.scopeKey, t.createdAt),
  ],
);

import "server-only";
import { and, desc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { db, rows } from "@/db";
import { anomalyAlerts, anomalyRules, codeGroups, memberships, notifications, organizations } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { freezeGroup } from "@/lib/codes/groups";
import {
  BASELINE_DAYS,
  baselinePerWindow,
  exceeds,
  mergeRules,
  reasonText,
  storeRateThreshold,
  windowOf,
  type AnomalyRule,
  type AnomalyRuleKind,
  type AnomalyRules,
} from "./rules";

// Anomaly evaluation: after a redemption or a claim, count the touched group's, store's, IP's or
// device's events in each rule's window (index range scans, stopped at threshold + 1), and fire a rule
// that is crossed: an alert row, the group frozen through the ordinary freeze path (audited, emits
// group.frozen), notifications for owners and marketers — in one transaction. A rule fires at most
// once per scope and window. See docs/anomalies.md.

/** What was just touched: each present key is checked by its rules. */
export type AnomalyScope = {
  groupId?: string | null;
  storeId?: string | null;
  /** lib/claims/claim.ts hashIp(ip), as stored on claims. */
  ipHash?: string | null;
  deviceId?: string | null;
};

export type AnomalyAlert = typeof anomalyAlerts.$inferSelect;

export const NOTIFICATION_KIND = "anomaly.alert";

// Rules change rarely and are read after every claim and redemption: kept per process for a short while.
// Another instance sees an owner's change within RULE_CACHE_MS.
const RULE_CACHE_MS = 30_000;
// `quiet`: a rule that fired for a scope stays silent for its window, so until then nothing needs counting
// (a burst from one NAT IP would otherwise recount a growing window on every claim). Key: org:kind:scope.
type Caches = { rules: Map<string, { at: number; rules: AnomalyRules }>; baselines: Map<string, number>; quiet: Map<string, number> };
const caches = ((globalThis as { __anomalyCaches?: Caches }).__anomalyCaches ??= { rules: new Map(), baselines: new Map(), quiet: new Map() });
caches.quiet ??= new Map();

const quietKey = (orgId: string, kind: AnomalyRuleKind, scopeKey: string) => `${orgId}:${kind}:${scopeKey}`;
function isQuiet(orgId: string, kind: AnomalyRuleKind, scopeKey: string, now: Date) {
  const until = caches.quiet.get(quietKey(orgId, kind, scopeKey));
  return until !== undefined && now.getTime() < until;
}
function beQuiet(orgId: string, rule: AnomalyRule, scopeKey: string, firedAt: Date) {
  if (caches.quiet.size > 10_000) caches.quiet.clear();
  caches.quiet.set(quietKey(orgId, rule.kind, scopeKey), firedAt.getTime() + rule.windowMinutes * 60_000);
}

/** The organisation's rules (defaults for those it never changed). */
export async function getAnomalyRules(orgId: string, opts: { fresh?: boolean } = {}): Promise<AnomalyRules> {
  const hit = caches.rules.get(orgId);
  if (hit && !opts.fresh && Date.now() - hit.at < RULE_CACHE_MS) return hit.rules;
  const stored = await db.select().from(anomalyRules).where(eq(anomalyRules.orgId, orgId));
  const rules = mergeRules(stored);
  caches.rules.set(orgId, { at: Date.now(), rules });
  return rules;
}

/** Drops cached rules (after an owner's change) and store baselines. */
export function forgetAnomalyCaches(orgId?: string) {
  if (orgId) caches.rules.delete(orgId);
  else caches.rules.clear();
  caches.baselines.clear();
  caches.quiet.clear();
}

const iso = (d: Date) => d.toISOString();

/** count(*) of `select 1 …`, reading at most `limit` rows: enough to know whether a threshold is crossed. */
async function countUpTo(query: SQL, limit: number): Promise<number> {
  const [r] = await rows<{ n: number | string }>(db, sql`select count(*)::int as n from (${query} limit ${limit}) x`);
  return Number(r?.n ?? 0);
}

async function countAll(query: SQL): Promise<number> {
  const [r] = await rows<{ n: number | string }>(db, sql`select count(*)::int as n from (${query}) x`);
  return Number(r?.n ?? 0);
}

/** The group with the most of `query`'s rows (which select group_id), for rules whose scope is not a group. */
async function topGroup(query: SQL): Promise<string | null> {
  const [r] = await rows<{ group_id: string }>(
    db,
    sql`select group_id::text as group_id from (${query}) x group by group_id order by count(*) desc, group_id limit 1`,
  );
  return r?.group_id ?? null;
}

/** The store's usual redemptions per window over the BASELINE_DAYS before `windowStart` (cached per hour). */
async function storeBaseline(orgId: string, storeId: string, windowMinutes: number, windowStart: Date): Promise<number> {
  const key = `${storeId}:${windowMinutes}:${Math.floor(windowStart.getTime() / 3_600_000)}`;
  const hit = caches.baselines.get(key);
  if (hit !== undefined) return hit;
  const from = new Date(windowStart.getTime() - BASELINE_DAYS * 86_400_000);
  const total = await countAll(
    sql`select 1 from redemptions where store_id = ${storeId}::uuid and org_id = ${orgId}::uuid
          and created_at > ${iso(from)}::timestamptz and created_at <= ${iso(windowStart)}::timestamptz`,
  );
  const value = baselinePerWindow(total, windowMinutes);
  if (caches.baselines.size > 10_000) caches.baselines.clear();
  caches.baselines.set(key, value);
  return value;
}

type Finding = {
  rule: AnomalyRule;
  scopeType: "group" | "store" | "ip" | "device";
  scopeKey: string;
  groupId: string | null;
  storeId: string | null;
  observed: number;
  threshold: number;
  baseline: number | null;
  window: { start: Date; end: Date };
};

const between = (w: { start: Date; end: Date }) =>
  sql`created_at > ${iso(w.start)}::timestamptz and created_at <= ${iso(w.end)}::timestamptz`;

async function checkGroup(orgId: string, groupId: string, rule: AnomalyRule, now: Date): Promise<Finding | null> {
  const w = windowOf(now, rule.windowMinutes);
  const q = sql`select 1 from redemptions where group_id = ${groupId}::uuid and org_id = ${orgId}::uuid and ${between(w)}`;
  if (!exceeds(await countUpTo(q, rule.threshold + 1), rule.threshold)) return null;
  const observed = await countAll(q);
  return { rule, scopeType: "group", scopeKey: groupId, groupId, storeId: null, observed, threshold: rule.threshold, baseline: null, window: w };
}

async function checkSource(orgId: string, kind: "ip" | "device", key: string, rule: AnomalyRule, now: Date): Promise<Finding | null> {
  const w = windowOf(now, rule.windowMinutes);
  const column = kind === "ip" ? sql`ip_hash` : sql`device_id`;
  const where = sql`org_id = ${orgId}::uuid and ${column} = ${key} and ${between(w)}`;
  if (!exceeds(await countUpTo(sql`select 1 from claims where ${where}`, rule.threshold + 1), rule.threshold)) return null;
  const observed = await countAll(sql`select 1 from claims where ${where}`);
  const groupId = await topGroup(sql`select group_id from claims where ${where}`);
  return { rule, scopeType: kind, scopeKey: key, groupId, storeId: null, observed, threshold: rule.threshold, baseline: null, window: w };
}

async function checkStore(orgId: string, storeId: string, rule: AnomalyRule, now: Date): Promise<Finding | null> {
  const w = windowOf(now, rule.windowMinutes);
  const where = sql`store_id = ${storeId}::uuid and org_id = ${orgId}::uuid and ${between(w)}`;
  // The floor first: a store under it needs no baseline at all.
  if (!exceeds(await countUpTo(sql`select 1 from redemptions where ${where}`, rule.threshold + 1), rule.threshold)) return null;
  const baseline = await storeBaseline(orgId, storeId, rule.windowMinutes, w.start);
  const threshold = storeRateThreshold(rule, baseline);
  const observed = await countAll(sql`select 1 from redemptions where ${where}`);
  if (!exceeds(observed, threshold)) return null;
  const groupId = await topGroup(sql`select group_id from redemptions where ${where}`);
  return { rule, scopeType: "store", scopeKey: storeId, groupId, storeId, observed, threshold, baseline, window: w };
}

/** Anomaly rules act as the system: audit rows name no person (the console shows "system"). */
function systemActor(orgId: string): Actor {
  return { orgId, role: "owner", userId: null, apiKeyId: null };
}

/**
 * Records a finding as an alert, unless the rule already fired for this scope within the window:
 * freezes the group (action freeze, group still active), writes the alert, its audit row and a
 * notification per owner and marketer, in one transaction. An advisory lock on (org, rule, scope)
 * makes concurrent evaluations of the same burst produce one alert.
 */
async function fire(orgId: string, f: Finding, now: Date): Promise<AnomalyAlert | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`anomaly:${orgId}:${f.rule.kind}:${f.scopeKey}`}, 0))`);
    const [recent] = await tx
      .select({ id: anomalyAlerts.id, createdAt: anomalyAlerts.createdAt })
      .from(anomalyAlerts)
      .where(
        and(
          eq(anomalyAlerts.orgId, orgId),
          eq(anomalyAlerts.ruleKind, f.rule.kind),
          eq(anomalyAlerts.scopeKey, f.scopeKey),
          gt(anomalyAlerts.createdAt, f.window.start),
        ),
      )
      .orderBy(desc(anomalyAlerts.createdAt))
      .limit(1);
    if (recent) {
      beQuiet(orgId, f.rule, f.scopeKey, recent.createdAt);
      return null;
    }

    let froze = false;
    const reasonFor = (action: "freeze" | "flag") =>
      reasonText({ kind: f.rule.kind, action, observed: f.observed, threshold: f.threshold, windowMinutes: f.rule.windowMinutes, baseline: f.baseline });
    if (f.rule.action === "freeze" && f.groupId) {
      const [group] = await tx
        .select({ status: codeGroups.status })
        .from(codeGroups)
        .where(and(eq(codeGroups.id, f.groupId), eq(codeGroups.orgId, orgId)));
      if (group?.status === "active") {
        await freezeGroup(systemActor(orgId), f.groupId, reasonFor("freeze"), tx);
        froze = true;
      }
    }
    const reason = reasonFor(froze ? "freeze" : "flag");
    const [alert] = await tx
      .insert(anomalyAlerts)
      .values({
        orgId,
        ruleKind: f.rule.kind,
        scopeType: f.scopeType,
        scopeKey: f.scopeKey,
        groupId: f.groupId,
        storeId: f.storeId,
        observed: f.observed,
        threshold: f.threshold,
        windowMinutes: f.rule.windowMinutes,
        baseline: f.baseline,
        action: f.rule.action,
        froze,
        reason,
        windowStart: f.window.start,
        windowEnd: f.window.end,
        createdAt: now,
      })
      .returning();
    await writeAudit(tx, {
      orgId,
      action: "anomaly.fired",
      entityType: "anomaly_alert",
      entityId: alert.id,
      after: {
        rule: f.rule.kind,
        scope: { type: f.scopeType, key: f.scopeKey },
        groupId: f.groupId,
        storeId: f.storeId,
        observed: f.observed,
        threshold: f.threshold,
        windowMinutes: f.rule.windowMinutes,
        action: f.rule.action,
        froze,
        reason,
      },
    });
    const recipients = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, ["owner", "marketer"])));
    if (recipients.length) {
      await tx.insert(notifications).values(
        recipients.map((r) => ({ orgId, userId: r.userId, kind: NOTIFICATION_KIND, payload: { alertId: alert.id, ruleKind: f.rule.kind, froze } })),
      );
    }
    beQuiet(orgId, f.rule, f.scopeKey, now);
    return alert;
  });
}

/**
 * Evaluates the rules for what was just touched (call it after each redemption with the group and
 * store, after each new claim with the IP hash and device id) and fires those that are crossed.
 * Cheap when nothing is odd: one bounded index range count per enabled rule. Idempotent: a rule that
 * fired for the same scope within its window does not fire again. Returns the alerts it created.
 */
export async function evaluateAnomalies(
  orgId: string,
  scope: AnomalyScope,
  opts: { now?: Date; rules?: AnomalyRules } = {},
): Promise<AnomalyAlert[]> {
  const now = opts.now ?? new Date();
  const rules = opts.rules ?? (await getAnomalyRules(orgId));
  const checks: Promise<Finding | null>[] = [];
  const on = (kind: AnomalyRuleKind, scopeKey: string) => rules[kind].enabled && !isQuiet(orgId, kind, scopeKey, now);
  if (scope.groupId && on("group_redemptions", scope.groupId)) checks.push(checkGroup(orgId, scope.groupId, rules.group_redemptions, now));
  if (scope.storeId && on("store_rate", scope.storeId)) checks.push(checkStore(orgId, scope.storeId, rules.store_rate, now));
  if (scope.ipHash && on("ip_claims", scope.ipHash)) checks.push(checkSource(orgId, "ip", scope.ipHash, rules.ip_claims, now));
  if (scope.deviceId && on("device_claims", scope.deviceId)) checks.push(checkSource(orgId, "device", scope.deviceId, rules.device_claims, now));
  const findings = (await Promise.all(checks)).filter((f): f is Finding => f !== null);
  const fired: AnomalyAlert[] = [];
  // One after the other: two findings may freeze the same group.
  for (const f of findings) {
    const alert = await fire(orgId, f, now);
    if (alert) fired.push(alert);
  }
  return fired;
}

/** Keys whose count in the rule's window exceeds `over`, from the organisation's recent rows. */
async function crowded(table: "redemptions" | "claims", column: "group_id" | "store_id" | "ip_hash" | "device_id", orgId: string, rule: AnomalyRule, now: Date) {
  const w = windowOf(now, rule.windowMinutes);
  const result = await rows<{ key: string }>(
    db,
    sql`select ${sql.identifier(column)}::text as key from ${sql.identifier(table)}
        where org_id = ${orgId}::uuid and ${sql.identifier(column)} is not null and ${between(w)}
        group by 1 having count(*) > ${rule.threshold}`,
  );
  return result.map((r) => r.key);
}

/**
 * The periodic sweep: for every organisation, the groups, stores, IPs and devices whose recent counts
 * exceed a rule's threshold are evaluated as if just touched, so an evaluation missed after a response
 * (a crash, a redeploy) is caught up. Reads each organisation's last window through (org_id, created_at).
 */
export async function sweepAnomalies(opts: { now?: Date; orgIds?: string[] } = {}): Promise<AnomalyAlert[]> {
  const now = opts.now ?? new Date();
  const orgs = opts.orgIds
    ? opts.orgIds.map((id) => ({ id }))
    : await db.select({ id: organizations.id }).from(organizations);
  const fired: AnomalyAlert[] = [];
  for (const { id: orgId } of orgs) {
    const rules = await getAnomalyRules(orgId);
    const scopes: AnomalyScope[] = [];
    if (rules.group_redemptions.enabled) {
      for (const groupId of await crowded("redemptions", "group_id", orgId, rules.group_redemptions, now)) scopes.push({ groupId });
    }
    if (rules.store_rate.enabled) {
      for (const storeId of await crowded("redemptions", "store_id", orgId, rules.store_rate, now)) scopes.push({ storeId });
    }
    if (rules.ip_claims.enabled) {
      for (const ipHash of await crowded("claims", "ip_hash", orgId, rules.ip_claims, now)) scopes.push({ ipHash });
    }
    if (rules.device_claims.enabled) {
      for (const deviceId of await crowded("claims", "device_id", orgId, rules.device_claims, now)) scopes.push({ deviceId });
    }
    for (const scope of scopes) fired.push(...(await evaluateAnomalies(orgId, scope, { now, rules })));
  }
  return fired;
}

import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { anomalyAlerts, auditLogs, codeGroups, notifications, outbox } from "@/db/schema";
import { seedCampaign, seedStore, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { hashIp } from "@/lib/claims/claim";
import { seedClaims, seedConsumer, seedRedemptions, sharedGroup } from "@/test/fixtures/activity";
import { evaluateAnomalies, forgetAnomalyCaches, getAnomalyRules, sweepAnomalies } from "./evaluate";
import { markAlertsRead, reviewAlert, updateAnomalyRules } from "./mutations";
import { listAlerts, unreadAlertCount } from "./queries";
import { DEFAULT_RULES, type AnomalyRule, type RuleInput } from "./rules";
import { alertListParams } from "./schemas";
import { parseListParams } from "@/components/data-table/params";

const MIN = 60_000;
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const ago = (ms: number) => new Date(NOW.getTime() - ms);

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let owner: Actor;
let marketer: Actor;
let campaignId: string;
let storeId: string;
let consumerId: string;

const input = (r: AnomalyRule, over: Partial<RuleInput> = {}): RuleInput => ({
  kind: r.kind,
  enabled: r.enabled,
  threshold: r.threshold,
  windowMinutes: r.windowMinutes,
  factor: r.factor,
  action: r.action,
  ...over,
});

/** The defaults with the given rules changed (others disabled so each test sees only its rule). */
async function setRules(over: Partial<Record<AnomalyRule["kind"], Partial<RuleInput>>>) {
  await updateAnomalyRules(
    owner,
    Object.values(DEFAULT_RULES).map((r) => input(r, { enabled: false, ...(over[r.kind] ?? {}) })),
  );
}

const newGroup = () => sharedGroup(db, { orgId: f.org.id, campaignId, name: `g-${randomUUID().slice(0, 6)}` });
const groupStatus = async (id: string) => (await db.select().from(codeGroups).where(eq(codeGroups.id, id)))[0];
const alertsOf = (scopeKey: string) =>
  db.select().from(anomalyAlerts).where(and(eq(anomalyAlerts.orgId, f.org.id), eq(anomalyAlerts.scopeKey, scopeKey)));

beforeAll(async () => {
  f = await seedTestOrg(db, `anom-${randomUUID().slice(0, 8)}`);
  owner = { orgId: f.org.id, role: "owner", userId: f.users.owner.id, apiKeyId: null };
  marketer = { orgId: f.org.id, role: "marketer", userId: f.users.marketer.id, apiKeyId: null };
  campaignId = (await seedCampaign(db, { orgId: f.org.id })).id;
  storeId = (await seedStore(db, { orgId: f.org.id, name: "南京路店" })).id;
  consumerId = (await seedConsumer(db, f.org.id)).id;
});

beforeEach(() => forgetAnomalyCaches());

describe("group_redemptions: more than N redemptions of one group within M minutes", () => {
  it("does not fire at N, fires at N+1: freezes the group with the reason, alert, audit, outbox event and notifications", async () => {
    await setRules({ group_redemptions: { enabled: true, threshold: 5, windowMinutes: 10, action: "freeze" } });
    const g = await newGroup();
    // Exactly 10 minutes old has left the window; older ones never count.
    await seedRedemptions(db, g, { storeId, times: [ago(10 * MIN), ago(30 * MIN), ago(2 * 60 * MIN)] });
    await seedRedemptions(db, g, { storeId, times: [ago(9 * MIN), ago(5 * MIN), ago(3 * MIN), ago(MIN), NOW] });

    expect(await evaluateAnomalies(f.org.id, { groupId: g.id, storeId }, { now: NOW })).toEqual([]);
    expect((await groupStatus(g.id)).status).toBe("active");

    await seedRedemptions(db, g, { storeId, times: [ago(30_000)] });
    const fired = await evaluateAnomalies(f.org.id, { groupId: g.id, storeId }, { now: NOW });
    expect(fired).toHaveLength(1);
    const reason = "自动冻结：10 分钟内核销 6 次（阈值 5）";
    expect(fired[0]).toMatchObject({
      ruleKind: "group_redemptions",
      scopeType: "group",
      scopeKey: g.id,
      groupId: g.id,
      observed: 6,
      threshold: 5,
      windowMinutes: 10,
      action: "freeze",
      froze: true,
      reason,
    });
    expect(fired[0].windowEnd.getTime() - fired[0].windowStart.getTime()).toBe(10 * MIN);

    expect(await groupStatus(g.id)).toMatchObject({ status: "frozen", frozenReason: reason });
    const audits = await db.select().from(auditLogs).where(and(eq(auditLogs.orgId, f.org.id), eq(auditLogs.entityId, g.id)));
    expect(audits.map((a) => a.action)).toEqual(["group.frozen"]);
    expect(audits[0]).toMatchObject({ actorUserId: null, actorApiKeyId: null, after: { status: "frozen", reason } });
    const [fireAudit] = await db.select().from(auditLogs).where(eq(auditLogs.entityId, fired[0].id));
    expect(fireAudit).toMatchObject({ action: "anomaly.fired", entityType: "anomaly_alert", after: { observed: 6, threshold: 5, froze: true } });
    const events = await db.select().from(outbox).where(eq(outbox.subject, `group:${g.id}`));
    expect(events.map((e) => [e.type, e.data])).toEqual([["group.frozen", { groupId: g.id, reason }]]);

    // Owners and marketers are told; reviewers, clerks and influencers are not.
    const notes = await db.select().from(notifications).where(sql`${notifications.payload}->>'alertId' = ${fired[0].id}`);
    expect(notes.map((n) => n.userId).sort()).toEqual([f.users.owner.id, f.users.marketer.id].sort());
    expect(await unreadAlertCount(f.org.id, f.users.marketer.id)).toBeGreaterThanOrEqual(1);
    expect(await unreadAlertCount(f.org.id, f.users.reviewer.id)).toBe(0);
  });

  it("fires once per scope and window: again, from the sweep, or from concurrent evaluations", async () => {
    await setRules({ group_redemptions: { enabled: true, threshold: 3, windowMinutes: 10, action: "flag" } });
    const g = await newGroup();
    await seedRedemptions(db, g, { storeId, times: [ago(4 * MIN), ago(3 * MIN), ago(2 * MIN), ago(MIN)] });
    const results = await Promise.all(Array.from({ length: 6 }, () => evaluateAnomalies(f.org.id, { groupId: g.id }, { now: NOW })));
    expect(results.flat()).toHaveLength(1);
    expect(await evaluateAnomalies(f.org.id, { groupId: g.id }, { now: new Date(NOW.getTime() + 5 * MIN) })).toEqual([]);
    expect(await sweepAnomalies({ now: NOW, orgIds: [f.org.id] })).toEqual([]);
    expect(await alertsOf(g.id)).toHaveLength(1);

    // A later window with a new burst is a new firing.
    const later = new Date(NOW.getTime() + 20 * MIN);
    await seedRedemptions(db, g, { storeId, times: [1, 2, 3, 4].map((k) => new Date(later.getTime() - k * MIN)) });
    expect(await evaluateAnomalies(f.org.id, { groupId: g.id }, { now: later })).toHaveLength(1);
    expect(await alertsOf(g.id)).toHaveLength(2);
  });

  it("a flag-only rule records and notifies but leaves the group active", async () => {
    await setRules({ group_redemptions: { enabled: true, threshold: 2, windowMinutes: 10, action: "flag" } });
    const g = await newGroup();
    await seedRedemptions(db, g, { storeId, times: [ago(3 * MIN), ago(2 * MIN), ago(MIN)] });
    const [alert] = await evaluateAnomalies(f.org.id, { groupId: g.id }, { now: NOW });
    expect(alert).toMatchObject({ action: "flag", froze: false, reason: "异常预警：10 分钟内核销 3 次（阈值 2）" });
    expect((await groupStatus(g.id)).status).toBe("active");
    expect(await db.select().from(outbox).where(eq(outbox.subject, `group:${g.id}`))).toEqual([]);
    expect(await db.select().from(notifications).where(sql`${notifications.payload}->>'alertId' = ${alert.id}`)).toHaveLength(2);
  });

  it("a disabled rule never fires", async () => {
    await setRules({});
    const g = await newGroup();
    await seedRedemptions(db, g, { storeId, times: Array.from({ length: 80 }, (_, k) => ago(k * 1000)) });
    expect(await evaluateAnomalies(f.org.id, { groupId: g.id, storeId }, { now: NOW })).toEqual([]);
  });

  it("the sweep catches a burst nobody evaluated", async () => {
    await setRules({ group_redemptions: { enabled: true, threshold: 4, windowMinutes: 10, action: "freeze" } });
    const g = await newGroup();
    await seedRedemptions(db, g, { storeId, times: [1, 2, 3, 4, 5].map((k) => ago(k * MIN)) });
    const fired = await sweepAnomalies({ now: NOW, orgIds: [f.org.id] });
    expect(fired.map((a) => a.scopeKey)).toContain(g.id);
    expect((await groupStatus(g.id)).status).toBe("frozen");
  });
});

describe("claims from one IP or one device per hour", () => {
  it("flags an IP at N+1 claims (not at N) and freezes the device's group when so configured", async () => {
    await setRules({
      ip_claims: { enabled: true, threshold: 4, windowMinutes: 60, action: "flag" },
      device_claims: { enabled: true, threshold: 2, windowMinutes: 60, action: "freeze" },
    });
    const a = await newGroup();
    const b = await newGroup();
    const ip = hashIp(`203.0.113.${Math.floor(Math.random() * 200)}`);
    await seedClaims(db, a, { consumerId, ipHash: ip, times: [ago(50 * MIN), ago(40 * MIN), ago(20 * MIN), ago(61 * MIN)] });
    await seedClaims(db, b, { consumerId, ipHash: ip, times: [ago(MIN)] });
    expect(await evaluateAnomalies(f.org.id, { ipHash: ip }, { now: NOW })).toEqual([]);
    await seedClaims(db, a, { consumerId, ipHash: ip, times: [ago(30_000)] });
    const [ipAlert] = await evaluateAnomalies(f.org.id, { ipHash: ip }, { now: NOW });
    expect(ipAlert).toMatchObject({ ruleKind: "ip_claims", scopeType: "ip", observed: 5, threshold: 4, froze: false, groupId: a.id });
    expect(ipAlert.reason).toBe("异常预警：同一 IP 60 分钟内领取 5 次（阈值 4）");

    const device = randomUUID();
    await seedClaims(db, b, { consumerId, deviceId: device, times: [ago(3 * MIN), ago(2 * MIN), ago(MIN)] });
    const [deviceAlert] = await evaluateAnomalies(f.org.id, { deviceId: device }, { now: NOW });
    expect(deviceAlert).toMatchObject({ ruleKind: "device_claims", observed: 3, threshold: 2, froze: true, groupId: b.id });
    expect((await groupStatus(b.id)).status).toBe("frozen");
    expect((await groupStatus(a.id)).status).toBe("active");
  });

  it("runs after a claim through the public claim API", async () => {
    await setRules({ ip_claims: { enabled: true, threshold: 2, windowMinutes: 60, action: "flag" } });
    const { POST } = await import("@/app/api/v1/public/groups/[slug]/claims/route");
    const g = await newGroup();
    const ip = `198.51.100.${Math.floor(Math.random() * 200)}`;
    for (let i = 0; i < 3; i++) {
      const res = await POST(
        new Request(`http://localhost/api/v1/public/groups/${g.slug}/claims`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-coupon-socket-ip": ip },
          body: JSON.stringify({ phone: `1370000${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}` }),
        }),
        { params: Promise.resolve({ slug: g.slug }) },
      );
      expect(res.status).toBe(201);
    }
    const alerts = await alertsOf(hashIp(ip));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ observed: 3, threshold: 2, groupId: g.id });
  });
});

describe("store_rate: a store far above its usual rate", () => {
  it("fires only above both the floor and factor × the trailing 14-day rate", async () => {
    await setRules({ store_rate: { enabled: true, threshold: 8, windowMinutes: 60, factor: 5, action: "freeze" } });
    const store = await seedStore(db, { orgId: f.org.id, name: `店 ${randomUUID().slice(0, 6)}` });
    const g = await newGroup();
    // 672 redemptions over the 14 days before the window: 2 an hour, so 5 × 2 = 10 beats the floor of 8.
    const history = Array.from({ length: 672 }, (_, k) => ago(61 * MIN + k * 30 * MIN));
    await seedRedemptions(db, g, { storeId: store.id, times: history });
    await seedRedemptions(db, g, { storeId: store.id, times: Array.from({ length: 10 }, (_, k) => ago((k + 1) * 5 * MIN)) });
    expect(await evaluateAnomalies(f.org.id, { storeId: store.id }, { now: NOW })).toEqual([]);
    await seedRedemptions(db, g, { storeId: store.id, times: [ago(MIN / 2)] });
    forgetAnomalyCaches();
    const [alert] = await evaluateAnomalies(f.org.id, { storeId: store.id }, { now: NOW });
    expect(alert).toMatchObject({ ruleKind: "store_rate", scopeType: "store", storeId: store.id, observed: 11, threshold: 10, froze: true, groupId: g.id });
    expect(alert.baseline).toBeCloseTo(2, 5);
    expect(alert.reason).toBe("自动冻结：门店 60 分钟内核销 11 次（阈值 10，平时约 2.0 次）");
  });

  it("a quiet store's floor holds even when its usual rate is near zero", async () => {
    await setRules({ store_rate: { enabled: true, threshold: 8, windowMinutes: 60, factor: 5, action: "flag" } });
    const store = await seedStore(db, { orgId: f.org.id, name: `店 ${randomUUID().slice(0, 6)}` });
    const g = await newGroup();
    await seedRedemptions(db, g, { storeId: store.id, times: Array.from({ length: 8 }, (_, k) => ago((k + 1) * MIN)) });
    expect(await evaluateAnomalies(f.org.id, { storeId: store.id }, { now: NOW })).toEqual([]);
    await seedRedemptions(db, g, { storeId: store.id, times: [ago(MIN / 2)] });
    expect(await evaluateAnomalies(f.org.id, { storeId: store.id }, { now: NOW })).toMatchObject([{ observed: 9, threshold: 8 }]);
  });
});

describe("reviewing alerts", () => {
  it("unfreezes the group through the ordinary unfreeze, marks the alert reviewed and everyone's notifications read", async () => {
    await setRules({ group_redemptions: { enabled: true, threshold: 1, windowMinutes: 10, action: "freeze" } });
    const g = await newGroup();
    await seedRedemptions(db, g, { storeId, times: [ago(2 * MIN), ago(MIN)] });
    const [alert] = await evaluateAnomalies(f.org.id, { groupId: g.id }, { now: NOW });
    expect((await groupStatus(g.id)).status).toBe("frozen");

    const list = await listAlerts(f.org.id, f.users.marketer.id, parseListParams(alertListParams, { status: "open" }));
    expect(list.rows.find((r) => r.id === alert.id)).toMatchObject({ unread: true, groupStatus: "frozen", groupName: g.name, froze: true });

    // A reviewer may not; a clerk may not.
    await expect(reviewAlert({ ...owner, role: "reviewer", userId: f.users.reviewer.id }, alert.id, { unfreeze: true })).rejects.toMatchObject({ code: "forbidden" });
    // Another organisation's alert is not found.
    const other = await seedTestOrg(db, `anom-o-${randomUUID().slice(0, 8)}`);
    await expect(reviewAlert({ orgId: other.org.id, role: "owner", userId: other.users.owner.id, apiKeyId: null }, alert.id)).rejects.toMatchObject({ code: "not_found" });

    const before = await unreadAlertCount(f.org.id, f.users.owner.id);
    const reviewed = await reviewAlert(owner, alert.id, { unfreeze: true });
    expect(reviewed).toMatchObject({ id: alert.id, reviewedBy: f.users.owner.id });
    expect(await groupStatus(g.id)).toMatchObject({ status: "active", frozenReason: null });
    const audit = await db.select().from(auditLogs).where(eq(auditLogs.orgId, f.org.id)).orderBy(auditLogs.createdAt);
    expect(audit.filter((a) => a.entityId === g.id).map((a) => [a.action, a.actorUserId])).toEqual([
      ["group.frozen", null],
      ["group.unfrozen", f.users.owner.id],
    ]);
    expect(audit.find((a) => a.entityId === alert.id && a.action === "anomaly.reviewed")).toMatchObject({ actorUserId: f.users.owner.id });
    expect(await unreadAlertCount(f.org.id, f.users.owner.id)).toBe(before - 1);
    const afterList = await listAlerts(f.org.id, f.users.marketer.id, parseListParams(alertListParams, { status: "reviewed" }));
    expect(afterList.rows.find((r) => r.id === alert.id)).toMatchObject({ unread: false, groupStatus: "active" });

    // Unfreezing again is refused: the group is no longer frozen. Within the same window the rule stays quiet.
    await expect(reviewAlert(owner, alert.id, { unfreeze: true })).rejects.toMatchObject({ code: "invalid_state" });
    expect(await evaluateAnomalies(f.org.id, { groupId: g.id }, { now: NOW })).toEqual([]);
  });

  it("marks one user's notifications read without touching the others'", async () => {
    await setRules({ group_redemptions: { enabled: true, threshold: 1, windowMinutes: 10, action: "flag" } });
    const g = await newGroup();
    await seedRedemptions(db, g, { storeId, times: [ago(2 * MIN), ago(MIN)] });
    await evaluateAnomalies(f.org.id, { groupId: g.id }, { now: NOW });
    expect(await unreadAlertCount(f.org.id, f.users.marketer.id)).toBeGreaterThan(0);
    const ownerUnread = await unreadAlertCount(f.org.id, f.users.owner.id);
    await markAlertsRead(f.org.id, f.users.marketer.id);
    expect(await unreadAlertCount(f.org.id, f.users.marketer.id)).toBe(0);
    expect(await unreadAlertCount(f.org.id, f.users.owner.id)).toBe(ownerUnread);
  });
});

describe("rules settings", () => {
  it("start from the defaults, only an owner changes them, and every change is audited", async () => {
    const fresh = await seedTestOrg(db, `anom-d-${randomUUID().slice(0, 8)}`);
    expect(await getAnomalyRules(fresh.org.id)).toEqual(DEFAULT_RULES);
    const freshOwner: Actor = { orgId: fresh.org.id, role: "owner", userId: fresh.users.owner.id, apiKeyId: null };
    await expect(updateAnomalyRules({ ...marketer, orgId: fresh.org.id }, [])).rejects.toMatchObject({ code: "forbidden" });
    const rules = await updateAnomalyRules(freshOwner, [input(DEFAULT_RULES.ip_claims, { threshold: 99, action: "freeze" })]);
    expect(rules.ip_claims).toEqual({ ...DEFAULT_RULES.ip_claims, threshold: 99, action: "freeze" });
    expect(rules.group_redemptions).toEqual(DEFAULT_RULES.group_redemptions);
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.orgId, fresh.org.id), eq(auditLogs.action, "anomaly_rules.updated")));
    expect(audit).toMatchObject({
      actorUserId: fresh.users.owner.id,
      before: { ip_claims: { threshold: 30, action: "flag" } },
      after: { ip_claims: { threshold: 99, action: "freeze" } },
    });
  });
});

import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { apiKeys, auditLogs } from "@/db/schema";
import { seedTestOrg } from "@/db/seed/builders";
import { parseListParams } from "@/components/data-table/params";
import { iterateAuditRows, listAuditTable } from "./queries";
import { auditListParams } from "./schemas";

// The export route reads the session through Auth.js and the active organisation and language from
// cookies: both are stubbed so the real route, permission check and query run on the test database.
const session = vi.hoisted(() => ({ userId: null as string | null, orgId: null as string | null, locale: "zh-CN" }));
vi.mock("@/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "localhost:3000", "user-agent": "vitest" }),
  cookies: async () => ({
    get: (name: string) =>
      name === "coupon_org" && session.orgId ? { name, value: session.orgId } : name === "NEXT_LOCALE" ? { name, value: session.locale } : undefined,
  }),
}));

const { GET: exportAudit } = await import("@/app/(console)/audit/export/route");

const TZ = "Asia/Shanghai";
let f: Awaited<ReturnType<typeof seedTestOrg>>;
let keyId: string;
const entity = randomUUID();

const params = (q: Record<string, string> = {}) => parseListParams(auditListParams, q);

beforeAll(async () => {
  f = await seedTestOrg(db, `aud-${randomUUID().slice(0, 8)}`);
  const other = await seedTestOrg(db, `aud-o-${randomUUID().slice(0, 8)}`);
  const [key] = await db
    .insert(apiKeys)
    .values({ orgId: f.org.id, name: "POS 收银", role: "clerk", prefix: "ck_1234", keyHash: randomUUID(), createdBy: f.users.owner.id })
    .returning();
  keyId = key.id;
  const row = (v: Partial<typeof auditLogs.$inferInsert> & { at: string }) => ({
    orgId: f.org.id,
    action: "group.frozen",
    entityType: "code_group",
    entityId: entity,
    createdAt: new Date(v.at),
    ...v,
  });
  await db.insert(auditLogs).values([
    // 2026-11-10 23:30 and 2026-11-11 00:30 in Shanghai.
    row({ at: "2026-11-10T15:30:00Z", actorUserId: f.users.marketer.id, before: { status: "active" }, after: { status: "frozen", reason: "异常" } }),
    row({ at: "2026-11-10T16:30:00Z", actorUserId: f.users.marketer.id, action: "group.unfrozen", before: { status: "frozen" }, after: { status: "active" } }),
    row({ at: "2026-11-11T04:00:00Z", actorApiKeyId: keyId, action: "code.redeemed", entityType: "redemption", entityId: randomUUID(), after: { discount: 2000 } }),
    row({ at: "2026-11-11T05:00:00Z", action: "anomaly.fired", entityType: "anomaly_alert", entityId: randomUUID(), after: { observed: 57 } }),
    row({ at: "2026-11-12T01:00:00Z", actorUserId: f.users.reviewer.id, action: "campaign.approve", entityType: "campaign", entityId: randomUUID() }),
    row({ at: "2026-11-12T02:00:00Z", actorUserId: f.users.reviewer.id, action: "campaign.approved", entityType: "campaign", entityId: randomUUID() }),
  ]);
  await db.insert(auditLogs).values({ orgId: other.org.id, action: "group.frozen", entityType: "code_group", entityId: entity, actorUserId: other.users.owner.id });
});

describe("the audit log viewer", () => {
  it("lists the organisation's rows newest first, with actors resolved and changes readable", async () => {
    const { rows, total, capped } = await listAuditTable(f.org.id, params(), TZ);
    expect(total).toBe(6);
    expect(capped).toBe(false);
    expect(rows.map((r) => r.action)).toEqual(["campaign.approved", "campaign.approve", "anomaly.fired", "code.redeemed", "group.unfrozen", "group.frozen"]);
    expect(rows[2].actor).toEqual({ kind: "system", id: null, name: null, email: null });
    expect(rows[3].actor).toMatchObject({ kind: "apiKey", id: keyId, name: "POS 收银" });
    expect(rows[5].actor).toMatchObject({ kind: "user", id: f.users.marketer.id, email: f.users.marketer.email });
    // jsonb keeps its own key order.
    expect([...rows[5].changes].sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { field: "reason", before: null, after: "异常" },
      { field: "status", before: "active", after: "frozen" },
    ]);
  });

  it("filters by person (user, API key or system), action, object and local dates", async () => {
    const actions = async (q: Record<string, string>) => (await listAuditTable(f.org.id, params(q), TZ)).rows.map((r) => r.action);
    expect(await actions({ actor: `user:${f.users.marketer.id}` })).toEqual(["group.unfrozen", "group.frozen"]);
    expect(await actions({ actor: `key:${keyId}` })).toEqual(["code.redeemed"]);
    expect(await actions({ actor: "system" })).toEqual(["anomaly.fired"]);
    expect(await actions({ action: "campaign.approve,campaign.approved" })).toEqual(["campaign.approved", "campaign.approve"]);
    expect(await actions({ entity: "code_group", entityId: entity })).toEqual(["group.unfrozen", "group.frozen"]);
    // Local days: 11-11 in Shanghai starts at 00:00 (16:00 UTC the day before).
    expect(await actions({ from: "2026-11-11", to: "2026-11-11" })).toEqual(["anomaly.fired", "code.redeemed", "group.unfrozen"]);
    expect(await actions({ to: "2026-11-10" })).toEqual(["group.frozen"]);
    expect(await actions({ from: "2026-11-11", dir: "asc" })).toEqual(["group.unfrozen", "code.redeemed", "anomaly.fired", "campaign.approve", "campaign.approved"]);
    // Malformed filters are ignored, never an error.
    expect((await listAuditTable(f.org.id, params({ actor: "user:nope", action: "drop table" }), TZ)).total).toBe(6);
  });

  it("pages and iterates the same rows", async () => {
    const page2 = await listAuditTable(f.org.id, params({ pageSize: "20", page: "1" }), TZ);
    const all: string[] = [];
    for await (const batch of iterateAuditRows(f.org.id, params(), TZ, 4)) all.push(...batch.map((r) => r.id));
    expect(all).toEqual(page2.rows.map((r) => r.id));
  });

  it("exports the filtered rows as CSV, for reviewers and owners only, and audits the export", async () => {
    session.orgId = f.org.id;
    session.userId = f.users.reviewer.id;
    const res = await exportAudit(new Request(`http://localhost/audit/export?actor=user:${f.users.marketer.id}`));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const records: string[][] = parse(text.slice(1));
    expect(records[0]).toEqual(["时间", "操作人类型", "操作人", "操作", "操作代码", "对象类型", "对象 ID", "IP", "请求 ID", "之前（JSON）", "之后（JSON）"]);
    expect(records.slice(1).map((r) => [r[0], r[3], r[4], r[5]])).toEqual([
      ["2026-11-11 00:30:00", "解冻了包码组", "group.unfrozen", "包码组"],
      ["2026-11-10 23:30:00", "冻结了包码组", "group.frozen", "包码组"],
    ]);
    expect(JSON.parse(records[2][10])).toEqual({ status: "frozen", reason: "异常" });
    const [logged] = await db.select().from(auditLogs).where(and(eq(auditLogs.orgId, f.org.id), eq(auditLogs.action, "audit.exported")));
    expect(logged).toMatchObject({ actorUserId: f.users.reviewer.id, after: { actor: `user:${f.users.marketer.id}` } });

    session.userId = f.users.marketer.id;
    expect((await exportAudit(new Request("http://localhost/audit/export"))).status).toBe(403);
    session.userId = null;
    expect((await exportAudit(new Request("http://localhost/audit/export"))).status).toBe(401);
  });
});

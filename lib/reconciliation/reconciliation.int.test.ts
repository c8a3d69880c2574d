import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLogs, reconciliationChecks } from "@/db/schema";
import { seedCampaign, seedStore, seedTestOrg } from "@/db/seed/builders";
import { createApiKey } from "@/lib/api/keys";
import type { Actor } from "@/lib/auth/actor";
import { seedRedemption, seedReversal, sharedGroup } from "@/test/fixtures/activity";
import { entryColumns, entryRows, summaryColumns, summaryRows, tableCsvStream, tableXlsxStream, type Cell } from "./export";
import { exportLabels } from "./labels";
import { markStatementChecked } from "./mutations";
import { getScopeStatement, getStatement, iterateStatementEntries, statementEntries, type Statement } from "./queries";
import { netOf, periodOf, type StatementTotals } from "./rules";

// The console export route reads the session and the active organisation and language from cookies.
const session = vi.hoisted(() => ({ userId: null as string | null, orgId: null as string | null }));
vi.mock("@/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "localhost:3000" }),
  cookies: async () => ({
    get: (name: string) => (name === "coupon_org" && session.orgId ? { name, value: session.orgId } : name === "NEXT_LOCALE" ? { name, value: "zh-CN" } : undefined),
  }),
}));

const { GET: exportRoute } = await import("@/app/(console)/reconciliation/export/route");
const { GET: apiRoute } = await import("@/app/api/v1/reconciliation/route");

const TZ = "Asia/Shanghai";
const D = periodOf("day", "2026-11-11");
const NOW = new Date("2026-11-20T04:00:00Z");

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let reviewer: Actor;
const ids = {} as Record<"storeA" | "storeB" | "c1" | "c2" | "laterRedemption", string>;
let g1: Awaited<ReturnType<typeof sharedGroup>>;

const totals = (t: Partial<StatementTotals>): StatementTotals => ({
  redemptions: 0,
  reversals: 0,
  orderTotal: 0,
  discount: 0,
  storedValue: 0,
  reversedOrderTotal: 0,
  reversedDiscount: 0,
  reversedStoredValue: 0,
  ...t,
});

beforeAll(async () => {
  f = await seedTestOrg(db, `rec-${randomUUID().slice(0, 8)}`);
  reviewer = { orgId: f.org.id, role: "reviewer", userId: f.users.reviewer.id, apiKeyId: null };
  const orgId = f.org.id;
  const storeA = await seedStore(db, { orgId, name: "A 南京路店" });
  const storeB = await seedStore(db, { orgId, name: "B 徐家汇店" });
  const c1 = await seedCampaign(db, { orgId, name: "双十一满 100 减 20", validFrom: new Date("2026-10-01T00:00:00Z"), validUntil: new Date("2026-12-31T00:00:00Z") });
  const c2 = await seedCampaign(db, { orgId, name: "会员 9 折", validFrom: new Date("2026-10-01T00:00:00Z"), validUntil: new Date("2026-12-31T00:00:00Z") });
  Object.assign(ids, { storeA: storeA.id, storeB: storeB.id, c1: c1.id, c2: c2.id });
  g1 = await sharedGroup(db, { orgId, campaignId: c1.id, name: "小鹿直播" });
  const g2 = await sharedGroup(db, { orgId, campaignId: c2.id, name: "会员短信" });
  const clerk = f.users.clerk.id;

  // 23:30 on 11-10 in Shanghai: the day before D. Reversed on D at 09:00 → an adjustment on D.
  const eve = await seedRedemption(db, g1, { storeId: storeA.id, at: new Date("2026-11-10T15:30:00Z"), orderAmount: 15000, discount: 2500, clerkUserId: clerk });
  // 00:10 on D (still 11-10 in UTC).
  await seedRedemption(db, g1, { storeId: storeA.id, at: new Date("2026-11-10T16:10:00Z"), orderAmount: 12000, discount: 2000, clerkUserId: clerk });
  // Noon on D; reversed on 11-13 → never changes D.
  const noon = await seedRedemption(db, g2, { storeId: storeA.id, at: new Date("2026-11-11T04:00:00Z"), orderAmount: 10050, discount: 1005 });
  // 23:59:59 on D, and 00:00 on 11-12.
  await seedRedemption(db, g1, { storeId: storeB.id, at: new Date("2026-11-11T15:59:59Z"), orderAmount: 30001, discount: 3333 });
  await seedRedemption(db, g1, { storeId: storeB.id, at: new Date("2026-11-11T16:00:00Z"), orderAmount: 9999, discount: 1 });
  await seedReversal(db, { orgId, redemptionId: eve.id, at: new Date("2026-11-11T01:00:00Z"), reason: "顾客退单", byUserId: f.users.reviewer.id });
  ids.laterRedemption = noon.id;

  // Another organisation's activity on D never shows.
  const other = await seedTestOrg(db, `rec-o-${randomUUID().slice(0, 8)}`);
  const otherStore = await seedStore(db, { orgId: other.org.id, name: "A 南京路店" });
  const otherGroup = await sharedGroup(db, { orgId: other.org.id, campaignId: (await seedCampaign(db, { orgId: other.org.id })).id });
  await seedRedemption(db, otherGroup, { storeId: otherStore.id, at: new Date("2026-11-11T04:00:00Z"), orderAmount: 777, discount: 7 });
});

const D_STORE_A = totals({ redemptions: 2, reversals: 1, orderTotal: 22050, discount: 3005, reversedOrderTotal: 15000, reversedDiscount: 2500 });
const D_STORE_B = totals({ redemptions: 1, orderTotal: 30001, discount: 3333 });
const D_ORG = totals({ redemptions: 3, reversals: 1, orderTotal: 52051, discount: 6338, reversedOrderTotal: 15000, reversedDiscount: 2500 });

const rowOf = (s: Statement, id: string) => s.rows.find((r) => r.scopeId === id);

describe("statements", () => {
  it("count a local day's redemptions and the day's reversals, per store and per campaign", async () => {
    const byStore = await getStatement(f.org.id, { period: D, by: "store", timeZone: TZ, now: NOW });
    expect(byStore.closed).toBe(true);
    expect(rowOf(byStore, ids.storeA)?.totals).toEqual(D_STORE_A);
    expect(rowOf(byStore, ids.storeB)?.totals).toEqual(D_STORE_B);
    expect(byStore.totals).toEqual(D_ORG);
    expect(netOf(byStore.totals)).toEqual({ netCount: 2, netOrderTotal: 37051, netDiscount: 3838, netStoredValue: 0 });

    const byCampaign = await getStatement(f.org.id, { period: D, by: "campaign", timeZone: TZ, now: NOW });
    expect(rowOf(byCampaign, ids.c1)?.totals).toEqual(
      totals({ redemptions: 2, reversals: 1, orderTotal: 42001, discount: 5333, reversedOrderTotal: 15000, reversedDiscount: 2500 }),
    );
    expect(rowOf(byCampaign, ids.c2)?.totals).toEqual(totals({ redemptions: 1, orderTotal: 10050, discount: 1005 }));
    expect(byCampaign.totals).toEqual(D_ORG);
  });

  it("are reproducible: a later reversal of D's redemption shows on its own day and leaves D as it was", async () => {
    const before = await getStatement(f.org.id, { period: D, by: "store", timeZone: TZ, now: NOW });
    await seedReversal(db, { orgId: f.org.id, redemptionId: ids.laterRedemption, at: new Date("2026-11-13T02:00:00Z") });
    const after = await getStatement(f.org.id, { period: D, by: "store", timeZone: TZ, now: NOW });
    expect(after.totals).toEqual(before.totals);
    expect(after.rows.map((r) => r.totals)).toEqual(before.rows.map((r) => r.totals));

    const day13 = await getScopeStatement(f.org.id, { period: periodOf("day", "2026-11-13"), scope: { type: "store", id: ids.storeA }, timeZone: TZ, now: NOW });
    expect(day13.totals).toEqual(totals({ reversals: 1, reversedOrderTotal: 10050, reversedDiscount: 1005 }));
    expect(netOf(day13.totals)).toEqual({ netCount: -1, netOrderTotal: -10050, netDiscount: -1005, netStoredValue: 0 });

    // The Monday–Sunday week holds all of it once.
    const week = await getStatement(f.org.id, { period: periodOf("week", "2026-11-11"), by: "store", timeZone: TZ, now: NOW });
    expect(week.totals).toEqual(
      totals({ redemptions: 5, reversals: 2, orderTotal: 77050, discount: 8839, reversedOrderTotal: 25050, reversedDiscount: 3505 }),
    );
  });

  it("follow the organisation's time zone", async () => {
    const utc = await getStatement(f.org.id, { period: D, by: "store", timeZone: "UTC", now: NOW });
    // In UTC the 00:10 redemption is on 11-10 and the 00:00 one of 11-12 is on D.
    expect(utc.totals.redemptions).toBe(3);
    expect(utc.totals.orderTotal).toBe(10050 + 30001 + 9999);
  });

  it("list their lines: redemptions, and reversals with negative amounts and the original day", async () => {
    const scope = { type: "store", id: ids.storeA } as const;
    const { rows, total } = await statementEntries(f.org.id, { period: D, scope, timeZone: TZ, limit: 50, offset: 0 });
    expect(total).toBe(3);
    expect(rows.map((r) => [r.kind, r.orderAmount, r.discount])).toEqual([
      ["redemption", 12000, 2000],
      ["reversal", -15000, -2500],
      ["redemption", 10050, 1005],
    ]);
    expect(rows[1]).toMatchObject({ reason: "顾客退单", actor: f.users.reviewer.name, redeemedAt: new Date("2026-11-10T15:30:00Z"), storeName: "A 南京路店" });
    expect(rows[0]).toMatchObject({ actor: f.users.clerk.name, code: g1.code, groupName: "小鹿直播", campaignName: "双十一满 100 减 20" });
    const reversalsOnly = await statementEntries(f.org.id, { period: D, scope, timeZone: TZ, kind: "reversal", limit: 50, offset: 0 });
    expect(reversalsOnly.total).toBe(1);
    const sum = rows.reduce((a, r) => ({ order: a.order + r.orderAmount, discount: a.discount + r.discount }), { order: 0, discount: 0 });
    expect(sum).toEqual({ order: netOf(D_STORE_A).netOrderTotal, discount: netOf(D_STORE_A).netDiscount });
  });
});

/** The bytes as text, keeping a byte-order mark (Response.text() would drop it). */
async function text(stream: ReadableStream<Uint8Array>) {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}
async function bytes(stream: ReadableStream<Uint8Array>) {
  return Buffer.from(await new Response(stream).arrayBuffer());
}
/** "1,234.50" / "-20.00" → fen, by string (never through a float). */
const fen = (yuan: string) => {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(yuan);
  if (!m) throw new Error(`not yuan: ${yuan}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};
const summaryFigures = (t: StatementTotals) => {
  const n = netOf(t);
  return [
    t.redemptions,
    t.reversals,
    n.netCount,
    t.orderTotal,
    t.discount,
    t.storedValue,
    t.reversedOrderTotal,
    t.reversedDiscount,
    t.reversedStoredValue,
    n.netOrderTotal,
    n.netDiscount,
    n.netStoredValue,
  ];
};

describe("exports match the screen to the fen", () => {
  it("the summary as CSV and XLSX carries every row and the total of getStatement", async () => {
    const stmt = await getStatement(f.org.id, { period: D, by: "store", timeZone: TZ, now: NOW });
    const labels = await exportLabels("zh-CN");
    const columns = summaryColumns(labels.summary("store"));
    const source = () => summaryRows(stmt.rows, stmt.totals, labels.summary("store").total);

    const csv = await text(tableCsvStream(columns, source(), TZ));
    expect(csv.startsWith("\uFEFF门店,核销笔数")).toBe(true);
    const records: string[][] = parse(csv.slice(1));
    expect(records).toHaveLength(1 + stmt.rows.length + 1);
    const parsed = (r: string[]) => [Number(r[1]), Number(r[2]), Number(r[3]), ...r.slice(4).map(fen)];
    expect(records.at(-1)![0]).toBe("合计");
    expect(parsed(records.at(-1)!)).toEqual(summaryFigures(stmt.totals));
    for (const row of stmt.rows) expect(parsed(records.find((r) => r[0] === row.name)!)).toEqual(summaryFigures(row.totals));

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await bytes(tableXlsxStream(columns, source(), { timeZone: TZ, sheetName: D.start }))) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.rowCount).toBe(records.length);
    const values = (i: number) => (sheet.getRow(i).values as Cell[]).slice(1);
    const xlsxFigures = (v: Cell[]) => [...v.slice(1, 4).map(Number), ...v.slice(4).map((x) => Math.round(Number(x) * 100))];
    expect(values(sheet.rowCount)[0]).toBe("合计");
    expect(xlsxFigures(values(sheet.rowCount))).toEqual(summaryFigures(stmt.totals));
    expect(sheet.getRow(sheet.rowCount).getCell(5).numFmt).toBe("#,##0.00");
  });

  it("the lines as CSV and XLSX add up to the scope's net totals", async () => {
    const scope = { type: "store", id: ids.storeA } as const;
    const stmt = await getScopeStatement(f.org.id, { period: D, scope, timeZone: TZ, now: NOW });
    const labels = (await exportLabels("en")).entries;
    const source = () => entryRows(iterateStatementEntries(f.org.id, { period: D, scope, timeZone: TZ }, 2), labels);
    const net = netOf(stmt.totals);

    const records: string[][] = parse((await text(tableCsvStream(entryColumns(labels), source(), TZ))).slice(1));
    const lines = records.slice(1, -1);
    expect(lines.map((r) => r[1])).toEqual(["Redemption", "Reversal", "Redemption"]);
    expect(lines[0][0]).toBe("2026-11-11 00:10:00");
    expect(lines[1][11]).toBe("2026-11-10 23:30:00");
    const total = records.at(-1)!;
    expect(total[0]).toBe("Total: 2 redemptions, 1 reversals");
    expect([fen(total[6]), fen(total[7]), fen(total[8])]).toEqual([net.netOrderTotal, net.netDiscount, net.netStoredValue]);
    expect(lines.reduce((a, r) => a + fen(r[6]), 0)).toBe(net.netOrderTotal);
    expect(lines.reduce((a, r) => a + fen(r[7]), 0)).toBe(net.netDiscount);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await bytes(tableXlsxStream(entryColumns(labels), source(), { timeZone: TZ, sheetName: "lines" }))) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const last = sheet.getRow(sheet.rowCount);
    expect([Math.round(Number(last.getCell(7).value) * 100), Math.round(Number(last.getCell(8).value) * 100)]).toEqual([net.netOrderTotal, net.netDiscount]);
    // Times are the wall clock in the organisation's zone.
    expect((sheet.getRow(2).getCell(1).value as Date).toISOString()).toBe("2026-11-11T00:10:00.000Z");
  });
});

describe("stored-value cards", () => {
  it("count what the cards paid apart from discount: totals, lines, files, and checks saved before the split", async () => {
    const o = await seedTestOrg(db, `rec-sv-${randomUUID().slice(0, 8)}`);
    const orgId = o.org.id;
    const store = await seedStore(db, { orgId, name: "储值门店" });
    const window = { validFrom: new Date("2026-10-01T00:00:00Z"), validUntil: new Date("2026-12-31T00:00:00Z") };
    const off = await sharedGroup(db, { orgId, campaignId: (await seedCampaign(db, { orgId, name: "满 100 减 20", ...window })).id });
    const cardCampaign = await seedCampaign(db, { orgId, name: "充 500 送 100", type: "stored_value", value: null, minSpend: 0, initialBalance: 60_000, ...window });
    const card = await sharedGroup(db, { orgId, campaignId: cardCampaign.id });
    await seedRedemption(db, off, { storeId: store.id, at: new Date("2026-11-11T02:00:00Z"), orderAmount: 10_000, discount: 2_000 });
    await seedRedemption(db, card, { storeId: store.id, at: new Date("2026-11-11T03:00:00Z"), orderAmount: 30_000, discount: 25_000 });
    const refunded = await seedRedemption(db, card, { storeId: store.id, at: new Date("2026-11-10T03:00:00Z"), orderAmount: 8_000, discount: 8_000 });
    await seedReversal(db, { orgId, redemptionId: refunded.id, at: new Date("2026-11-11T05:00:00Z"), reason: "退货" });

    const expected = totals({
      redemptions: 2,
      reversals: 1,
      orderTotal: 40_000,
      discount: 2_000,
      storedValue: 25_000,
      reversedOrderTotal: 8_000,
      reversedStoredValue: 8_000,
    });
    const stmt = await getStatement(orgId, { period: D, by: "campaign", timeZone: TZ, now: NOW });
    expect(stmt.totals).toEqual(expected);
    expect(netOf(stmt.totals)).toEqual({ netCount: 1, netOrderTotal: 32_000, netDiscount: 2_000, netStoredValue: 17_000 });
    expect(rowOf(stmt, cardCampaign.id)?.totals).toEqual(totals({ redemptions: 1, reversals: 1, orderTotal: 30_000, storedValue: 25_000, reversedOrderTotal: 8_000, reversedStoredValue: 8_000 }));

    const scope = { type: "org" } as const;
    const { rows } = await statementEntries(orgId, { period: D, scope, timeZone: TZ, limit: 50, offset: 0 });
    expect(rows.map((r) => [r.kind, r.orderAmount, r.discount, r.storedValue])).toEqual([
      ["redemption", 10_000, 2_000, 0],
      ["redemption", 30_000, 0, 25_000],
      ["reversal", -8_000, 0, -8_000],
    ]);
    const labels = (await exportLabels("zh-CN")).entries;
    const records: string[][] = parse((await text(tableCsvStream(entryColumns(labels), entryRows(iterateStatementEntries(orgId, { period: D, scope, timeZone: TZ }), labels), TZ))).slice(1));
    expect(records[0].slice(6, 9)).toEqual(["订单金额（元）", "优惠金额（元）", "储值支付（元）"]);
    expect(records.at(-1)!.slice(6, 9).map(fen)).toEqual([32_000, 2_000, 17_000]);

    // A check saved before the split holds discount + stored value under `discount`: still unchanged.
    const { storedValue, reversedStoredValue, ...legacy } = expected;
    await db.insert(reconciliationChecks).values({
      orgId,
      periodKind: "day",
      periodStart: D.start,
      scopeType: "org",
      scopeId: orgId,
      totals: { ...legacy, discount: legacy.discount + storedValue, reversedDiscount: legacy.reversedDiscount + reversedStoredValue },
      checkedAt: new Date("2026-11-12T02:00:00Z"),
    });
    const checked = await getScopeStatement(orgId, { period: D, scope, timeZone: TZ, now: NOW });
    expect(checked.check?.changed).toEqual([]);
  });
});

describe("checking a statement", () => {
  it("records who and when with the totals, is audited, and shows when later rows change the period", async () => {
    const scope = { type: "store", id: ids.storeA } as const;
    const checkedAt = new Date("2026-11-12T02:00:00Z");
    await markStatementChecked(reviewer, { period: D, scope, note: "与 POS 日结一致", now: checkedAt });
    const stmt = await getStatement(f.org.id, { period: D, by: "store", timeZone: TZ, now: NOW });
    expect(rowOf(stmt, ids.storeA)?.check).toEqual({
      checkedAt,
      checkedBy: f.users.reviewer.name,
      note: "与 POS 日结一致",
      totals: D_STORE_A,
      changed: [],
    });
    expect(rowOf(stmt, ids.storeB)?.check).toBeNull();
    expect(stmt.orgCheck).toBeNull();

    // A redemption recorded late with a time on D (an offline till syncing): the check no longer matches.
    const late = await seedRedemption(db, g1, { storeId: ids.storeA, at: new Date("2026-11-11T06:00:00Z"), orderAmount: 5000, discount: 500 });
    const changed = await getScopeStatement(f.org.id, { period: D, scope, timeZone: TZ, now: NOW });
    expect(changed.check?.changed).toEqual(["redemptions", "orderTotal", "discount"]);
    expect(changed.check?.totals).toEqual(D_STORE_A);

    // Checked again: the mark holds the new totals; the audit log keeps both.
    await markStatementChecked(reviewer, { period: D, scope, now: NOW });
    const again = await getScopeStatement(f.org.id, { period: D, scope, timeZone: TZ, now: NOW });
    expect(again.check?.changed).toEqual([]);
    expect(again.check?.totals.redemptions).toBe(3);
    const audits = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, f.org.id), eq(auditLogs.action, "reconciliation.checked")))
      .orderBy(auditLogs.createdAt);
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ actorUserId: f.users.reviewer.id, entityType: "reconciliation_statement", entityId: `day:2026-11-11:store:${ids.storeA}`, before: null });
    expect(audits[1]).toMatchObject({ before: { totals: D_STORE_A }, after: { totals: { redemptions: 3 } } });
    expect(late.id).toBeTruthy();
  });

  it("checks the organisation-wide statement and weeks separately", async () => {
    await markStatementChecked(reviewer, { period: D, scope: { type: "org" }, now: NOW });
    await markStatementChecked(reviewer, { period: periodOf("week", D.start), scope: { type: "org" }, now: NOW });
    const day = await getStatement(f.org.id, { period: D, by: "campaign", timeZone: TZ, now: NOW });
    expect(day.orgCheck).toMatchObject({ changed: [], totals: day.totals });
    expect(day.rows.every((r) => r.check === null)).toBe(true);
  });

  it("refuses open periods, other roles and other organisations' stores", async () => {
    const today = periodOf("day", "2026-11-20");
    await expect(markStatementChecked(reviewer, { period: today, scope: { type: "org" }, now: NOW })).rejects.toMatchObject({ code: "invalid_state" });
    await expect(markStatementChecked(reviewer, { period: periodOf("week", "2026-11-20"), scope: { type: "org" }, now: NOW })).rejects.toMatchObject({ code: "invalid_state" });
    for (const role of ["clerk", "marketer", "influencer"] as const) {
      await expect(markStatementChecked({ ...reviewer, role }, { period: D, scope: { type: "org" }, now: NOW })).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(markStatementChecked({ ...reviewer, role: "owner", userId: f.users.owner.id }, { period: D, scope: { type: "store", id: ids.storeB }, now: NOW })).resolves.toBeTruthy();
    const other = await seedTestOrg(db, `rec-x-${randomUUID().slice(0, 8)}`);
    const foreign: Actor = { orgId: other.org.id, role: "reviewer", userId: other.users.reviewer.id, apiKeyId: null };
    await expect(markStatementChecked(foreign, { period: D, scope: { type: "store", id: ids.storeA }, now: NOW })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("the export route and the API", () => {
  it("serve the page's figures: CSV summary and lines, XLSX, and JSON for a finance system", async () => {
    session.orgId = f.org.id;
    session.userId = f.users.reviewer.id;
    const stmt = await getStatement(f.org.id, { period: D, by: "campaign", timeZone: TZ, now: NOW });

    const res = await exportRoute(new Request(`http://localhost/reconciliation/export?period=day&date=${D.start}&by=campaign&format=csv`));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("filename*=UTF-8''");
    const records: string[][] = parse((await text(res.body!)).slice(1));
    expect(records[0][0]).toBe("活动");
    expect(records.at(-1)!.slice(1, 4).map(Number)).toEqual([stmt.totals.redemptions, stmt.totals.reversals, netOf(stmt.totals).netCount]);
    expect(fen(records.at(-1)![11])).toBe(netOf(stmt.totals).netDiscount);

    const lines = await exportRoute(new Request(`http://localhost/reconciliation/export?period=day&date=${D.start}&scope=store:${ids.storeA}&format=xlsx`));
    expect(lines.headers.get("content-type")).toContain("spreadsheetml");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await bytes(lines.body!)) as unknown as ArrayBuffer);
    expect(book.worksheets[0].rowCount).toBeGreaterThan(2);
    // Another organisation's store is not found; a marketer may not read statements.
    const foreign = await exportRoute(new Request(`http://localhost/reconciliation/export?period=day&date=${D.start}&scope=store:${randomUUID()}`));
    expect(foreign.status).toBe(404);
    session.userId = f.users.marketer.id;
    expect((await exportRoute(new Request(`http://localhost/reconciliation/export?period=day&date=${D.start}`))).status).toBe(403);
    // A person who opened the link in a browser gets the console's "no access" page, not problem JSON.
    const inBrowser = await exportRoute(new Request(`http://localhost/reconciliation/export?period=day&date=${D.start}`, { headers: { accept: "text/html,*/*" } }));
    expect([inBrowser.status, inBrowser.headers.get("location")]).toEqual([303, "/denied?kind=forbidden"]);
    session.userId = null;
    const signedOut = await exportRoute(new Request(`http://localhost/reconciliation/export?period=day`, { headers: { accept: "text/html" } }));
    expect([signedOut.status, signedOut.headers.get("location")]).toEqual([303, "/login?next=%2Freconciliation%2Fexport%3Fperiod%3Dday"]);
    session.userId = f.users.marketer.id;

    const owner: Actor = { orgId: f.org.id, role: "owner", userId: f.users.owner.id, apiKeyId: null };
    const key = (await createApiKey(owner, { name: "财务系统", role: "reviewer" })).secret;
    const api = await apiRoute(
      new Request(`http://localhost/api/v1/reconciliation?period=day&date=${D.start}&by=campaign`, { headers: { authorization: `Bearer ${key}` } }),
    );
    expect(api.status).toBe(200);
    const body = await api.json();
    expect(body.period).toEqual({ kind: "day", start: D.start, end: D.start, from: "2026-11-10T16:00:00.000Z", until: "2026-11-11T16:00:00.000Z" });
    expect(body.totals).toEqual({ ...stmt.totals, ...netOf(stmt.totals) });
    expect(body.rows.find((r: { id: string }) => r.id === ids.c2).totals.orderTotal).toBe(10050);
    expect(body.check).toMatchObject({ checkedBy: f.users.reviewer.name, changedSinceCheck: false });
    const bad = await apiRoute(new Request("http://localhost/api/v1/reconciliation?date=2026-02-30", { headers: { authorization: `Bearer ${key}` } }));
    expect(bad.status).toBe(400);
    const clerkKey = (await createApiKey(owner, { name: "Till", role: "clerk", storeIds: [ids.storeA] })).secret;
    expect((await apiRoute(new Request("http://localhost/api/v1/reconciliation", { headers: { authorization: `Bearer ${clerkKey}` } }))).status).toBe(403);
  });
});

import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { createTranslator } from "next-intl";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { consumers } from "@/db/schema";
import { seedCampaign, seedInfluencer, seedStore, seedTestOrg } from "@/db/seed/builders";
import { writeAudit } from "@/lib/audit/log";
import { loadMessages } from "@/i18n/messages";
import { insertClaim, insertRedemption, insertReversal, sharedTestGroup } from "@/test/analytics";

// CSV/formula injection: a name or reason a person typed that starts like a formula must open in a
// spreadsheet as text, in every export — analytics tables, statements and their lines, the audit log.

const session = vi.hoisted(() => ({ userId: null as string | null, orgId: null as string | null }));
vi.mock("@/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "localhost:3000" }),
  cookies: async () => ({
    get: (name: string) => (name === "coupon_org" && session.orgId ? { name, value: session.orgId } : name === "NEXT_LOCALE" ? { name, value: "zh-CN" } : undefined),
  }),
}));
vi.mock("next-intl/server", async () => {
  const messages = await loadMessages("zh-CN");
  return { getTranslations: async (namespace?: string) => createTranslator({ locale: "zh-CN", messages, namespace: namespace as never }) };
});

const { GET: analyticsExport } = await import("@/app/(console)/analytics/export/route");
const { GET: statementExport } = await import("@/app/(console)/reconciliation/export/route");
const { GET: auditExport } = await import("@/app/(console)/audit/export/route");

const EVIL = '=HYPERLINK("http://x","y")';
const AT = new Date(Date.now() - 3_600_000);
const DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(AT);
let f: Awaited<ReturnType<typeof seedTestOrg>>;
let storeId: string;

beforeAll(async () => {
  f = await seedTestOrg(db, `fx-${randomUUID().slice(0, 8)}`);
  const orgId = f.org.id;
  storeId = (await seedStore(db, { orgId, name: `+${EVIL}` })).id;
  const influencer = await seedInfluencer(db, { orgId, displayName: EVIL, platform: "douyin", handle: "evil" });
  const campaign = await seedCampaign(db, { orgId, name: `@SUM(1+1)` });
  const group = await sharedTestGroup(db, { orgId, campaignId: campaign.id, influencerId: influencer.id, name: `-${EVIL}` });
  const [consumer] = await db.insert(consumers).values({ orgId, phone: "+8613900000001" }).returning();
  await insertClaim(db, group, consumer.id, AT);
  const id = await insertRedemption(db, group, { storeId, consumerId: consumer.id, at: AT, claimedAt: AT, orderAmount: 12000, discount: 2000 });
  await insertRedemption(db, group, { storeId, consumerId: consumer.id, at: AT, claimedAt: AT, orderAmount: 12000, discount: 2000 });
  await insertReversal(db, { orgId, redemptionId: id, at: AT, reason: "\t=1+1 顾客退单" });
  await writeAudit(db, { orgId, actorUserId: f.users.owner.id, action: "store.updated", entityType: "store", entityId: EVIL, after: { name: EVIL } });
});

const FORMULA = /^[=+\-@\t\r]/;

/** Every cell of a CSV answer (BOM dropped). */
async function csvCells(res: Response): Promise<string[]> {
  expect(res.status).toBe(200);
  const rows: string[][] = parse((await res.text()).replace(/^\uFEFF/, ""), { relax_column_count: true });
  return rows.flat();
}

async function xlsxCells(res: Response): Promise<string[]> {
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
  const out: string[] = [];
  book.worksheets[0].eachRow((row) => row.eachCell((cell) => out.push(typeof cell.value === "string" ? cell.value : String(cell.value))));
  return out;
}

/** The cells an attacker wrote are all there, each neutralised (a leading '), and no cell is a formula. */
function expectNeutralised(cells: string[], ...expected: string[]) {
  for (const text of expected) expect(cells, text).toContain(`'${text}`);
  expect(cells.filter((c) => FORMULA.test(c) && !/^[+-]?\d+(\.\d+)?%?$/.test(c))).toEqual([]);
}

describe("exports neutralise formulas", () => {
  it("in the analytics influencer and store tables", async () => {
    session.orgId = f.org.id;
    session.userId = f.users.marketer.id;
    const q = `from=${DAY}&to=${DAY}`;
    expectNeutralised(await csvCells(await analyticsExport(new Request(`http://localhost/analytics/export?table=influencers&${q}`))), EVIL);
    expectNeutralised(await csvCells(await analyticsExport(new Request(`http://localhost/analytics/export?table=stores&${q}`))), `+${EVIL}`);
  });

  it("in statements and their lines, CSV and XLSX", async () => {
    session.orgId = f.org.id;
    session.userId = f.users.reviewer.id;
    const base = `http://localhost/reconciliation/export?period=day&date=${DAY}`;
    expectNeutralised(await csvCells(await statementExport(new Request(`${base}&by=store&format=csv`))), `+${EVIL}`);
    expectNeutralised(await xlsxCells(await statementExport(new Request(`${base}&by=campaign&format=xlsx`))), "@SUM(1+1)");
    const lines = [`${base}&scope=store:${storeId}&format=csv`, `${base}&scope=store:${storeId}&format=xlsx`];
    expectNeutralised(await csvCells(await statementExport(new Request(lines[0]))), "\t=1+1 顾客退单", `-${EVIL}`, "@SUM(1+1)");
    expectNeutralised(await xlsxCells(await statementExport(new Request(lines[1]))), "\t=1+1 顾客退单", `-${EVIL}`);
  });

  it("in the audit log", async () => {
    session.orgId = f.org.id;
    session.userId = f.users.reviewer.id;
    expectNeutralised(await csvCells(await auditExport(new Request(`http://localhost/audit/export?entityId=${encodeURIComponent(EVIL)}`))), EVIL);
  });
});

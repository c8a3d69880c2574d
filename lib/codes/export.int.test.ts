import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { codes } from "@/db/schema";
import { seedCampaign, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { codesCsvStream, codesXlsxStream, EXPORT_COLUMNS } from "./export";
import { createGroup } from "./groups";
import { iterateCodes } from "./queries";
import { createGroupSchema } from "./schemas";

const N = 30_000;
let f: Awaited<ReturnType<typeof seedTestOrg>>;
let groupId: string;

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  f = await seedTestOrg(db, `exp-${randomUUID().slice(0, 8)}`);
  const campaign = await seedCampaign(db, { orgId: f.org.id });
  const actor: Actor = { orgId: f.org.id, role: "marketer", userId: f.users.marketer.id, apiKeyId: null };
  const group = await createGroup(actor, campaign.id, createGroupSchema.parse({ name: "export", mode: "unique", quantity: N, prefix: "EX" }));
  groupId = group.id;
  // a few codes with times and other statuses, so every column carries something
  const now = new Date("2026-11-11T12:05:00Z");
  await db.update(codes).set({ status: "claimed", claimedAt: now, expiresAt: new Date("2099-01-01T00:00:00Z") }).where(and(eq(codes.groupId, groupId), eq(codes.seq, 1)));
  await db.update(codes).set({ status: "void" }).where(and(eq(codes.groupId, groupId), eq(codes.seq, 2)));
}, 120_000);

describe("code exports", () => {
  it("streams a 30,000-code group as CSV: a header and every code exactly once", async () => {
    const csv = (await readAll(codesCsvStream(iterateCodes(f.org.id, groupId)))).toString("utf8");
    const rows = parse(csv) as string[][];
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    const body = rows.slice(1);
    expect(body).toHaveLength(N);
    expect(new Set(body.map((r) => r[0])).size).toBe(N);
    expect(body.every((r) => r[0].startsWith("EX") && r.length === EXPORT_COLUMNS.length)).toBe(true);
    expect(body[0]).toEqual([expect.any(String), "claimed", "2026-11-11T12:05:00.000Z", "", "2099-01-01T00:00:00.000Z"]);
    expect(body[1][1]).toBe("void");
    expect(body[2][1]).toBe("available");
  }, 120_000);

  it("pulls from the database only as fast as the client reads", async () => {
    let batches = 0;
    async function* counted() {
      for await (const b of iterateCodes(f.org.id, groupId, 1000)) {
        batches++;
        yield b;
      }
    }
    const reader = codesCsvStream(counted()).getReader();
    await reader.read(); // header
    await reader.read(); // first batch
    await new Promise((r) => setTimeout(r, 50));
    // read ahead by at most one batch, not the whole group
    expect(batches).toBeLessThanOrEqual(2);
    await reader.cancel();
  });

  it("streams the same group as XLSX that Excel readers parse back with every row", async () => {
    const xlsx = await readAll(codesXlsxStream(iterateCodes(f.org.id, groupId), { timeZone: "Asia/Shanghai", sheetName: "export" }));
    expect([...xlsx.subarray(0, 2)]).toEqual([0x50, 0x4b]); // a zip
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.name).toBe("export");
    expect(sheet.rowCount).toBe(N + 1);
    expect(sheet.getRow(1).values).toEqual([undefined, ...EXPORT_COLUMNS]);
    const seen = new Set<string>();
    sheet.eachRow((row, n) => {
      if (n > 1) seen.add(String(row.getCell(1).value));
    });
    expect(seen.size).toBe(N);
    // times are shown as the organisation's wall clock: 12:05 UTC is 20:05 in Shanghai
    const claimed = sheet.getRow(2).getCell(3).value as Date;
    expect(claimed.toISOString()).toBe("2026-11-11T20:05:00.000Z");
    expect(sheet.getRow(2).getCell(2).value).toBe("claimed");
  }, 120_000);
});

import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { codesCsvStream, contentDisposition, exportFilename, sheetSink, wallClock, type ExportCode } from "./export";

const code = (i: number, over: Partial<ExportCode> = {}): ExportCode => ({ code: `C${i}`, status: "available", claimedAt: null, redeemedAt: null, expiresAt: null, ...over });

async function* batches(sizes: number[]) {
  let i = 0;
  for (const n of sizes) yield Array.from({ length: n }, () => code(++i));
}

describe("codesCsvStream", () => {
  it("writes a header and one line per code, quoting what needs it", async () => {
    async function* odd() {
      yield [code(1, { claimedAt: new Date("2026-11-11T12:05:00Z") }), { ...code(2), code: 'A,"B' }];
    }
    const text = await new Response(codesCsvStream(odd())).text();
    expect(text).toBe('code,status,claimedAt,redeemedAt,expiresAt\nC1,available,2026-11-11T12:05:00.000Z,,\n"A,""B",available,,,\n');
  });

  it("writes a person's file in the console's words and the organisation's clock, with a BOM for Excel", async () => {
    async function* one() {
      yield [code(1, { status: "claimed", claimedAt: new Date("2026-11-11T12:05:00Z") })];
    }
    const labels = { headers: ["券码", "状态", "领取时间", "核销时间", "过期时间"] as const, statuses: { claimed: "已领取" } };
    const bytes = new Uint8Array(await new Response(codesCsvStream(one(), { labels, timeZone: "Asia/Shanghai" })).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split("\n")[0]).toBe("券码,状态,领取时间,核销时间,过期时间");
    expect(text.split("\n")[1]).toMatch(/^C1,已领取,2026-11-11 20:05/);
  });

  it("reads batches only as the client reads", async () => {
    let pulled = 0;
    async function* counted() {
      for await (const b of batches([10, 10, 10, 10, 10])) {
        pulled++;
        yield b;
      }
    }
    const reader = codesCsvStream(counted()).getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 20));
    expect(pulled).toBeLessThanOrEqual(1);
    await reader.cancel();
  });
});

describe("xlsx internals", () => {
  it("finds the compressor's input stream of an exceljs worksheet (the writer waits on it)", () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough() });
    const ws = wb.addWorksheet("codes");
    ws.addRow(["x"]).commit();
    expect(sheetSink(ws)).not.toBeNull();
  });
});

describe("export helpers", () => {
  it("shows times as the organisation's wall clock", () => {
    expect(wallClock(new Date("2026-11-11T16:30:00Z"), "Asia/Shanghai").toISOString()).toBe("2026-11-12T00:30:00.000Z");
    expect(wallClock(new Date("2026-07-01T12:00:00Z"), "Europe/Berlin").toISOString()).toBe("2026-07-01T14:00:00.000Z");
  });

  it("names files by slug and local day, with an ASCII fallback for other names", () => {
    expect(exportFilename("demo-live", "xlsx", new Date("2026-11-11T17:00:00Z"), "Asia/Shanghai")).toBe("codes-demo-live-20261112.xlsx");
    expect(contentDisposition("codes-a.csv")).toBe(`attachment; filename="codes-a.csv"; filename*=UTF-8''codes-a.csv`);
    expect(contentDisposition('小鹿"x".csv')).toBe(`attachment; filename="___x_.csv"; filename*=UTF-8''${encodeURIComponent('小鹿"x".csv')}`);
  });
});

import { PassThrough } from "node:stream";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { sheetSink, wallClock } from "@/lib/codes/export";
import type { StatementEntry } from "./queries";
import { fenToYuan, netOf, type StatementTotals } from "./rules";

// Statement exports. One table description (columns + rows of raw values: counts, fen, instants) is
// written either as CSV or as XLSX, so both files carry exactly the figures the screen shows: the
// rows come from the same query functions (lib/reconciliation/queries.ts) as the page.

export type CellKind = "text" | "count" | "money" | "time";
export type ExportColumn = { header: string; kind: CellKind; width?: number };
/** A cell's raw value: money in fen, times as instants (written in the organisation's zone). */
export type Cell = string | number | Date | null;

export type StatementFormat = "csv" | "xlsx";
export const STATEMENT_CONTENT_TYPES: Record<StatementFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** "2026-11-11 20:05:03", the wall clock in `timeZone`. */
export function localTime(d: Date, timeZone: string): string {
  return wallClock(d, timeZone).toISOString().slice(0, 19).replace("T", " ");
}

function csvCell(value: Cell, kind: CellKind, timeZone: string): string {
  if (value === null || value === "") return "";
  if (kind === "money" && typeof value === "number") return fenToYuan(value);
  if (value instanceof Date) return localTime(value, timeZone);
  return String(value);
}

function xlsxCell(value: Cell, kind: CellKind, timeZone: string): string | number | Date | null {
  if (value === null || value === "") return null;
  // Fen → yuan as a number for sums in the spreadsheet; shown with two decimals, so it reads to the fen.
  if (kind === "money" && typeof value === "number") return value / 100;
  if (value instanceof Date) return wallClock(value, timeZone);
  return value;
}

/**
 * A table as a CSV byte stream: a UTF-8 byte-order mark first (so spreadsheet programs read the
 * Chinese names right), the header, then each batch as the client takes it.
 */
export function tableCsvStream(columns: readonly ExportColumn[], batches: AsyncIterable<Cell[][]>, timeZone: string): ReadableStream<Uint8Array> {
  const it = batches[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`\uFEFF${stringify([columns.map((c) => c.header)])}`));
          return;
        }
        const { value, done } = await it.next();
        if (done) return controller.close();
        if (value.length) controller.enqueue(encoder.encode(stringify(value.map((row) => row.map((v, i) => csvCell(v, columns[i].kind, timeZone))))));
      },
      async cancel() {
        await it.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}

/** A table as an XLSX byte stream (exceljs' streaming writer, as lib/codes/export.ts does for codes). */
export function tableXlsxStream(
  columns: readonly ExportColumn[],
  batches: AsyncIterable<Cell[][]>,
  opts: { timeZone: string; sheetName: string },
): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  const source = batches[Symbol.asyncIterator]();
  let cancelled = false;

  const produce = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(opts.sheetName.replace(/[:\\/?*[\]]/g, " ").slice(0, 31) || "statement", {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    sheet.columns = columns.map((c, i) => ({
      key: `c${i}`,
      width: c.width ?? (c.kind === "text" ? 20 : c.kind === "time" ? 20 : 14),
      style: c.kind === "money" ? { numFmt: "#,##0.00" } : c.kind === "time" ? { numFmt: "yyyy-mm-dd hh:mm:ss" } : c.kind === "count" ? { numFmt: "0" } : {},
    }));
    const header = sheet.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    for (;;) {
      const { value, done } = await source.next();
      if (done || cancelled) break;
      for (const row of value) sheet.addRow(row.map((v, i) => xlsxCell(v, columns[i].kind, opts.timeZone))).commit();
      await drained(sheetSink(sheet), out);
      await drained(out, out);
    }
    sheet.commit();
    await workbook.commit();
  };
  produce().catch((e) => out.destroy(e instanceof Error ? e : new Error(String(e))));

  const chunks = out[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) return controller.close();
        controller.enqueue(new Uint8Array(value as Buffer));
      },
      async cancel() {
        cancelled = true;
        await source.return?.();
        out.destroy();
      },
    },
    { highWaterMark: 1 },
  );
}

type Drainable = { once: (event: "drain", fn: () => void) => unknown; writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean } };

/** Resolves when `stream` has room again, or when `out` is closed (the client went away). */
async function drained(stream: Drainable | null, out: PassThrough) {
  const full = stream?.writableNeedDrain ?? stream?._writableState?.needDrain ?? false;
  if (!stream || !full || out.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      out.off("close", done);
      resolve();
    };
    stream.once("drain", done);
    out.once("close", done);
  });
}

export type SummaryLabels = {
  scope: string;
  redemptions: string;
  reversals: string;
  netCount: string;
  orderTotal: string;
  discount: string;
  reversedOrderTotal: string;
  reversedDiscount: string;
  netOrderTotal: string;
  netDiscount: string;
  total: string;
};

/** The columns of a statement summary (one row per store or campaign, then the total). */
export function summaryColumns(l: SummaryLabels): ExportColumn[] {
  return [
    { header: l.scope, kind: "text", width: 28 },
    { header: l.redemptions, kind: "count" },
    { header: l.reversals, kind: "count" },
    { header: l.netCount, kind: "count" },
    { header: l.orderTotal, kind: "money" },
    { header: l.discount, kind: "money" },
    { header: l.reversedOrderTotal, kind: "money" },
    { header: l.reversedDiscount, kind: "money" },
    { header: l.netOrderTotal, kind: "money" },
    { header: l.netDiscount, kind: "money" },
  ];
}

export function summaryRow(name: string, t: StatementTotals): Cell[] {
  const net = netOf(t);
  return [name, t.redemptions, t.reversals, net.netCount, t.orderTotal, t.discount, t.reversedOrderTotal, t.reversedDiscount, net.netOrderTotal, net.netDiscount];
}

/** The summary's rows, the total last: one batch (a statement has a row per store or campaign). */
export async function* summaryRows(rows: readonly { name: string; totals: StatementTotals }[], totals: StatementTotals, totalLabel: string) {
  yield [...rows.map((r) => summaryRow(r.name, r.totals)), summaryRow(totalLabel, totals)];
}

export type EntryLabels = {
  at: string;
  kind: string;
  code: string;
  store: string;
  campaign: string;
  group: string;
  orderAmount: string;
  discount: string;
  actor: string;
  reason: string;
  redeemedAt: string;
  kinds: { redemption: string; reversal: string };
  /** "Total: {redemptions} redemptions, {reversals} reversals", filled in at the end. */
  total: (counts: { redemptions: number; reversals: number }) => string;
};

/** The columns of a statement's lines. */
export function entryColumns(l: EntryLabels): ExportColumn[] {
  return [
    { header: l.at, kind: "time" },
    { header: l.kind, kind: "text", width: 10 },
    { header: l.code, kind: "text" },
    { header: l.store, kind: "text" },
    { header: l.campaign, kind: "text", width: 28 },
    { header: l.group, kind: "text" },
    { header: l.orderAmount, kind: "money" },
    { header: l.discount, kind: "money" },
    { header: l.actor, kind: "text" },
    { header: l.reason, kind: "text", width: 28 },
    { header: l.redeemedAt, kind: "time" },
  ];
}

/**
 * The lines as export rows (reversals with negative amounts), then a total row whose amounts are the
 * sums of the lines written: the period's net order total and net discount.
 */
export async function* entryRows(entries: AsyncIterable<StatementEntry[]>, l: EntryLabels): AsyncGenerator<Cell[][]> {
  const counts = { redemptions: 0, reversals: 0 };
  let order = 0;
  let discount = 0;
  for await (const batch of entries) {
    yield batch.map((e) => {
      counts[e.kind === "redemption" ? "redemptions" : "reversals"] += 1;
      order += e.orderAmount;
      discount += e.discount;
      return [e.at, l.kinds[e.kind], e.code, e.storeName, e.campaignName, e.groupName, e.orderAmount, e.discount, e.actor, e.reason, e.kind === "reversal" ? e.redeemedAt : null];
    });
  }
  yield [[l.total(counts), null, null, null, null, null, order, discount, null, null, null]];
}

/** `对账-D-20261111-门店.csv`-style names: kind, first day and scope; unsafe characters become `_`. */
export function statementFilename(prefix: string, start: string, suffix: string, format: StatementFormat): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 60);
  return `${safe(prefix)}-${start.replaceAll("-", "")}-${safe(suffix)}.${format}`;
}

import { dateTimeFormat } from "@/lib/time";
import { PassThrough, type Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { fenToYuan } from "@/lib/money";

// Table downloads shared by every export (codes, statements, audit log, analytics): one description
// of the columns and rows of raw values (counts, fen, instants), written as CSV or as XLSX, streamed
// batch by batch with backpressure so a million rows hold about one batch in memory.

export type CellKind = "text" | "count" | "money" | "time";
export type ExportColumn = { header: string; kind: CellKind; width?: number };
/** A cell's raw value: money in fen, times as instants (written in the organisation's zone). */
export type Cell = string | number | Date | null;

export type TableFormat = "csv" | "xlsx";
export const TABLE_CONTENT_TYPES: Record<TableFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** "2026-11-11 20:05:03", the wall clock in `timeZone`. */
export function localTime(d: Date, timeZone: string): string {
  return wallClock(d, timeZone).toISOString().slice(0, 19).replace("T", " ");
}

/** A text that is a plain number ("-12", "+3.5", "-40%"): a spreadsheet reads it as the number it is. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?%?$/;

/**
 * CSV/formula injection (OWASP): a cell a spreadsheet would read as a formula — one starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return — gets a leading `'`, so a name such as
 * `=HYPERLINK("http://x","y")` or a clerk's reversal reason opens as the text it is. Plain numbers
 * ("-12.5%") are left alone.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

function csvCell(value: Cell, kind: CellKind, timeZone: string): string {
  if (value === null || value === "") return "";
  if (kind === "money" && typeof value === "number") return fenToYuan(value);
  if (value instanceof Date) return localTime(value, timeZone);
  return typeof value === "string" ? neutraliseFormula(value) : String(value);
}

function xlsxCell(value: Cell, kind: CellKind, timeZone: string): string | number | Date | null {
  if (value === null || value === "") return null;
  // Fen → yuan as a number for sums in the spreadsheet; shown with two decimals, so it reads to the fen.
  if (kind === "money" && typeof value === "number") return value / 100;
  if (value instanceof Date) return wallClock(value, timeZone);
  return typeof value === "string" ? neutraliseFormula(value) : value;
}

/**
 * A table as a CSV byte stream: a UTF-8 byte-order mark first (so spreadsheet programs read the
 * Chinese names right; `bom: false` for machine readers), the header, then each batch as the client takes it.
 */
export function tableCsvStream(
  columns: readonly ExportColumn[],
  batches: AsyncIterable<Cell[][]>,
  timeZone: string,
  opts: { bom?: boolean } = {},
): ReadableStream<Uint8Array> {
  const it = batches[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          const header = stringify([columns.map((c) => neutraliseFormula(c.header))]);
          controller.enqueue(encoder.encode(opts.bom === false ? header : `\uFEFF${header}`));
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

/** A table already written as text (header row first) as batches of one. */
export async function* textRows(rows: readonly string[][]): AsyncIterable<Cell[][]> {
  yield rows as Cell[][];
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
    const header = sheet.addRow(columns.map((c) => neutraliseFormula(c.header)));
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

/** Resolves when `stream` has room again, or when `out` is closed (the client went away). */
async function drained(stream: DrainableSink | null, out: PassThrough) {
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

/**
 * `date` shifted so that its UTC fields read as the wall clock in `timeZone`: spreadsheets have no time
 * zones, and a marketer in Shanghai expects to see Shanghai times.
 */
export function wallClock(date: Date, timeZone: string): Date {
  const parts = dateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(date);
  const get = (t: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return new Date(Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"), date.getUTCMilliseconds()));
}

/**
 * The stream the zip compressor reads a worksheet's XML from. exceljs writes rows into it without
 * looking at its buffer, so without waiting on it a fast database outruns deflate and the XML of the
 * whole group piles up there. Internal to exceljs 4 (worksheet `_stream.pipes[0]`); when its shape
 * changes this returns null and only the client-side backpressure remains (export.test.ts notices).
 */
export function sheetSink(sheet: unknown): DrainableSink | null {
  const pipes = (sheet as { _stream?: { pipes?: unknown[] } })._stream?.pipes;
  const sink = pipes?.[0] as DrainableSink | undefined;
  // archiver's own PassThrough (from readable-stream, not node:stream): duck-typed.
  return sink && typeof sink.once === "function" && typeof sink._writableState?.needDrain === "boolean" ? sink : null;
}

type DrainableSink = { once: Writable["once"]; writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean } };

/** `Content-Disposition` for a download: an ASCII fallback name plus the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}


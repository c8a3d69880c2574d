import { once } from "node:events";
import { PassThrough, Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";

/** One code as exports show it: `status` is the effective one (a held code past its expiry is `expired`). */
export type ExportCode = {
  code: string;
  status: string;
  claimedAt: Date | null;
  redeemedAt: Date | null;
  expiresAt: Date | null;
};

/** Column order of every export; the CSV header row and the XLSX header row use these names. */
export const EXPORT_COLUMNS = ["code", "status", "claimedAt", "redeemedAt", "expiresAt"] as const;

export type ExportFormat = "csv" | "xlsx";
export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

const iso = (d: Date | null) => (d ? d.toISOString() : "");

/**
 * A group's codes as a CSV byte stream, pulled batch by batch from `batches` (iterateCodes): the next
 * batch is read from the database only when the client has taken the previous one, so a million-code
 * export holds one batch in memory. Times are ISO 8601 in UTC, as in the API.
 */
export function codesCsvStream(batches: AsyncIterable<ExportCode[]>): ReadableStream<Uint8Array> {
  const it = batches[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(stringify([[...EXPORT_COLUMNS]])));
          return;
        }
        const { value, done } = await it.next();
        if (done) return controller.close();
        if (value.length === 0) return;
        controller.enqueue(
          encoder.encode(stringify(value.map((c) => [c.code, c.status, iso(c.claimedAt), iso(c.redeemedAt), iso(c.expiresAt)]))),
        );
      },
      async cancel() {
        await it.return?.();
      },
    },
    // Read ahead at most one batch.
    { highWaterMark: 1 },
  );
}

/**
 * `date` shifted so that its UTC fields read as the wall clock in `timeZone`: spreadsheets have no time
 * zones, and a marketer in Shanghai expects to see Shanghai times.
 */
export function wallClock(date: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat("en-US", {
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
 * A group's codes as an XLSX byte stream (exceljs' streaming WorkbookWriter: each row is written and
 * compressed as it is committed, never held as a workbook). Between batches the writer waits until the
 * compressor has taken the rows and the client the bytes, so memory stays at about one batch (measured:
 * ~12 MB of buffers for a million rows, against ~240 MB without the first wait).
 */
export function codesXlsxStream(
  batches: AsyncIterable<ExportCode[]>,
  opts: { sheetName?: string; timeZone: string; headers?: readonly string[] },
): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  const source = batches[Symbol.asyncIterator]();
  let cancelled = false;

  const produce = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    // Sheet names: at most 31 characters, none of : \ / ? * [ ].
    const sheet = workbook.addWorksheet((opts.sheetName ?? "codes").replace(/[:\\/?*[\]]/g, " ").slice(0, 31) || "codes", {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    const time = { numFmt: "yyyy-mm-dd hh:mm" };
    sheet.columns = [
      { key: "code", width: 24 },
      { key: "status", width: 12 },
      { key: "claimedAt", width: 18, style: time },
      { key: "redeemedAt", width: 18, style: time },
      { key: "expiresAt", width: 18, style: time },
    ];
    const header = sheet.addRow([...(opts.headers ?? EXPORT_COLUMNS)]);
    header.font = { bold: true };
    header.commit();
    const local = (d: Date | null) => (d ? wallClock(d, opts.timeZone) : null);
    for (;;) {
      const { value, done } = await source.next();
      if (done || cancelled) break;
      for (const c of value) {
        sheet.addRow([c.code, c.status, local(c.claimedAt), local(c.redeemedAt), local(c.expiresAt)]).commit();
      }
      // Backpressure, twice: the compressor has taken this batch's XML, and the client has taken what it produced.
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

/** `Content-Disposition` for a download: an ASCII fallback name plus the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** `codes-<slug>-20261111.csv`: the group's public slug and the export day in the organisation's zone. */
export function exportFilename(slug: string, format: ExportFormat, now: Date, timeZone: string): string {
  const day = wallClock(now, timeZone).toISOString().slice(0, 10).replaceAll("-", "");
  return `codes-${slug}-${day}.${format}`;
}

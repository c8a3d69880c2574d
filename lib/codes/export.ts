import { tableCsvStream, tableXlsxStream, TABLE_CONTENT_TYPES, wallClock, type Cell, type ExportColumn, type TableFormat } from "@/lib/export/table";

export { contentDisposition, sheetSink, wallClock } from "@/lib/export/table";

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

export type ExportFormat = TableFormat;
export const EXPORT_CONTENT_TYPES = TABLE_CONTENT_TYPES;

const iso = (d: Date | null) => (d ? d.toISOString() : "");

/**
 * A group's codes as a CSV byte stream, pulled batch by batch from `batches` (iterateCodes): the next
 * batch is read from the database only when the client has taken the previous one, so a million-code
 * export holds one batch in memory. Times are ISO 8601 in UTC, as in the API; no byte-order mark, as
 * machines read it too. Written by the one table writer (lib/export/table.ts).
 */
export function codesCsvStream(batches: AsyncIterable<ExportCode[]>): ReadableStream<Uint8Array> {
  const columns = EXPORT_COLUMNS.map((header) => ({ header, kind: "text" as const }));
  async function* rows(): AsyncIterable<Cell[][]> {
    for await (const batch of batches) yield batch.map((c) => [c.code, c.status, iso(c.claimedAt), iso(c.redeemedAt), iso(c.expiresAt)]);
  }
  return tableCsvStream(columns, rows(), "UTC", { bom: false });
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
  const [code, status, claimedAt, redeemedAt, expiresAt] = opts.headers ?? EXPORT_COLUMNS;
  const columns: ExportColumn[] = [
    { header: code, kind: "text", width: 24 },
    { header: status, kind: "text", width: 12 },
    { header: claimedAt, kind: "time" },
    { header: redeemedAt, kind: "time" },
    { header: expiresAt, kind: "time" },
  ];
  async function* rows(): AsyncGenerator<Cell[][]> {
    for await (const batch of batches) yield batch.map((c) => [c.code, c.status, c.claimedAt, c.redeemedAt, c.expiresAt]);
  }
  return tableXlsxStream(columns, rows(), { timeZone: opts.timeZone, sheetName: opts.sheetName ?? "codes" });
}

/** `codes-<slug>-20261111.csv`: the group's public slug and the export day in the organisation's zone. */
export function exportFilename(slug: string, format: ExportFormat, now: Date, timeZone: string): string {
  const day = wallClock(now, timeZone).toISOString().slice(0, 10).replaceAll("-", "");
  return `codes-${slug}-${day}.${format}`;
}

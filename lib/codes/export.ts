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

/** The effective states an export can show (as the codes table does). */
export const CODE_STATUSES_SHOWN = ["available", "claimed", "redeemed", "expired", "void", "frozen"] as const;

/** Column order of every export; the API's CSV header row uses these names. */
export const EXPORT_COLUMNS = ["code", "status", "claimedAt", "redeemedAt", "expiresAt"] as const;

export type ExportFormat = TableFormat;
export const EXPORT_CONTENT_TYPES = TABLE_CONTENT_TYPES;

const iso = (d: Date | null) => (d ? d.toISOString() : "");

/** Column names and status words of an export a person opens (the console's language). */
export type CodeExportLabels = { headers: readonly [string, string, string, string, string]; statuses: Record<string, string> };

/**
 * A group's codes as a CSV byte stream, pulled batch by batch from `batches` (iterateCodes): the next
 * batch is read from the database only when the client has taken the previous one, so a million-code
 * export holds one batch in memory. Written by the one table writer (lib/export/table.ts).
 * Without `people`: the API's file for machines — English column names and states, ISO 8601 times in
 * UTC, no byte-order mark. With it: the console's file — its language, the organisation's wall-clock
 * times, and a byte-order mark so that Excel reads the Chinese.
 */
export function codesCsvStream(batches: AsyncIterable<ExportCode[]>, people?: { labels: CodeExportLabels; timeZone: string }): ReadableStream<Uint8Array> {
  if (!people) {
    const columns = EXPORT_COLUMNS.map((header) => ({ header, kind: "text" as const }));
    async function* rows(): AsyncIterable<Cell[][]> {
      for await (const batch of batches) yield batch.map((c) => [c.code, c.status, iso(c.claimedAt), iso(c.redeemedAt), iso(c.expiresAt)]);
    }
    return tableCsvStream(columns, rows(), "UTC", { bom: false });
  }
  const { labels, timeZone } = people;
  return tableCsvStream(personColumns(labels), personRows(batches, labels), timeZone, { bom: true });
}

function personColumns(labels?: CodeExportLabels): ExportColumn[] {
  const [code, status, claimedAt, redeemedAt, expiresAt] = labels?.headers ?? EXPORT_COLUMNS;
  return [
    { header: code, kind: "text", width: 24 },
    { header: status, kind: "text", width: 12 },
    { header: claimedAt, kind: "time" },
    { header: redeemedAt, kind: "time" },
    { header: expiresAt, kind: "time" },
  ];
}

async function* personRows(batches: AsyncIterable<ExportCode[]>, labels?: CodeExportLabels): AsyncGenerator<Cell[][]> {
  for await (const batch of batches) yield batch.map((c) => [c.code, labels?.statuses[c.status] ?? c.status, c.claimedAt, c.redeemedAt, c.expiresAt]);
}

/**
 * A group's codes as an XLSX byte stream (exceljs' streaming WorkbookWriter: each row is written and
 * compressed as it is committed, never held as a workbook). Between batches the writer waits until the
 * compressor has taken the rows and the client the bytes, so memory stays at about one batch (measured:
 * ~12 MB of buffers for a million rows, against ~240 MB without the first wait).
 */
export function codesXlsxStream(
  batches: AsyncIterable<ExportCode[]>,
  opts: { sheetName?: string; timeZone: string; labels?: CodeExportLabels },
): ReadableStream<Uint8Array> {
  return tableXlsxStream(personColumns(opts.labels), personRows(batches, opts.labels), { timeZone: opts.timeZone, sheetName: opts.sheetName ?? "codes" });
}

/** `codes-<slug>-20261111.csv`: the group's public slug and the export day in the organisation's zone. */
export function exportFilename(slug: string, format: ExportFormat, now: Date, timeZone: string): string {
  const day = wallClock(now, timeZone).toISOString().slice(0, 10).replaceAll("-", "");
  return `codes-${slug}-${day}.${format}`;
}

import { CsvError, parse } from "csv-parse/sync";

/**
 * Largest CSV accepted for an import. Every request body is capped at 1 MB (proxy.ts and the
 * server-action limit), so this leaves room for the form's other fields: about 70,000 codes.
 */
export const IMPORT_MAX_BYTES = 900 * 1024;

/** Header cells that name the code column; matched case-insensitively after trimming. */
const CODE_HEADERS = new Set(["code", "codes", "coupon", "coupon_code", "couponcode", "voucher", "券码", "券号", "兑换码", "优惠码", "code码"]);

export type CsvCodeRow = { line: number; value: string };

export type ParsedCodesCsv =
  | { ok: true; rows: CsvCodeRow[]; header: boolean }
  | { ok: false; message: "group.import.unreadable" | "group.import.empty"; line?: number };

/**
 * Reads a partner's CSV of codes: one code per row, in the column headed "code" (or 券码…) or, without
 * such a header, the first column. Comma, semicolon or tab separated; a UTF-8 BOM and blank lines are
 * ignored. Rows carry their line number in the file so a report can point at them. Validation of the
 * codes themselves (format, duplicates, already taken) is the domain's: importGroup.
 */
export function parseCodesCsv(input: string | Uint8Array): ParsedCodesCsv {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(typeof input === "string" ? input : Buffer.from(input), {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      delimiter: [",", ";", "\t"],
      // Explicit, so a file that mixes line endings still reports the right line numbers.
      record_delimiter: ["\r\n", "\n", "\r"],
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    if (e instanceof CsvError) return { ok: false, message: "group.import.unreadable", line: typeof e.lines === "number" ? e.lines : undefined };
    throw e;
  }
  // A row of only separators (",,") is as blank as an empty line.
  records = records.filter((r) => r.record.some((cell) => cell !== ""));
  if (records.length === 0) return { ok: false, message: "group.import.empty" };
  const first = records[0].record.map((c) => c.trim().toLowerCase());
  const headerColumn = first.findIndex((c) => CODE_HEADERS.has(c));
  const header = headerColumn >= 0;
  const column = header ? headerColumn : 0;
  const rows = (header ? records.slice(1) : records).map(({ record, info }) => ({ line: info.lines, value: record[column] ?? "" }));
  if (rows.length === 0) return { ok: false, message: "group.import.empty" };
  return { ok: true, rows, header };
}

/** "rows.12" (a domain error path) → 12; anything else → null. */
export function rowOfErrorPath(path: string): number | null {
  const m = /^rows\.(\d+)$/.exec(path);
  return m ? Number(m[1]) : null;
}

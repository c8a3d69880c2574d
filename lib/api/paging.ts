import { z } from "zod";
import { AppError } from "@/lib/errors";

// Keyset paging for list routes (API.md: `{ items, nextCursor }`). The cursor is the sort key of the
// last row of a page, JSON in base64url: opaque to clients, so its shape can change without a new
// API version, and a page deep in a big list costs what the first one does.

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
const MAX_CURSOR_LENGTH = 512;

/** The values a cursor carries: the last row's sort columns, ending with its id as tie-breaker. */
export type CursorValues = readonly (string | number | boolean | null)[];

/** `cursor` and `limit` of a list route's query string; extend it with the route's own filters. */
export const pageQuerySchema = z.object({
  cursor: z
    .string()
    .max(MAX_CURSOR_LENGTH)
    .regex(/^[A-Za-z0-9_-]+$/, "Invalid cursor")
    .optional()
    .meta({ description: "The `nextCursor` of the previous page; omit for the first page." }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .meta({ description: `Items per page, 1–${MAX_PAGE_SIZE}.` }),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** One page of a list. */
export type Page<T> = { items: T[]; nextCursor: string | null };

/** The response schema of a paged list of `item` (for OpenAPI). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  });
}

/** An opaque cursor for the given sort-key values. */
export function encodeCursor(values: CursorValues): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/**
 * The sort-key values of a cursor, checked against `shape` (e.g. `z.tuple([z.string(), z.uuid()])`);
 * a cursor that was tampered with or belongs to another list is `invalid_input`, never a 500.
 */
export function decodeCursor<T extends z.ZodType>(cursor: string, shape: T): z.output<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const parsed = shape.safeParse(raw);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

function invalidCursor() {
  return new AppError("invalid_input", "The cursor is not valid for this list.", {
    errors: [{ path: "cursor", message: "Invalid cursor" }],
  });
}

/**
 * A page from rows fetched with `limit + 1`: the extra row only says whether another page exists,
 * and the cursor points after the last row returned.
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => CursorValues): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** Escapes `%`, `_` and `\` so a search term matches literally inside an ILIKE pattern. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

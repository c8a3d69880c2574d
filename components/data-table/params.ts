import { z } from "zod";

// The list state of a server-driven table lives in the URL (`?q=&sort=&dir=&page=&pageSize=` plus one
// flat key per filter, e.g. `&platform=douyin&archived=1`). This module has no "use client": server
// pages parse `searchParams` with it, and the client table imports its types and defaults.

export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** Page sizes offered by the table's page-size select; anything else in the URL falls back to the default. */
export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_SEARCH_LENGTH = 100;
/** Deep pages of an offset list get slow and are never what a person wants; search narrows instead. */
export const MAX_PAGE = 10_000;

/** The URL keys the table itself owns; filter keys must not reuse them. */
export const RESERVED_PARAM_KEYS = ["q", "sort", "dir", "page", "pageSize"] as const;

/** What every list page gets back from `parseListParams`, before its own filters. */
export type ListParamsBase<TSort extends string = string> = {
  /** Trimmed search text, "" when none. */
  q: string;
  sort: TSort;
  dir: SortDirection;
  /** 1-based. */
  page: number;
  pageSize: number;
};

type FilterShape = Record<string, z.ZodType>;

/** The parsed params: base keys plus each filter's value, or undefined when absent or not allowed. */
export type ListParams<TSort extends string, TFilters extends FilterShape = Record<never, never>> = ListParamsBase<TSort> & {
  [K in keyof TFilters]: z.output<TFilters[K]> | undefined;
};

export type ListParamsOptions<TSort extends readonly [string, ...string[]], TFilters extends FilterShape> = {
  /** Sort keys the server query understands (usually the sortable column ids). */
  sort: TSort;
  defaultSort: TSort[number];
  defaultDir?: SortDirection;
  defaultPageSize?: number;
  /** One schema per filter key, e.g. `{ platform: z.enum(platforms), archived: z.literal("1") }`. */
  filters?: TFilters;
};

/**
 * A zod schema for a list's search params. It never fails: a value that is missing, malformed or not
 * allowed (a hand-edited URL, an old bookmark) falls back to its default, so a page never 500s on its URL.
 */
export function listParamsSchema<const TSort extends readonly [string, ...string[]], TFilters extends FilterShape = Record<never, never>>(
  options: ListParamsOptions<TSort, TFilters>,
): z.ZodType<ListParams<TSort[number], TFilters>> {
  const defaultDir = options.defaultDir ?? "asc";
  const defaultPageSize = options.defaultPageSize ?? DEFAULT_PAGE_SIZE;
  for (const key of Object.keys(options.filters ?? {})) {
    if ((RESERVED_PARAM_KEYS as readonly string[]).includes(key)) throw new Error(`Filter key "${key}" is reserved by the data table.`);
  }
  const filterShape = Object.fromEntries(
    Object.entries(options.filters ?? {}).map(([key, schema]) => [key, schema.optional().catch(undefined)]),
  );
  return z.object({
    q: z
      .string()
      .transform((s) => s.trim().slice(0, MAX_SEARCH_LENGTH))
      .catch(""),
    sort: z.enum(options.sort).catch(options.defaultSort),
    dir: z.enum(SORT_DIRECTIONS).catch(defaultDir),
    page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1),
    pageSize: z.coerce
      .number()
      .int()
      .refine((n) => n === defaultPageSize || (PAGE_SIZES as readonly number[]).includes(n))
      .catch(defaultPageSize),
    ...filterShape,
  }) as unknown as z.ZodType<ListParams<TSort[number], TFilters>>;
}

/** Next's `searchParams` value: repeated keys arrive as arrays. */
export type RawSearchParams = Record<string, string | string[] | undefined>;

/** Parses a page's awaited `searchParams` (a repeated key counts once: its first value). */
export function parseListParams<T>(schema: z.ZodType<T>, searchParams: RawSearchParams | URLSearchParams): T {
  const flat: Record<string, string> = {};
  if (searchParams instanceof URLSearchParams) {
    for (const [key, value] of searchParams) flat[key] ??= value;
  } else {
    for (const [key, value] of Object.entries(searchParams)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (first !== undefined) flat[key] = first;
    }
  }
  return schema.parse(flat);
}

/** The row offset of a page, for `LIMIT pageSize OFFSET …`. */
export function pageOffset(params: Pick<ListParamsBase, "page" | "pageSize">): number {
  return (params.page - 1) * params.pageSize;
}

/** How many pages `total` rows make (at least 1, so "page 1 of 1" reads right on an empty list). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

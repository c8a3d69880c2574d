import { z } from "zod";
import { codeListQuerySchema, type CodeListQuery } from "./schemas";

/** Page sizes the codes table offers. */
export const CODE_PAGE_SIZES = [20, 50, 100] as const;

// Lenient: a hand-edited or stale URL falls back to defaults field by field instead of failing the page.
const shape = codeListQuerySchema.shape;
const pageParamsSchema = z.object({
  status: shape.status.catch(undefined),
  q: shape.q.catch(undefined),
  sort: shape.sort.catch("seq"),
  dir: shape.dir.catch("asc"),
  cursor: shape.cursor.catch(undefined),
  limit: z.coerce
    .number()
    .refine((n) => (CODE_PAGE_SIZES as readonly number[]).includes(n))
    .catch(50),
  // Cursors of the pages before this one ("0" stands for the first page), so "previous" works with keyset paging.
  prev: z
    .string()
    .max(4000)
    .transform((s) => s.split(",").filter(Boolean).slice(-50))
    .catch([]),
});

export type CodesPageParams = CodeListQuery & { prev: string[] };

/** The codes table's URL (`?status=&q=&sort=&dir=&cursor=&limit=&prev=`) as a listCodes query plus the page trail. */
export function parseCodesPageParams(searchParams: Record<string, string | string[] | undefined>): CodesPageParams {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(searchParams)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== "") flat[key] = first;
  }
  const p = pageParamsSchema.parse(flat);
  return { ...p, q: p.q || undefined };
}

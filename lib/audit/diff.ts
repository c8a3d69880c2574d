// A readable before → after of an audit row (pure): which fields changed, each value as short text.

export type AuditChange = { field: string; before: string | null; after: string | null };

const MAX_VALUE = 200;
const MAX_DEPTH = 3;
// Audit rows should never hold secrets; if one ever does, the viewer and exports do not repeat it.
const SECRET = /hash|secret|password|token/i;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** A value as one short line: null/undefined → null, objects and arrays as JSON, long text cut with "…". */
export function formatValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = typeof v === "string" ? v : v instanceof Date ? v.toISOString() : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** Nested plain objects as dotted paths (up to MAX_DEPTH levels); arrays and deeper objects stay whole. */
function flatten(v: unknown, prefix = "", depth = 0, out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (isPlainObject(v) && depth === 0 && Object.keys(v).length === 0) return out;
  if (isPlainObject(v) && depth < MAX_DEPTH && Object.keys(v).length > 0) {
    for (const [k, child] of Object.entries(v)) flatten(child, prefix ? `${prefix}.${k}` : k, depth + 1, out);
  } else {
    out.set(prefix, v);
  }
  return out;
}

/**
 * The fields that differ between `before` and `after` (added, removed or changed), in the order they
 * appear (after's keys first). A row with only `after` (a creation) lists every field it set.
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  if (before == null && after == null) return [];
  const b = before == null ? new Map<string, unknown>() : flatten(before);
  const a = after == null ? new Map<string, unknown>() : flatten(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])];
  const changes: AuditChange[] = [];
  for (const field of fields) {
    const bv = b.get(field);
    const av = a.get(field);
    if (JSON.stringify(bv) === JSON.stringify(av)) continue;
    const secret = SECRET.test(field);
    changes.push({
      field,
      before: secret && bv != null ? "•••" : formatValue(bv),
      after: secret && av != null ? "•••" : formatValue(av),
    });
  }
  return changes;
}

// A readable before → after of an audit row (pure): which fields changed, each value as short text.
import { formatDateTime } from "@/lib/format";
import { formatFen } from "@/lib/money";

export type AuditChange = { field: string; before: string | null; after: string | null };

const MAX_VALUE = 200;
const MAX_DEPTH = 3;
// Audit rows should never hold secrets; if one ever does, the viewer and exports do not repeat it.
const SECRET = /hash|secret|password|token/i;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Fields that hold money in fen (the campaign's offer, orders, balances, budgets): shown as ¥. */
const MONEY = /^(value|minSpend|maxDiscount|initialBalance|orderAmount|orderTotal|discount|discountTotal|balance|balanceAfter|amount|minOrderTotal)$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A value as one short line: null/undefined → null, objects and arrays as JSON, long text cut with "…".
 * With a time zone, instants read as that zone's wall clock and money fields (by name) as ¥.
 */
export function formatValue(v: unknown, field = "", timeZone?: string): string | null {
  if (v === null || v === undefined) return null;
  const leaf = field.split(".").pop() ?? "";
  let s: string;
  if (timeZone && typeof v === "number" && Number.isInteger(v) && MONEY.test(leaf)) s = formatFen(v);
  else if (timeZone && (v instanceof Date || (typeof v === "string" && ISO_INSTANT.test(v)))) s = formatDateTime(new Date(v), timeZone);
  else s = typeof v === "string" ? v : v instanceof Date ? v.toISOString() : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** An IP as people write it: an IPv4 address mapped into IPv6 (`::ffff:127.0.0.1`) loses the prefix. */
export function plainIp(ip: string | null): string | null {
  if (!ip) return ip;
  return ip.replace(/^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i, "$1");
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
export function auditChanges(before: unknown, after: unknown, timeZone?: string): AuditChange[] {
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
      before: secret && bv != null ? "•••" : formatValue(bv, field, timeZone),
      after: secret && av != null ? "•••" : formatValue(av, field, timeZone),
    });
  }
  return changes;
}

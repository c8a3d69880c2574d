import type { RawParams } from "@/lib/analytics/schemas";

/** The analytics pages' own URL keys: what a link to another view of the same page carries over. */
export const VIEW_KEYS = ["campaign", "range", "from", "to", "kind", "ids"] as const;

/**
 * `path` with the current view's keys (`VIEW_KEYS` found in `current`) and `changes` applied; a change of
 * undefined or null removes the key, an array repeats it.
 */
export function hrefWith(path: string, current: RawParams, changes: Record<string, string | readonly string[] | null | undefined> = {}): string {
  const q = new URLSearchParams();
  const all: Record<string, string | readonly string[] | null | undefined> = {};
  for (const k of VIEW_KEYS) all[k] = current[k];
  Object.assign(all, changes);
  for (const [k, v] of Object.entries(all)) {
    if (v === undefined || v === null || v === "") continue;
    for (const one of typeof v === "string" ? [v] : v) q.append(k, one);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

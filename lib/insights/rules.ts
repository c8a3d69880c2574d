// Conversion between funnel steps (pure: shared by the page, the chart and tests).

/**
 * `part / whole` as a share of the whole, or null: when there is nothing to divide by (no views yet is
 * not a 0% conversion), and when the part is larger than the whole — claims that never passed the
 * landing page (API, sends) against its views, or a stored-value card redeemed again and again — where a
 * "300%" would mislead; the page says why a rate shows "—" (docs/analytics.md).
 */
export function rate(part: number, whole: number): number | null {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || whole <= 0 || part > whole) return null;
  return part / whole;
}

/** 0.3333 → "33.3%", 1 → "100%", null → the given placeholder. One decimal is enough to compare influencers. */
export function formatRate(r: number | null, empty = "—"): string {
  if (r === null) return empty;
  const pct = Math.round(r * 1000) / 10;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

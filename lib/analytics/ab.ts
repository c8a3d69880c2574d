// A/B test statistics of a group's variants (pure: no db, next or react imports). docs/analytics.md
// defines the redemption rate (核销率 = redemptions / claims) and ROI; this compares them across variants.
import { rate, roi } from "./metrics";

/** The sums of one variant: claims n, redeemed codes x, and the discount and GMV of those redemptions (fen). */
export type VariantSums = {
  id: string;
  label: string;
  claims: number;
  redemptions: number;
  discount: number;
  gmv: number;
};

/** A difference of two proportions with its confidence interval. */
export type RateDifference = {
  /** p − p_baseline */
  diff: number;
  low: number;
  high: number;
  /** The interval excludes 0. */
  significant: boolean;
};

export type VariantResult = VariantSums & {
  /** x / n; null without claims. */
  rate: number | null;
  /** (GMV − discount) / discount, as the dashboard's ROI; null without discount. */
  roi: number | null;
  /** Against the first variant (A); null for A itself and when either side has no claims. */
  vsFirst: RateDifference | null;
};

/** z of a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/**
 * The difference in redemption rate x/n − x0/n0 with a Wald interval (normal approximation):
 * d ± z·sqrt(p(1−p)/n + p0(1−p0)/n0). Null when either side has no claims (no rate to compare).
 * With both rates at 0 or 1 the standard error is 0 and the interval is the point itself: the
 * approximation says little on tiny samples, which is why the page shows the claim counts next to it.
 */
export function rateDifference(x: number, n: number, x0: number, n0: number, z = Z95): RateDifference | null {
  if (!(n > 0) || !(n0 > 0)) return null;
  const p = Math.min(Math.max(x / n, 0), 1);
  const p0 = Math.min(Math.max(x0 / n0, 0), 1);
  const diff = p - p0;
  const se = Math.sqrt((p * (1 - p)) / n + (p0 * (1 - p0)) / n0);
  const low = diff - z * se;
  const high = diff + z * se;
  return { diff, low, high, significant: low > 0 || high < 0 };
}

/** Every variant's rate and ROI, and each one's difference in redemption rate against the first. */
export function abResults(variants: readonly VariantSums[]): VariantResult[] {
  const first = variants[0];
  return variants.map((v, i) => ({
    ...v,
    rate: rate(v.redemptions, v.claims),
    roi: roi(v.gmv, v.discount),
    vsFirst: i === 0 || !first ? null : rateDifference(v.redemptions, v.claims, first.redemptions, first.claims),
  }));
}

/** A difference in percentage points with its sign: 0.0312 → "+3.1 pp" style parts ("+3.1"). */
export function formatPoints(d: number): string {
  const v = Math.round(d * 1000) / 10;
  return `${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v).toFixed(1)}`;
}

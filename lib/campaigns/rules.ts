import type { ErrorCode } from "@/lib/errors";

export type CampaignType = "amount_off" | "percent_off" | "gift" | "stored_value" | "tiered_off";

/** 满减 tier: an order of at least `minSpend` fen gets `value` fen off. */
export type Tier = { minSpend: number; value: number };

export type Offer = {
  type: CampaignType;
  value: number | null; // fen, amount_off
  minSpend: number; // fen (tiered_off: the lowest tier's)
  percentOff: number | null; // 1–100
  maxDiscount: number | null; // fen cap for percent_off
  giftName: string | null;
  tiers?: Tier[] | null; // tiered_off, ascending by minSpend
};

/** The tiers in ascending order of minimum spend (the stored order is not trusted). */
export function sortedTiers(tiers: Tier[] | null | undefined): Tier[] {
  return [...(tiers ?? [])].sort((a, b) => a.minSpend - b.minSpend);
}

/** The highest tier an order of `amount` fen reaches, or null below the lowest. */
export function tierReached(tiers: Tier[] | null | undefined, amount: number): Tier | null {
  let reached: Tier | null = null;
  for (const t of sortedTiers(tiers)) if (amount >= t.minSpend) reached = t;
  return reached;
}

/**
 * What spending more would give: the next tier above the one `amount` reaches ("再买 ¥38 可减 ¥30"),
 * with the fen still to spend. Null at the top tier and for offers without tiers.
 */
export function nextTier(offer: Pick<Offer, "type" | "tiers">, amount: number): { spendMore: number; value: number; minSpend: number } | null {
  if (offer.type !== "tiered_off") return null;
  const next = sortedTiers(offer.tiers).find((t) => t.minSpend > amount);
  return next ? { spendMore: next.minSpend - amount, value: next.value, minSpend: next.minSpend } : null;
}

export type Priced =
  | { ok: true; discount: number; payable: number; spend?: number }
  | { ok: false; code: Extract<ErrorCode, "below_min_spend" | "insufficient_balance">; minSpend?: number };

/**
 * What an order of `orderAmount` fen pays with this offer. Percentages round down to the fen
 * (never more off than promised); a discount never exceeds the order. Stored value spends
 * the balance up to the order amount.
 */
export function priceOrder(offer: Offer, orderAmount: number, balance?: number | null): Priced {
  if (!Number.isInteger(orderAmount) || orderAmount < 0) throw new RangeError("orderAmount must be whole fen ≥ 0");
  if (offer.type !== "stored_value" && orderAmount < offer.minSpend) {
    return { ok: false, code: "below_min_spend", minSpend: offer.minSpend };
  }
  let discount = 0;
  switch (offer.type) {
    case "amount_off":
      discount = Math.min(offer.value ?? 0, orderAmount);
      break;
    case "percent_off": {
      const raw = Math.floor((orderAmount * (offer.percentOff ?? 0)) / 100);
      discount = offer.maxDiscount != null ? Math.min(raw, offer.maxDiscount) : raw;
      break;
    }
    case "tiered_off": {
      const tier = tierReached(offer.tiers, orderAmount);
      if (!tier) return { ok: false, code: "below_min_spend", minSpend: sortedTiers(offer.tiers)[0]?.minSpend ?? offer.minSpend };
      discount = Math.min(tier.value, orderAmount);
      break;
    }
    case "gift":
      discount = 0;
      break;
    case "stored_value": {
      const left = balance ?? 0;
      if (left <= 0) return { ok: false, code: "insufficient_balance" };
      const spend = Math.min(left, orderAmount);
      return { ok: true, discount: spend, payable: orderAmount - spend, spend };
    }
  }
  return { ok: true, discount, payable: orderAmount - discount };
}

/** A one-line description of the offer for lists and landing pages, in plain yuan. */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(fen % 100 === 0 ? 0 : 2);
}

/** Whether a campaign's validity (or its claiming window) has ended by `now`: nothing could be claimed. */
export function datesArePast(c: { validUntil: Date; claimEndsAt?: Date | null }, now: Date): boolean {
  return c.validUntil.getTime() <= now.getTime() || (c.claimEndsAt != null && c.claimEndsAt.getTime() <= now.getTime());
}

/**
 * The most a campaign can cost the merchant, in fen, for the finance reviewer: every code it can hand
 * out (its total, else the sum of its groups' quantities) used at its full value — the amount off, a
 * percentage's cap, a stored-value card's balance. Null when nothing bounds it (a percentage with no
 * cap, or no quantity yet); a gift's cost is not in money (also null, with `kind` saying why).
 */
export function maxCost(
  c: { type: CampaignType; value: number | null; maxDiscount: number | null; initialBalance: number | null; totalQuantity: number | null; tiers?: Tier[] | null },
  groupQuantity: number,
): { fen: number; quantity: number } | { fen: null; quantity: number; kind: "uncapped" | "gift" | "no_codes" } {
  const quantity = c.totalQuantity ?? groupQuantity;
  if (c.type === "gift") return { fen: null, quantity, kind: "gift" };
  if (quantity <= 0) return { fen: null, quantity, kind: "no_codes" };
  const each =
    c.type === "amount_off" ? c.value
    : c.type === "percent_off" ? c.maxDiscount
    : c.type === "tiered_off" ? (sortedTiers(c.tiers).at(-1)?.value ?? null)
    : c.initialBalance;
  if (each == null) return { fen: null, quantity, kind: "uncapped" };
  return { fen: each * quantity, quantity };
}

/** An order line as the POS sends it (`items`): amount in fen. */
export type OrderItem = { sku: string; category?: string | null; amount: number };
export type ProductScope = { categories?: string[]; skus?: string[]; excludeCategories?: string[]; excludeSkus?: string[] };

/** Whether a campaign limits which products count (限品类 / 指定商品). */
export function hasProductScope(scope: ProductScope | null | undefined): scope is ProductScope {
  return Boolean(scope && [scope.categories, scope.skus, scope.excludeCategories, scope.excludeSkus].some((l) => l && l.length > 0));
}

/**
 * The part of an order a scoped campaign counts: lines that are included (by SKU or category; no
 * inclusion list means every line) and not excluded (an exclusion wins). SKUs and categories compare
 * case-insensitively, trimmed.
 */
export function eligibleAmount(scope: ProductScope | null | undefined, items: OrderItem[]): number {
  if (!hasProductScope(scope)) return items.reduce((sum, i) => sum + i.amount, 0);
  const set = (l?: string[]) => new Set((l ?? []).map((v) => v.trim().toLowerCase()));
  const [skus, cats, xSkus, xCats] = [set(scope.skus), set(scope.categories), set(scope.excludeSkus), set(scope.excludeCategories)];
  const includeAll = skus.size === 0 && cats.size === 0;
  let sum = 0;
  for (const item of items) {
    const sku = item.sku.trim().toLowerCase();
    const cat = item.category?.trim().toLowerCase() ?? "";
    if (xSkus.has(sku) || (cat && xCats.has(cat))) continue;
    if (includeAll || skus.has(sku) || (cat && cats.has(cat))) sum += item.amount;
  }
  return sum;
}

/**
 * Several codes on one order, applied in the order given: each one's discount is computed on what is
 * left of its eligible amount after the earlier codes' discounts (never on more than is left of the
 * order). Returns the base each code applies to.
 */
export function remainingBase(orderAmount: number, eligible: number, discountedSoFar: number): number {
  return Math.max(0, Math.min(eligible, orderAmount - discountedSoFar));
}

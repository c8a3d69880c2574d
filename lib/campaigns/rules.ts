import type { ErrorCode } from "@/lib/errors";

export type CampaignType = "amount_off" | "percent_off" | "gift" | "stored_value";

export type Offer = {
  type: CampaignType;
  value: number | null; // fen, amount_off
  minSpend: number; // fen
  percentOff: number | null; // 1–100
  maxDiscount: number | null; // fen cap for percent_off
  giftName: string | null;
};

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
  c: { type: CampaignType; value: number | null; maxDiscount: number | null; initialBalance: number | null; totalQuantity: number | null },
  groupQuantity: number,
): { fen: number; quantity: number } | { fen: null; quantity: number; kind: "uncapped" | "gift" | "no_codes" } {
  const quantity = c.totalQuantity ?? groupQuantity;
  if (c.type === "gift") return { fen: null, quantity, kind: "gift" };
  if (quantity <= 0) return { fen: null, quantity, kind: "no_codes" };
  const each = c.type === "amount_off" ? c.value : c.type === "percent_off" ? c.maxDiscount : c.initialBalance;
  if (each == null) return { fen: null, quantity, kind: "uncapped" };
  return { fen: each * quantity, quantity };
}

/**
 * A code group's state as the console shows it: its own status (codes being generated, frozen) and,
 * once its codes exist, whether its campaign lets consumers claim from its link right now. A group of
 * a campaign still in review is not 可领取: its link says the offer is not open yet.
 */
export type GroupLiveState = "generating" | "frozen" | "draft" | "awaiting_approval" | "scheduled" | "paused" | "ended" | "active";

export type GroupLiveStateInput = {
  group: { status: string };
  campaign: { status: string; validFrom: Date; validUntil: Date; releaseAt: Date | null; claimEndsAt: Date | null };
};

export function groupLiveState({ group: g, campaign: c }: GroupLiveStateInput, now: Date): GroupLiveState {
  if (g.status === "generating") return "generating";
  if (c.status === "draft") return "draft";
  if (c.status === "in_review") return "awaiting_approval";
  if (c.status === "ended" || now >= c.validUntil || (c.claimEndsAt && now >= c.claimEndsAt)) return "ended";
  if (g.status === "frozen") return "frozen";
  if (c.status === "paused") return "paused";
  if (now < (c.releaseAt ?? c.validFrom)) return "scheduled";
  return "active";
}

// ── A/B variants of a group's offer ─────────────────────────────────────────────────────────────────

/** 满减 tier as variants store it (fen). */
export type VariantTier = { minSpend: number; value: number };

/** What a variant may override; null means "the campaign's". */
export type VariantOverride = {
  value: number | null;
  minSpend: number | null;
  percentOff: number | null;
  maxDiscount: number | null;
  tiers: VariantTier[] | null;
};

export type VariantField = keyof VariantOverride;

export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 4;
export const MAX_VARIANT_LABEL = 20;
export const MAX_VARIANT_TIERS = 5;
/** Default labels by position. */
export const VARIANT_LABELS = ["A", "B", "C", "D"] as const;

/**
 * The fields a variant of a campaign of `type` may override; empty when the type takes no variants
 * (a gift or a stored-value card has no amount to test against another).
 */
export function variantFieldsFor(type: string): readonly VariantField[] {
  switch (type) {
    case "amount_off":
      return ["value", "minSpend"];
    case "percent_off":
      return ["percentOff", "maxDiscount", "minSpend"];
    case "tiered_off":
      return ["tiers"];
    default:
      return [];
  }
}

/** Whether a campaign of `type` can carry A/B variants. */
export function variantsAllowed(type: string): boolean {
  return variantFieldsFor(type).length > 0;
}

type OfferBase = { value: number | null; minSpend: number; percentOff: number | null; maxDiscount: number | null; tiers?: VariantTier[] | null };

/**
 * The campaign's offer as a consumer holding `variant` gets it: each variant field that is set
 * replaces the campaign's (coalesce(variant, campaign), as the counter prices it). A variant's tiers
 * also move the offer's minimum spend to their lowest tier, so "满 X 可用" wording stays true.
 */
export function offerWithVariant<T extends OfferBase>(campaign: T, variant: Partial<VariantOverride> | null | undefined): T {
  if (!variant) return campaign;
  const tiers = variant.tiers && variant.tiers.length ? [...variant.tiers].sort((a, b) => a.minSpend - b.minSpend) : null;
  return {
    ...campaign,
    value: variant.value ?? campaign.value,
    minSpend: variant.minSpend ?? (tiers ? tiers[0].minSpend : campaign.minSpend),
    percentOff: variant.percentOff ?? campaign.percentOff,
    maxDiscount: variant.maxDiscount ?? campaign.maxDiscount,
    ...(tiers ? { tiers } : {}),
  };
}

/** Variant labels for display: the stored one, else the default of its position ("A"…). */
export function variantLabel(v: { label: string | null | undefined; position: number }): string {
  return v.label?.trim() || VARIANT_LABELS[v.position] || String(v.position + 1);
}

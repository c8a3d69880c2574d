import { z } from "zod";
import { MAX_AMOUNT_FEN } from "@/lib/money";
import { MAX_VARIANT_LABEL, MAX_VARIANT_TIERS, MAX_VARIANTS, MIN_VARIANTS } from "./rules";

// A/B variants of a unique group's offer, as the console form and the domain take them. Messages are
// message keys (groups.ab.errors.*), translated by the form. Money is fen; null = the campaign's value.

const fen = z.number().int().min(0).max(MAX_AMOUNT_FEN);

/** 满减 tier of a variant: an order of at least `minSpend` fen gets `value` fen off (less than the order). */
export const variantTierSchema = z
  .object({ minSpend: fen.positive("groups.ab.errors.tierMin"), value: fen.positive("groups.ab.errors.tierValue") })
  .refine((t) => t.value < t.minSpend, { message: "groups.ab.errors.tierValueBelowMin", path: ["value"] });

/** One variant; a field left null keeps the campaign's. An empty label becomes A–D by position. */
export const variantInputSchema = z.object({
  label: z.string().trim().max(MAX_VARIANT_LABEL, "groups.ab.errors.labelTooLong").default(""),
  value: fen.positive("groups.ab.errors.valuePositive").nullable().default(null),
  minSpend: fen.nullable().default(null),
  percentOff: z.number().int().min(1, "groups.ab.errors.percent").max(100, "groups.ab.errors.percent").nullable().default(null),
  maxDiscount: fen.positive("groups.ab.errors.valuePositive").nullable().default(null),
  tiers: z
    .array(variantTierSchema)
    .max(MAX_VARIANT_TIERS, "groups.ab.errors.tiersTooMany")
    .nullable()
    .default(null)
    .refine(
      (tiers) => !tiers || [...tiers].sort((a, b) => a.minSpend - b.minSpend).every((t, i, s) => i === 0 || (t.minSpend > s[i - 1].minSpend && t.value > s[i - 1].value)),
      "groups.ab.errors.tiersAscending",
    ),
});
export type VariantInput = z.output<typeof variantInputSchema>;

/** The whole set: 2–4 variants, or none (the test removed). Labels are unique within the group. */
export const setVariantsSchema = z
  .object({ variants: z.array(variantInputSchema).max(MAX_VARIANTS, "groups.ab.errors.count") })
  .superRefine((v, ctx) => {
    if (v.variants.length > 0 && v.variants.length < MIN_VARIANTS) ctx.addIssue({ code: "custom", path: ["variants"], message: "groups.ab.errors.count" });
    const seen = new Set<string>();
    v.variants.forEach((variant, i) => {
      const label = variant.label.trim().toLowerCase();
      if (!label) return;
      if (seen.has(label)) ctx.addIssue({ code: "custom", path: ["variants", i, "label"], message: "groups.ab.errors.labelTaken" });
      seen.add(label);
    });
  });
export type SetVariantsInput = z.output<typeof setVariantsSchema>;

/** "Use this variant for everyone" and its undo: the group, and the variant (absent to undo). */
export const fixVariantSchema = z.object({ groupId: z.uuid(), variantId: z.uuid() });
export const groupIdSchema = z.object({ groupId: z.uuid() });

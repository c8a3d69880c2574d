import { readYuan } from "@/lib/money";
import { MAX_VARIANT_TIERS, MAX_VARIANTS, variantFieldsFor } from "./rules";
import { setVariantsSchema, type SetVariantsInput } from "./schemas";

// The A/B variants form (pure): field names, and FormData text → the domain's input. Money is typed in
// yuan; a blank field keeps the campaign's value. Only the fields the campaign's type takes are read.

/** `label.0`, `value.1`, `tierMin.2.0`…: the form's field names. */
export const variantField = {
  label: (i: number) => `label.${i}`,
  value: (i: number) => `value.${i}`,
  minSpend: (i: number) => `minSpend.${i}`,
  percentOff: (i: number) => `percentOff.${i}`,
  maxDiscount: (i: number) => `maxDiscount.${i}`,
  tiers: (i: number) => `tiers.${i}`,
  tierMin: (i: number, j: number) => `tierMin.${i}.${j}`,
  tierValue: (i: number, j: number) => `tierValue.${i}.${j}`,
};

export type ParsedVariantsForm = { ok: true; data: SetVariantsInput } | { ok: false; fieldErrors: Record<string, string> };

/**
 * Reads `count` variants (0 removes the test) from the form. `get` answers a field's text ("" when
 * missing). Field errors are keyed by the form's field names, their messages are message keys.
 */
export function parseVariantsForm(get: (key: string) => string, campaignType: string): ParsedVariantsForm {
  const count = Number(get("count"));
  if (!Number.isInteger(count) || count < 0 || count > MAX_VARIANTS) return { ok: false, fieldErrors: { count: "groups.ab.errors.count" } };
  const fields = variantFieldsFor(campaignType);
  const errors: Record<string, string> = {};
  const money = (key: string): number | null => {
    const raw = get(key).trim();
    if (!raw) return null;
    const r = readYuan(raw);
    if ("fen" in r) return r.fen;
    errors[key] = r.problem === "tooLarge" ? "groups.ab.errors.moneyTooLarge" : "groups.ab.errors.money";
    return null;
  };
  const int = (key: string): number | null => {
    const raw = get(key).trim();
    if (!raw) return null;
    if (/^\d{1,3}$/.test(raw)) return Number(raw);
    errors[key] = "groups.ab.errors.percent";
    return null;
  };
  const variants = Array.from({ length: count }, (_, i) => {
    const tiers: { minSpend: number; value: number }[] = [];
    if (fields.includes("tiers")) {
      for (let j = 0; j < MAX_VARIANT_TIERS; j++) {
        const min = money(variantField.tierMin(i, j));
        const value = money(variantField.tierValue(i, j));
        if (min === null && value === null) continue;
        if (min === null) errors[variantField.tierMin(i, j)] ??= "groups.ab.errors.tierMin";
        else if (value === null) errors[variantField.tierValue(i, j)] ??= "groups.ab.errors.tierValue";
        else tiers.push({ minSpend: min, value });
      }
    }
    return {
      label: get(variantField.label(i)),
      value: fields.includes("value") ? money(variantField.value(i)) : null,
      minSpend: fields.includes("minSpend") ? money(variantField.minSpend(i)) : null,
      percentOff: fields.includes("percentOff") ? int(variantField.percentOff(i)) : null,
      maxDiscount: fields.includes("maxDiscount") ? money(variantField.maxDiscount(i)) : null,
      tiers: tiers.length ? tiers : null,
    };
  });
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
  const parsed = setVariantsSchema.safeParse({ variants });
  if (!parsed.success) {
    const out: Record<string, string> = {};
    for (const issue of parsed.error.issues) out[formPathOf(issue.path)] ??= issue.message;
    return { ok: false, fieldErrors: out };
  }
  return { ok: true, data: parsed.data };
}

/** A schema path (["variants", 1, "tiers", 0, "value"]) as the form field it belongs to ("tierValue.1.0"). */
export function formPathOf(path: readonly PropertyKey[]): string {
  const [root, i, field, j, sub] = path;
  if (root !== "variants" || typeof i !== "number") return "count";
  if (field === "tiers") {
    if (typeof j === "number") return sub === "value" ? variantField.tierValue(i, j) : variantField.tierMin(i, j);
    return variantField.tiers(i);
  }
  if (typeof field === "string" && field in variantField) return `${field}.${i}`;
  return variantField.label(i);
}

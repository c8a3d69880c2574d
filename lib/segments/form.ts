import { parseYuan } from "@/lib/money";
import { segmentInputSchema, type SegmentInput } from "./schemas";
import type { SegmentRules } from "./rules";

// The segment editor as people fill it in: tags separated by commas (or 、 or spaces), who (anyone,
// new, returning), optional numbers — money in yuan, full-width digits allowed. Pure, so the live size
// preview and the save read the form the same way.

export const SEGMENT_FORM_KEYS = ["name", "tagsAny", "tagsAll", "who", "dormantDays", "minOrderTotal", "minRedemptions", "withinDays"] as const;
export type SegmentFormValues = Record<(typeof SEGMENT_FORM_KEYS)[number], string>;

export const splitTags = (raw: string) =>
  raw
    .normalize("NFKC")
    .split(/[,、，;；\n]+/)
    .map((t) => t.trim())
    .filter(Boolean);

export function parseSegmentForm(v: SegmentFormValues): { ok: true; input: SegmentInput } | { ok: false; fieldErrors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const int = (key: keyof SegmentFormValues, message: string) => {
    const s = v[key].normalize("NFKC").replace(/[,\s]/g, "");
    if (!s) return undefined;
    if (!/^\d{1,9}$/.test(s)) {
      errors[key] = message;
      return undefined;
    }
    return Number(s);
  };
  const money = v.minOrderTotal.normalize("NFKC").trim();
  const minOrderTotal = money ? (parseYuan(money) ?? (errors.minOrderTotal = "segments.errors.money", undefined)) : undefined;
  const rules: Record<string, unknown> = {
    tagsAny: splitTags(v.tagsAny),
    tagsAll: splitTags(v.tagsAll),
    newConsumer: v.who === "new" ? true : v.who === "returning" ? false : undefined,
    dormantDays: int("dormantDays", "segments.errors.days"),
    minOrderTotal,
    minRedemptions: int("minRedemptions", "segments.errors.count"),
    withinDays: int("withinDays", "segments.errors.days"),
  };
  for (const k of Object.keys(rules)) if (rules[k] === undefined) delete rules[k];
  const parsed = segmentInputSchema.safeParse({ name: v.name, rules });
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, input: parsed.data };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] === "rules" ? String(issue.path[1] ?? "_form") : String(issue.path[0] ?? "_form");
      errors[key] ??= issue.message;
    }
  }
  return { ok: false, fieldErrors: errors };
}

/** A saved segment as its editor shows it. */
export function segmentFormValues(s: { name: string; rules: SegmentRules } | null): SegmentFormValues {
  const r = s?.rules ?? {};
  return {
    name: s?.name ?? "",
    tagsAny: (r.tagsAny ?? []).join(", "),
    tagsAll: (r.tagsAll ?? []).join(", "),
    who: r.newConsumer === true ? "new" : r.newConsumer === false ? "returning" : "any",
    dormantDays: r.dormantDays?.toString() ?? "",
    minOrderTotal: r.minOrderTotal !== undefined ? (r.minOrderTotal / 100).toString() : "",
    minRedemptions: r.minRedemptions?.toString() ?? "",
    withinDays: r.withinDays?.toString() ?? "",
  };
}

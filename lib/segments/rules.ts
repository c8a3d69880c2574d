import { z } from "zod";
import type { SegmentRules } from "@/db/schema";

// Segment rules (分层), pure: their schema, tag normalisation, and what a rule set says in words. Every
// rule must hold. Days are the organisation's local days, today included: "within 30 days" is today
// and the 29 days before. SQL applies them twice, kept equal by a test: consumer_in_segment() for one
// consumer (claims, sends) and lib/segments/sql.ts for lists, sizes and batches.

export type { SegmentRules };

export const MAX_TAG_LENGTH = 40;
export const MAX_TAGS = 50;

/** A tag as stored: NFKC (full-width letters become half-width), trimmed, inner space collapsed, lower case. */
export function normalizeTag(raw: string): string {
  return raw.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

export const tagSchema = z
  .string("segments.errors.tag")
  .transform(normalizeTag)
  .pipe(z.string().min(1, "segments.errors.tag").max(MAX_TAG_LENGTH, "segments.errors.tagLength").regex(/^[^,\u0000-\u001f]+$/, "segments.errors.tag"));

export const tagListSchema = z
  .array(tagSchema)
  .max(MAX_TAGS, "segments.errors.tooManyTags")
  .transform((tags) => [...new Set(tags)]);

const days = z.number("segments.errors.days").int("segments.errors.days").min(1, "segments.errors.days").max(3650, "segments.errors.days");

export const segmentRulesSchema = z
  .object({
    tagsAny: tagListSchema.optional(),
    tagsAll: tagListSchema.optional(),
    newConsumer: z.boolean().optional(),
    dormantDays: days.optional(),
    minOrderTotal: z.number("segments.errors.money").int("segments.errors.money").min(1, "segments.errors.money").max(1e12, "segments.errors.money").optional(),
    minRedemptions: z.number("segments.errors.count").int("segments.errors.count").min(1, "segments.errors.count").max(100_000, "segments.errors.count").optional(),
    withinDays: days.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.withinDays !== undefined && r.minOrderTotal === undefined && r.minRedemptions === undefined) {
      ctx.addIssue({ code: "custom", path: ["withinDays"], message: "segments.errors.withinAlone" });
    }
  })
  .transform((r): SegmentRules => {
    const out: SegmentRules = {};
    if (r.tagsAny?.length) out.tagsAny = r.tagsAny;
    if (r.tagsAll?.length) out.tagsAll = r.tagsAll;
    if (r.newConsumer !== undefined) out.newConsumer = r.newConsumer;
    if (r.dormantDays !== undefined) out.dormantDays = r.dormantDays;
    if (r.minOrderTotal !== undefined) out.minOrderTotal = r.minOrderTotal;
    if (r.minRedemptions !== undefined) out.minRedemptions = r.minRedemptions;
    if (r.withinDays !== undefined) out.withinDays = r.withinDays;
    return out;
  });

/**
 * Rules that no consumer can meet together: a new consumer (never claimed) has never redeemed either,
 * so cannot be dormant or have spent. The editor says so; saving is still allowed.
 */
export function contradiction(r: SegmentRules): "newButActive" | null {
  if (r.newConsumer === true && (r.dormantDays !== undefined || r.minOrderTotal !== undefined || r.minRedemptions !== undefined)) {
    return "newButActive";
  }
  return null;
}

/** The rules as plain facts for the UI to put in words, in a fixed order. */
export function describeRules(r: SegmentRules): { key: string; values: Record<string, string | number> }[] {
  const out: { key: string; values: Record<string, string | number> }[] = [];
  if (r.tagsAny?.length) out.push({ key: "tagsAny", values: { tags: r.tagsAny.join("、") } });
  if (r.tagsAll?.length) out.push({ key: "tagsAll", values: { tags: r.tagsAll.join("、") } });
  if (r.newConsumer === true) out.push({ key: "newConsumer", values: {} });
  if (r.newConsumer === false) out.push({ key: "returningConsumer", values: {} });
  if (r.dormantDays !== undefined) out.push({ key: "dormant", values: { days: r.dormantDays } });
  const within = r.withinDays;
  if (r.minOrderTotal !== undefined) out.push({ key: within ? "spendWithin" : "spendEver", values: { yuan: (r.minOrderTotal / 100).toFixed(2), days: within ?? 0 } });
  if (r.minRedemptions !== undefined) out.push({ key: within ? "redemptionsWithin" : "redemptionsEver", values: { count: r.minRedemptions, days: within ?? 0 } });
  if (out.length === 0) out.push({ key: "everyone", values: {} });
  return out;
}

/** Whether one consumer's counters meet the rules (the pure form of consumer_in_segment, for tests and previews). */
export function matchesRules(
  r: SegmentRules,
  k: { tags: string[]; claimCount: number; redemptionCount: number; orderTotal: number; lastRedemptionAt: Date | null; erased?: boolean },
  window: { todayStart: Date; orderTotal: number; redemptions: number },
): boolean {
  if (k.erased) return false;
  if (r.tagsAny?.length && !r.tagsAny.some((t) => k.tags.includes(t))) return false;
  if (r.tagsAll?.length && !r.tagsAll.every((t) => k.tags.includes(t))) return false;
  if (r.newConsumer !== undefined && r.newConsumer !== (k.claimCount === 0)) return false;
  if (r.dormantDays !== undefined) {
    const boundary = window.todayStart.getTime() - (r.dormantDays - 1) * 86_400_000;
    if (!k.lastRedemptionAt || k.lastRedemptionAt.getTime() >= boundary) return false;
  }
  const total = r.withinDays ? window.orderTotal : k.orderTotal;
  const count = r.withinDays ? window.redemptions : k.redemptionCount;
  if (r.minOrderTotal !== undefined && total < r.minOrderTotal) return false;
  if (r.minRedemptions !== undefined && count < r.minRedemptions) return false;
  return true;
}

/**
 * Who an offer is for, in the words a consumer understands (shown on the landing page, and as the
 * reason when a claim is refused `not_eligible`): the campaign's audience, and for a segment its most
 * telling rule. Null for an offer open to everyone.
 */
export function eligibilityHint(
  audience: "all" | "new" | "tagged" | "segment",
  audienceTag: string | null,
  rules: SegmentRules | null,
): { key: string; values: Record<string, string | number> } | null {
  if (audience === "all") return null;
  if (audience === "new") return { key: "new", values: {} };
  if (audience === "tagged") return { key: "tagged", values: { tag: audienceTag ?? "" } };
  const r = rules ?? {};
  if (r.newConsumer === true) return { key: "new", values: {} };
  if (r.dormantDays !== undefined) return { key: "dormant", values: { days: r.dormantDays } };
  if (r.minOrderTotal !== undefined) return { key: r.withinDays ? "spendWithin" : "spend", values: { yuan: (r.minOrderTotal / 100).toFixed(0), days: r.withinDays ?? 0 } };
  if (r.minRedemptions !== undefined) return { key: r.withinDays ? "visitsWithin" : "visits", values: { count: r.minRedemptions, days: r.withinDays ?? 0 } };
  if (r.newConsumer === false) return { key: "returning", values: {} };
  if (r.tagsAny?.length || r.tagsAll?.length) return { key: "members", values: {} };
  return { key: "selected", values: {} };
}

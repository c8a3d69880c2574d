import { z } from "zod";
import { sortedTiers } from "./rules";

const fen = z.number().int().min(0).max(100_000_000);
const isoDate = z.iso.datetime({ offset: true });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "campaign.errors.time");

export const usableHoursSchema = z
  .object({
    weekdays: z.array(z.number().int().min(1).max(7)).min(1, "campaign.errors.weekdays").max(7),
    slots: z
      .array(z.object({ from: hhmm, to: hhmm }).refine((s) => s.from < s.to, { message: "campaign.errors.slotOrder", path: ["to"] }))
      .max(6),
  })
  .meta({ id: "UsableHours", description: "Weekdays (1 = Monday … 7 = Sunday) and local time slots when codes may be redeemed." });

export const CAMPAIGN_TYPES = ["amount_off", "percent_off", "gift", "stored_value", "tiered_off"] as const;
export const CLAIM_MODES = ["open", "closed_keep_issued"] as const;
export const MAX_TIERS = 5;
export const MAX_SCOPE_ITEMS = 50;

/** 满减 tier: an order of at least `minSpend` fen gets `value` fen off (less than the order, so never free). */
export const tierSchema = z
  .object({ minSpend: fen.positive(), value: fen.positive() })
  .refine((t) => t.value < t.minSpend, { message: "campaign.errors.tierValueBelowMin", path: ["value"] })
  .meta({ id: "Tier" });

const scopeList = z
  .array(z.string().trim().min(1).max(80))
  .max(MAX_SCOPE_ITEMS, "campaign.errors.scopeTooMany")
  .optional();

/** Which order lines count (the POS's `items`): included SKUs or categories (none = all), minus excluded ones. */
export const productScopeSchema = z
  .object({ categories: scopeList, skus: scopeList, excludeCategories: scopeList, excludeSkus: scopeList })
  .meta({ id: "ProductScope", description: "Which order lines count: included categories or SKUs (none listed = all), minus excluded ones; compared case-insensitively." });

/** The campaign's discount budget in fen: a total and a cap per local day, either optional. */
export const budgetSchema = z
  .object({ total: fen.positive().nullish(), daily: fen.positive().nullish() })
  .meta({ id: "Budget", description: "Discount budget in fen; redemptions that would pass it are refused (budget_exhausted)." });

/** The fields of a campaign as the API and the form submit them (money in fen, times ISO 8601). */
export const campaignFieldsSchema = z.object({
  name: z.string().trim().min(1).max(120),
  type: z.enum(CAMPAIGN_TYPES),
  value: fen.positive().nullish(),
  minSpend: fen.default(0),
  percentOff: z.number().int().min(1).max(100, "campaign.errors.percentOver100").nullish(),
  maxDiscount: fen.positive().nullish(),
  giftName: z.string().trim().min(1).max(80).nullish(),
  initialBalance: fen.positive().nullish(),
  tiers: z
    .array(tierSchema)
    .max(MAX_TIERS, "campaign.errors.tiersTooMany")
    .nullish()
    .meta({ description: "tiered_off: 1–5 tiers, minSpend and value both strictly ascending; the highest tier an order reaches applies." }),
  budget: budgetSchema.nullish(),
  productScope: productScopeSchema.nullish(),
  claimMode: z
    .enum(CLAIM_MODES)
    .default("open")
    .meta({ description: "closed_keep_issued: no new claims (claims_closed) while codes already issued stay redeemable." }),
  validFrom: isoDate,
  validUntil: isoDate,
  validDaysAfterClaim: z.number().int().min(1).max(3650).nullish(),
  totalQuantity: z.number().int().min(1).max(100_000_000).nullish(),
  perConsumerLimit: z.number().int().min(1).max(1000).default(1),
  dailyClaimLimit: z.number().int().min(1).nullish(),
  dailyPerConsumerLimit: z.number().int().min(1).nullish(),
  usableHours: usableHoursSchema.nullish(),
  releaseAt: isoDate.nullish(),
  claimEndsAt: isoDate.nullish(),
  audience: z.enum(["all", "new", "tagged", "segment"]).default("all"),
  audienceTag: z.string().trim().min(1).max(40).nullish(),
  segmentId: z.uuid("campaign.errors.segmentRequired").nullish().meta({ description: "With audience `segment`: who may claim." }),
  followUp: z
    .object({ groupId: z.uuid("campaign.errors.followUpGroup") })
    .nullish()
    .meta({ description: "复购券: each redemption gives the consumer a code of this unique group (once per redemption)." }),
  reminders: z
    .object({
      onClaim: z.boolean().optional(),
      daysBeforeExpiry: z
        .array(z.number().int().min(1, "campaign.errors.reminderDays").max(60, "campaign.errors.reminderDays"))
        .max(3, "campaign.errors.reminderDays")
        .optional(),
    })
    .nullish()
    .meta({ description: "Texts to the consumer: on claim, and N days before the code expires; once each per code, outside quiet hours." }),
  storeIds: z.array(z.uuid()).max(500).nullish(),
  stackable: z.boolean().default(false),
  requirePhoneVerification: z.boolean().default(false),
  showRemaining: z.boolean().default(true),
  terms: z.string().max(2000).default(""),
});

type Fields = z.infer<typeof campaignFieldsSchema>;

/** Refuses impossible combinations, each on the field a person would fix. */
export function checkCampaignCombinations(c: Fields, ctx: z.RefinementCtx) {
  const issue = (path: keyof Fields, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (c.type === "amount_off") {
    if (c.value == null) issue("value", "campaign.errors.valueRequired");
    else if (c.minSpend > 0 && c.minSpend < c.value) issue("minSpend", "campaign.errors.minSpendBelowValue");
  }
  if (c.type === "percent_off" && c.percentOff == null) issue("percentOff", "campaign.errors.percentRequired");
  if (c.type === "gift" && !c.giftName) issue("giftName", "campaign.errors.giftRequired");
  if (c.type === "stored_value" && c.initialBalance == null) issue("initialBalance", "campaign.errors.balanceRequired");
  if (c.type === "tiered_off") checkTiers(c.tiers ?? [], ctx);
  checkBudget(c, ctx);
  const from = Date.parse(c.validFrom);
  const until = Date.parse(c.validUntil);
  if (until <= from) issue("validUntil", "campaign.errors.endBeforeStart");
  if (c.releaseAt && Date.parse(c.releaseAt) >= until) issue("releaseAt", "campaign.errors.releaseAfterEnd");
  if (c.claimEndsAt) {
    if (Date.parse(c.claimEndsAt) > until) issue("claimEndsAt", "campaign.errors.claimEndAfterValidity");
    if (c.releaseAt && Date.parse(c.claimEndsAt) <= Date.parse(c.releaseAt)) issue("claimEndsAt", "campaign.errors.claimEndBeforeRelease");
  }
  if (c.audience === "tagged" && !c.audienceTag) issue("audienceTag", "campaign.errors.tagRequired");
  if (c.audience === "segment" && !c.segmentId) issue("segmentId", "campaign.errors.segmentRequired");
  if (c.dailyPerConsumerLimit != null && c.dailyPerConsumerLimit > c.perConsumerLimit) {
    issue("dailyPerConsumerLimit", "campaign.errors.dailyAbovePerConsumer");
  }
  if (c.dailyClaimLimit != null && c.totalQuantity != null && c.dailyClaimLimit > c.totalQuantity) {
    issue("dailyClaimLimit", "campaign.errors.dailyAboveTotal");
  }
}

/** 满减 tiers: at least one, each higher tier asking more and giving more (the error on the row that breaks it). */
function checkTiers(tiers: { minSpend: number; value: number }[], ctx: z.RefinementCtx) {
  if (tiers.length === 0) {
    ctx.addIssue({ code: "custom", path: ["tiers"], message: "campaign.errors.tiersRequired" });
    return;
  }
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i].minSpend <= tiers[i - 1].minSpend) {
      ctx.addIssue({ code: "custom", path: ["tiers", i, "minSpend"], message: "campaign.errors.tierMinSpendOrder" });
    } else if (tiers[i].value <= tiers[i - 1].value) {
      ctx.addIssue({ code: "custom", path: ["tiers", i, "value"], message: "campaign.errors.tierValueOrder" });
    }
  }
}

/** A budget caps discounts in money, which a gift or a stored-value card does not give; a day cannot exceed the whole. */
function checkBudget(c: Fields, ctx: z.RefinementCtx) {
  const total = c.budget?.total ?? null;
  const daily = c.budget?.daily ?? null;
  if (total == null && daily == null) return;
  if (c.type === "gift" || c.type === "stored_value") {
    ctx.addIssue({ code: "custom", path: ["budget", total != null ? "total" : "daily"], message: "campaign.errors.budgetNotForType" });
    return;
  }
  if (total != null && daily != null && daily > total) {
    ctx.addIssue({ code: "custom", path: ["budget", "daily"], message: "campaign.errors.budgetDailyAboveTotal" });
  }
}

export const createCampaignSchema = campaignFieldsSchema
  .superRefine(checkCampaignCombinations)
  .meta({ id: "CampaignInput" });
export type CampaignInput = z.infer<typeof createCampaignSchema>;

export const rejectCampaignSchema = z.object({ comment: z.string().trim().min(1, "campaign.errors.commentRequired").max(1000) });

/** Keeps only the fields that belong to the chosen type, so a switched form leaves no stale values. */
export function offerColumns(c: CampaignInput) {
  const tiers = c.type === "tiered_off" ? sortedTiers(c.tiers) : null;
  return {
    value: c.type === "amount_off" ? (c.value ?? null) : null,
    // A tiered offer's threshold is its lowest tier's, so lists and the POS's "below minimum" read one column.
    minSpend: c.type === "stored_value" ? 0 : tiers?.length ? tiers[0].minSpend : c.minSpend,
    percentOff: c.type === "percent_off" ? (c.percentOff ?? null) : null,
    maxDiscount: c.type === "percent_off" ? (c.maxDiscount ?? null) : null,
    giftName: c.type === "gift" ? (c.giftName ?? null) : null,
    initialBalance: c.type === "stored_value" ? (c.initialBalance ?? null) : null,
    tiers: tiers?.length ? tiers.map((t) => ({ minSpend: t.minSpend, value: t.value })) : null,
  };
}

/** The budget as stored; gifts and stored value never carry one (the schema refuses it, this keeps old rows honest). */
export function budgetColumns(c: CampaignInput) {
  const money = c.type !== "gift" && c.type !== "stored_value";
  return { budgetTotal: money ? (c.budget?.total ?? null) : null, budgetDaily: money ? (c.budget?.daily ?? null) : null };
}

type ScopeInput = z.infer<typeof productScopeSchema>;

/** Product limits as stored: lists deduplicated (case-insensitively), empty lists dropped, nothing left → null. */
export function productScopeColumn(scope: ScopeInput | null | undefined): ScopeInput | null {
  if (!scope) return null;
  const out: ScopeInput = {};
  for (const key of ["categories", "skus", "excludeCategories", "excludeSkus"] as const) {
    const seen = new Set<string>();
    const list = (scope[key] ?? []).filter((v) => {
      const k = v.toLowerCase();
      if (!v || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    if (list.length) out[key] = list;
  }
  return Object.keys(out).length ? out : null;
}

import { z } from "zod";

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

/** The fields of a campaign as the API and the form submit them (money in fen, times ISO 8601). */
export const campaignFieldsSchema = z.object({
  name: z.string().trim().min(1).max(120),
  type: z.enum(["amount_off", "percent_off", "gift", "stored_value"]),
  value: fen.positive().nullish(),
  minSpend: fen.default(0),
  percentOff: z.number().int().min(1).max(100, "campaign.errors.percentOver100").nullish(),
  maxDiscount: fen.positive().nullish(),
  giftName: z.string().trim().min(1).max(80).nullish(),
  initialBalance: fen.positive().nullish(),
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

export const createCampaignSchema = campaignFieldsSchema
  .superRefine(checkCampaignCombinations)
  .meta({ id: "CampaignInput" });
export type CampaignInput = z.infer<typeof createCampaignSchema>;

export const rejectCampaignSchema = z.object({ comment: z.string().trim().min(1, "campaign.errors.commentRequired").max(1000) });

/** Keeps only the fields that belong to the chosen type, so a switched form leaves no stale values. */
export function offerColumns(c: CampaignInput) {
  return {
    value: c.type === "amount_off" ? (c.value ?? null) : null,
    minSpend: c.type === "stored_value" ? 0 : c.minSpend,
    percentOff: c.type === "percent_off" ? (c.percentOff ?? null) : null,
    maxDiscount: c.type === "percent_off" ? (c.maxDiscount ?? null) : null,
    giftName: c.type === "gift" ? (c.giftName ?? null) : null,
    initialBalance: c.type === "stored_value" ? (c.initialBalance ?? null) : null,
  };
}

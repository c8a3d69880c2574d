import { and, eq, sql } from "drizzle-orm";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { db } from "@/db";
import { campaigns, codeGroups, segments } from "@/db/schema";
import { maxCost } from "@/lib/campaigns/rules";
import { formatCount, formatMoney } from "@/lib/format";
import { formatBoundary, usableHoursText, type UsableHours } from "./coupon-view";
import { offerText, scopeText, type OfferFields } from "./offer";
import type { ProductScope } from "@/lib/campaigns/rules";

type Campaign = OfferFields & {
  id: string;
  validFrom: Date;
  validUntil: Date;
  validDaysAfterClaim: number | null;
  releaseAt: Date | null;
  claimEndsAt: Date | null;
  totalQuantity: number | null;
  perConsumerLimit: number;
  dailyClaimLimit: number | null;
  dailyPerConsumerLimit: number | null;
  usableHours: UsableHours | null;
  audience: "all" | "new" | "tagged" | "segment";
  audienceTag: string | null;
  orgId: string;
  segmentId: string | null;
  followUpGroupId: string | null;
  reminders: { onClaim?: boolean; daysBeforeExpiry?: number[] } | null;
  storeIds: string[];
  stackable: boolean;
  requirePhoneVerification: boolean;
  showRemaining: boolean;
  terms: string;
  productScope: ProductScope | null;
  budgetTotal: number | null;
  budgetDaily: number | null;
  claimMode: "open" | "closed_keep_issued";
};

/** The names a campaign refers to: its audience segment and its follow-up group. */
async function referenceNames(c: Campaign): Promise<{ segment: string | null; followUp: string | null }> {
  const [segment] = c.segmentId ? await db.select({ name: segments.name }).from(segments).where(and(eq(segments.id, c.segmentId), eq(segments.orgId, c.orgId))) : [];
  const [group] = c.followUpGroupId
    ? await db
        .select({ name: codeGroups.name, campaign: campaigns.name })
        .from(codeGroups)
        .innerJoin(campaigns, eq(campaigns.id, codeGroups.campaignId))
        .where(and(eq(codeGroups.id, c.followUpGroupId), eq(codeGroups.orgId, c.orgId)))
    : [];
  return { segment: segment?.name ?? null, followUp: group ? `${group.campaign} · ${group.name}` : null };
}

/** How many code groups the campaign has and how many codes they hold (the max cost counts them). */
async function groupTotals(c: Campaign): Promise<{ count: number; quantity: number }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, quantity: sql<number>`coalesce(sum(${codeGroups.quantity}), 0)::bigint` })
    .from(codeGroups)
    .where(and(eq(codeGroups.campaignId, c.id), eq(codeGroups.orgId, c.orgId)));
  return { count: Number(row?.count ?? 0), quantity: Number(row?.quantity ?? 0) };
}

/** Everything a reviewer checks before approving, in the organisation's zone; `compact` drops the rows left unset. */
export async function CampaignDetails({
  campaign: c,
  stores,
  timeZone,
  compact = false,
}: {
  campaign: Campaign;
  stores: { id: string; name: string }[];
  timeZone: string;
  compact?: boolean;
}) {
  const [refs, groups] = await Promise.all([referenceNames(c), groupTotals(c)]);
  const cost = maxCost(c, groups.quantity);
  const [t, tType, tOffer, tHours, tScope] = await Promise.all([
    getTranslations("campaigns.detail.fields"),
    getTranslations("campaign.type"),
    getTranslations("campaign.offer"),
    getTranslations("campaign.hours"),
    getTranslations("campaign.scope"),
  ]);
  const budgetText =
    [
      c.budgetTotal != null ? t("budgetTotalValue", { budget: formatMoney(c.budgetTotal) }) : null,
      c.budgetDaily != null ? t("budgetDailyValue", { budget: formatMoney(c.budgetDaily) }) : null,
    ]
      .filter(Boolean)
      .join("；") || t("noBudget");
  const names = new Map(stores.map((s) => [s.id, s.name]));
  const unlimited = t("unlimited");
  const remindDays = c.reminders?.daysBeforeExpiry ?? [];
  const remindersText = [
    c.reminders?.onClaim ? t("remindOnClaim") : null,
    remindDays.length ? t("remindBeforeExpiry", { days: remindDays.join("、") }) : null,
  ]
    .filter(Boolean)
    .join("；") || t("noReminders");
  const yesNo = (b: boolean) => (b ? t("yes") : t("no"));

  const rows: { key: string; label: string; value: ReactNode; wide?: boolean; optional?: boolean }[] = [
    { key: "type", label: t("type"), value: tType(c.type) },
    { key: "offer", label: t("offer"), value: offerText(tOffer, c) },
    // 满减 says its threshold in the offer line; the other types need it spelled out.
    ...((c.type === "percent_off" || c.type === "gift") && c.minSpend > 0
      ? [{ key: "minSpend", label: t("minSpend"), value: formatMoney(c.minSpend) }]
      : []),
    { key: "scope", label: t("scope"), value: scopeText(tScope, c.productScope) ?? t("allProducts"), optional: !c.productScope },
    { key: "budget", label: t("budget"), value: budgetText, optional: c.budgetTotal == null && c.budgetDaily == null },
    { key: "claimMode", label: t("claimMode"), value: t(`claimModes.${c.claimMode}`), optional: c.claimMode === "open" },
    {
      key: "validity",
      label: t("validity"),
      value: t("window", { from: formatBoundary(c.validFrom, timeZone, "start"), until: formatBoundary(c.validUntil, timeZone, "end") }),
    },
    {
      key: "validDays",
      label: t("validDaysAfterClaim"),
      value: c.validDaysAfterClaim ? t("days", { days: c.validDaysAfterClaim }) : t("noDays"),
    },
    { key: "release", label: t("releaseAt"), value: c.releaseAt ? formatBoundary(c.releaseAt, timeZone, "start") : t("onApproval") },
    { key: "claimEnd", label: t("claimEndsAt"), value: c.claimEndsAt ? formatBoundary(c.claimEndsAt, timeZone, "end") : t("withValidity") },
    { key: "total", label: t("totalQuantity"), value: c.totalQuantity ? formatCount(c.totalQuantity) : unlimited },
    { key: "perConsumer", label: t("perConsumerLimit"), value: formatCount(c.perConsumerLimit) },
    { key: "daily", label: t("dailyClaimLimit"), value: c.dailyClaimLimit ? formatCount(c.dailyClaimLimit) : unlimited, optional: !c.dailyClaimLimit },
    {
      key: "dailyPerConsumer",
      label: t("dailyPerConsumerLimit"),
      value: c.dailyPerConsumerLimit ? formatCount(c.dailyPerConsumerLimit) : unlimited,
      optional: !c.dailyPerConsumerLimit,
    },
    {
      key: "groups",
      label: t("groups"),
      value: groups.count ? t("groupsValue", { groups: groups.count, codes: formatCount(groups.quantity) }) : t("noGroups"),
    },
    {
      key: "maxCost",
      label: t("maxCost"),
      value: cost.fen != null ? t("maxCostValue", { cost: formatMoney(cost.fen), quantity: formatCount(cost.quantity) }) : t(`maxCostNone.${cost.kind}`),
    },
    { key: "hours", label: t("hours"), value: usableHoursText(tHours, c.usableHours) },
    {
      key: "audience",
      label: t("audience"),
      value:
        c.audience === "tagged"
          ? t("audienceTagged", { tag: c.audienceTag ?? "" })
          : c.audience === "segment"
            ? t("audienceSegment", { name: refs.segment ?? "—" })
            : t(`audiences.${c.audience}`),
    },
    { key: "followUp", label: t("followUp"), value: refs.followUp ?? t("noFollowUp"), optional: !c.followUpGroupId },
    {
      key: "reminders",
      label: t("reminders"),
      value: remindersText,
      optional: !c.reminders,
    },
    {
      key: "stores",
      label: t("stores"),
      value: c.storeIds.length ? c.storeIds.map((id) => names.get(id) ?? t("archivedStore")).join(t("separator")) : t("allStores"),
    },
    { key: "stackable", label: t("stackable"), value: yesNo(c.stackable) },
    { key: "phone", label: t("requirePhoneVerification"), value: yesNo(c.requirePhoneVerification), optional: true },
    { key: "remaining", label: t("showRemaining"), value: yesNo(c.showRemaining), optional: true },
    {
      key: "terms",
      label: t("terms"),
      value: c.terms ? <span className="whitespace-pre-line">{c.terms}</span> : <span className="text-zinc-400">{t("noTerms")}</span>,
      wide: true,
    },
  ];

  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-4" data-testid="campaign-details">
      {rows
        .filter((r) => !(compact && r.optional))
        .map((r) => (
          <div key={r.key} className={r.wide ? "col-span-2" : undefined}>
            <dt className="text-xs font-medium text-zinc-500">{r.label}</dt>
            <dd className="mt-0.5 text-sm break-words text-zinc-900" data-testid={`detail-${r.key}`}>
              {r.value}
            </dd>
          </div>
        ))}
    </dl>
  );
}

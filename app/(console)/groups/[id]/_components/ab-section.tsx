import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { offerText } from "@/components/campaigns/offer";
import { VariantResults } from "@/components/groups/variant-results";
import { abResults } from "@/lib/analytics/ab";
import type { getGroup } from "@/lib/codes/queries";
import { listGroupVariants, variantSums } from "@/lib/groups/queries";
import { offerWithVariant, variantsAllowed } from "@/lib/groups/rules";
import { formatMoney } from "@/lib/format";
import { FixVariantButton, RestoreSplitButton } from "./fix-variant-button";
import { VariantEditor } from "./variant-editor";

type GroupRow = NonNullable<Awaited<ReturnType<typeof getGroup>>>;

/**
 * A/B 测试 of a unique group: the variants form until the first claim, then per variant its figures,
 * with "use this variant for everyone" (and its undo) for those who may edit groups.
 */
export async function AbSection({ orgId, row, canWrite }: { orgId: string; row: GroupRow; canWrite: boolean }) {
  const { group, campaign } = row;
  if (group.mode !== "unique") return null;
  const [t, tOffer, variants] = await Promise.all([getTranslations("groups.ab"), getTranslations("campaign.offer"), listGroupVariants(orgId, group.id)]);
  const allowed = variantsAllowed(campaign.type);
  if (!allowed && variants.length === 0) {
    return (
      <Card className="mb-6" data-testid="ab-section">
        <CardHeader title={t("title")} description={t("notForType")} />
      </Card>
    );
  }
  const sums = await variantSums(orgId, [group.id]);
  const claimed = sums.some((s) => s.claims > 0) || group.claimedCount > 0;
  // A group claimed from without variants can no longer start a test: nothing to show.
  if (claimed && variants.length === 0) return null;
  const fixed = variants.find((v) => v.id === group.fixedVariantId) ?? null;
  const results = abResults(sums.map((s) => ({ id: s.variantId, label: s.label, claims: s.claims, redemptions: s.redemptions, discount: s.discount, gmv: s.gmv }))).map((r) => {
    const v = variants.find((x) => x.id === r.id);
    return { ...r, offer: v ? offerText(tOffer, offerWithVariant(campaign, v)) : undefined };
  });
  const hints = {
    value: campaign.value != null ? formatMoney(campaign.value) : undefined,
    minSpend: formatMoney(campaign.minSpend),
    percentOff: campaign.percentOff != null ? `${campaign.percentOff}%` : undefined,
    maxDiscount: campaign.maxDiscount != null ? formatMoney(campaign.maxDiscount) : undefined,
    tiers: campaign.tiers?.length ? campaign.tiers.map((x) => `${formatMoney(x.minSpend)}−${formatMoney(x.value)}`).join("，") : undefined,
  };

  return (
    <Card className="mb-6" data-testid="ab-section">
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody className="space-y-4">
        {fixed ? (
          <Alert tone="info" title={t("fixedTitle", { label: fixed.label })} testId="variant-fixed">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p>{t("fixedDescription")}</p>
              {canWrite ? <RestoreSplitButton groupId={group.id} /> : null}
            </div>
          </Alert>
        ) : null}
        {claimed && variants.length ? (
          <>
            <p className="text-sm text-zinc-500">{t("lockedNote")}</p>
            <VariantResults
              rows={results}
              fixedVariantId={group.fixedVariantId}
              action={canWrite ? (r) => (r.id === group.fixedVariantId ? null : <FixVariantButton groupId={group.id} variantId={r.id} label={r.label} />) : undefined}
            />
            <p className="text-xs text-zinc-500">{t("rateNote")}</p>
          </>
        ) : canWrite && allowed ? (
          <>
            {variants.length === 0 ? <p className="text-sm text-zinc-600">{t("none")}</p> : null}
            <VariantEditor
              groupId={group.id}
              campaignType={campaign.type}
              campaignHints={hints}
              initial={variants.map((v) => ({ label: v.label, value: v.value, minSpend: v.minSpend, percentOff: v.percentOff, maxDiscount: v.maxDiscount, tiers: v.tiers }))}
            />
          </>
        ) : variants.length ? (
          <>
            <p className="text-sm text-zinc-600">{t("readOnly", { count: variants.length })}</p>
            <VariantResults rows={results} fixedVariantId={group.fixedVariantId} />
          </>
        ) : (
          <p className="text-sm text-zinc-600">{t("none")}</p>
        )}
      </CardBody>
    </Card>
  );
}

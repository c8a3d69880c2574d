import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Icon } from "@/components/layout/icons";
import { CouponPreview } from "@/components/campaigns/coupon-preview";
import { couponViewFromCampaign } from "@/components/campaigns/coupon-view";
import { BudgetMeter } from "@/components/campaigns/budget-meter";
import { ClaimModeAction, LifecycleActions } from "@/components/campaigns/lifecycle-actions";
import { Badge } from "@/components/ui/badge";
import { offerText } from "@/components/campaigns/offer";
import { CampaignStatusBadge } from "@/components/campaigns/status-badge";
import { CampaignTimeline } from "@/components/campaigns/timeline";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { ACTION_PERMISSION, displayStatus, lifecycleActionsFor } from "@/lib/campaigns/lifecycle";
import { datesArePast } from "@/lib/campaigns/rules";
import { budgetSpentToday, campaignTimeline, getCampaign, getCouponBrand, groupCounts } from "@/lib/campaigns/queries";
import { formatCount } from "@/lib/format";
import { listStores } from "@/lib/stores/queries";
import { BackLink } from "../_components/back-link";
import { CampaignDetails } from "@/components/campaigns/campaign-details";
import { DuplicateCampaignButton } from "@/components/campaigns/duplicate-button";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const t = await getTranslations("nav");
  const ctx = await requirePageContext("campaign:read");
  const id = z.uuid().safeParse((await params).id);
  const campaign = id.success ? await getCampaign(ctx.orgId, id.data) : null;
  return { title: campaign?.name ?? t("campaigns") };
}

export default async function CampaignPage({ params }: Params) {
  const ctx = await requirePageContext("campaign:read");
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const [t, tType, tOffer, campaign, timeline, stores, brand, groups] = await Promise.all([
    getTranslations("campaigns.detail"),
    getTranslations("campaign.type"),
    getTranslations("campaign.offer"),
    getCampaign(ctx.orgId, id.data),
    campaignTimeline(ctx.orgId, id.data),
    listStores(ctx.orgId),
    getCouponBrand(ctx.orgId),
    groupCounts(ctx.orgId),
  ]);
  if (!campaign) notFound();

  const timeZone = ctx.org.timeZone;
  const status = displayStatus(campaign, new Date());
  const actions = lifecycleActionsFor(campaign, { role: ctx.role, userId: ctx.userId });
  const canEdit = campaign.status === "draft" && can(ctx.role, "campaign:write");
  const canAnalyse = can(ctx.role, "analytics:read");
  const canCopy = can(ctx.role, "campaign:write");
  const tAnalytics = await getTranslations("analytics");
  const tErrors = await getTranslations("campaign.errors");
  const groupCount = groups.get(campaign.id);
  const storeList = stores.map((s) => ({ id: s.id, name: s.name }));
  const backHref = can(ctx.role, "campaign:write") ? "/campaigns" : "/reviews";
  const ownPending = campaign.status === "in_review" && campaign.submittedBy === ctx.userId;
  const claimsClosed = campaign.claimMode === "closed_keep_issued";
  // Closing claims keeps issued codes good, so it is offered on live campaigns to those who may pause them.
  const canSetClaimMode = (campaign.status === "approved" || campaign.status === "paused") && can(ctx.role, ACTION_PERMISSION.pause);
  const hasBudget = campaign.budgetTotal != null || campaign.budgetDaily != null;
  const spentToday = campaign.budgetDaily != null ? await budgetSpentToday(ctx.orgId, campaign.id, timeZone) : 0;

  return (
    <>
      <BackLink href={backHref} label={backHref === "/reviews" ? t("backToReviews") : undefined} />
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="break-words" data-testid="campaign-name">
              {campaign.name}
            </span>
            <CampaignStatusBadge status={status} />
            {claimsClosed ? (
              <span data-testid="claims-closed-badge">
                <Badge tone="amber">{t("claimsClosedBadge")}</Badge>
              </span>
            ) : null}
          </span>
        }
        description={`${tType(campaign.type)} · ${offerText(tOffer, campaign)}`}
        actions={
          canEdit || canAnalyse || canCopy ? (
            <>
              {canCopy ? <DuplicateCampaignButton campaignId={campaign.id} /> : null}
              {canAnalyse && campaign.status !== "draft" && campaign.status !== "in_review" ? (
                <ButtonLink href={`/analytics?campaign=${campaign.id}`} variant="secondary" size="sm" data-testid="campaign-analytics">
                  {tAnalytics("campaignLink")}
                </ButtonLink>
              ) : null}
              {canEdit ? (
                <ButtonLink href={`/campaigns/${campaign.id}/edit`} variant="secondary" size="sm" data-testid="campaign-edit">
                  {t("edit")}
                </ButtonLink>
              ) : null}
            </>
          ) : undefined
        }
      />

      <div className="mb-6 space-y-3">
        {campaign.status === "draft" && campaign.reviewComment ? (
          <Alert tone="warning" title={t("rejected")} testId="campaign-rejected">
            <p className="break-words whitespace-pre-line">{campaign.reviewComment}</p>
          </Alert>
        ) : null}
        {campaign.status === "draft" ? <Alert tone="info">{t("draftNote")}</Alert> : null}
        {(campaign.status === "draft" || campaign.status === "in_review") && datesArePast(campaign, new Date()) ? (
          <Alert tone="warning" testId="dates-past">
            {tErrors(campaign.status === "draft" ? "datesPast" : "datesPastReview")}
          </Alert>
        ) : null}
        {campaign.status === "in_review" ? <Alert tone="info">{ownPending ? t("inReviewOwn") : t("inReview")}</Alert> : null}
        {campaign.status === "paused" ? <Alert tone="warning">{t("pausedNote")}</Alert> : null}
        {claimsClosed && campaign.status !== "ended" ? (
          <Alert tone="info" testId="claims-closed-note">
            {t("claimsClosedNote")}
          </Alert>
        ) : null}
        {actions.length ? (
          <Card className="px-5 py-4">
            <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
              <div className="min-w-0">
                <h2 className="text-sm font-semibold text-zinc-900">{t("nextStep")}</h2>
                <p className="mt-0.5 text-sm text-zinc-600">{t(`nextStepHint.${campaign.status}`)}</p>
              </div>
              <LifecycleActions campaignId={campaign.id} campaignName={campaign.name} actions={actions} />
            </div>
          </Card>
        ) : null}
        {canSetClaimMode ? (
          <Card className="px-5 py-4" data-testid="claim-mode-card">
            <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
              <div className="min-w-0">
                <h2 className="text-sm font-semibold text-zinc-900">{t("claimMode.title")}</h2>
                <p className="mt-0.5 text-sm text-zinc-600">{claimsClosed ? t("claimMode.closedHint") : t("claimMode.openHint")}</p>
              </div>
              <ClaimModeAction campaignId={campaign.id} claimMode={campaign.claimMode} />
            </div>
          </Card>
        ) : null}
      </div>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px] xl:grid-cols-[minmax(0,1fr)_360px]">
        <div className="min-w-0 space-y-6">
          <Card>
            <CardHeader title={t("details")} />
            <CardBody>
              <CampaignDetails campaign={campaign} stores={storeList} timeZone={timeZone} />
            </CardBody>
          </Card>

          {hasBudget ? (
            <Card>
              <CardHeader title={t("budget.title")} />
              <CardBody>
                <BudgetMeter total={campaign.budgetTotal} daily={campaign.budgetDaily} spent={campaign.budgetSpent} spentToday={spentToday} />
              </CardBody>
            </Card>
          ) : null}

          <Card data-testid="campaign-groups-slot">
            <CardHeader
              title={t("groups.title")}
              description={
                groupCount
                  ? t("groups.count", { groups: groupCount.groups, codes: formatCount(groupCount.codes) })
                  : t("groups.none")
              }
              actions={
                <>
                  {can(ctx.role, "group:read") ? (
                    <ButtonLink href={`/campaigns/${campaign.id}/groups`} variant="secondary" size="sm" data-testid="campaign-groups-link">
                      {t("groups.view")}
                    </ButtonLink>
                  ) : null}
                  {can(ctx.role, "group:write") && campaign.status !== "ended" ? (
                    <ButtonLink href={`/campaigns/${campaign.id}/groups/new`} size="sm" data-testid="campaign-groups-new">
                      <Icon name="plus" className="size-4" />
                      {t("groups.new")}
                    </ButtonLink>
                  ) : null}
                </>
              }
            />
            <CardBody>
              <p className="text-sm text-zinc-600">{campaign.status === "approved" ? t("groups.hintLive") : t("groups.hint")}</p>
            </CardBody>
          </Card>

          <Card>
            <CardHeader title={t("timeline")} description={t("timelineHint", { zone: timeZone })} />
            <CardBody>
              <CampaignTimeline rows={timeline} timeZone={timeZone} />
            </CardBody>
          </Card>
        </div>

        <aside className="lg:sticky lg:top-6 lg:self-start" aria-label={t("preview")}>
          <p className="mb-3 text-center text-sm font-medium text-zinc-700">{t("preview")}</p>
          <CouponPreview
            view={couponViewFromCampaign(campaign, storeList)}
            brand={brand ?? { name: ctx.org.name, color: "#e11d48" }}
            timeZone={timeZone}
          />
        </aside>
      </div>
    </>
  );
}

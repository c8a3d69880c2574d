import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { SendsList } from "@/components/sends/sends-list";
import { can } from "@/lib/auth/permissions";
import { listSends } from "@/lib/sends/sends";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Icon } from "@/components/layout/icons";
import { CampaignDetails } from "@/components/campaigns/campaign-details";
import { LifecycleActions } from "@/components/campaigns/lifecycle-actions";
import { offerText } from "@/components/campaigns/offer";
import { lifecycleActionsFor } from "@/lib/campaigns/lifecycle";
import { datesArePast } from "@/lib/campaigns/rules";
import { campaignStoreIds, listPendingReviews } from "@/lib/campaigns/queries";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { formatDateTime } from "@/lib/format";
import { listStores } from "@/lib/stores/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("reviews") };
}

const DONE = ["approve", "reject"] as const;

export default async function ReviewsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext(sectionPermission("reviews"));
  const query = await searchParams;
  // The card of a campaign just approved or rejected has left the queue: say what happened to it.
  const done = DONE.find((d) => d === query.done);
  const doneName = typeof query.name === "string" ? query.name.slice(0, 120) : "";
  const [t, tType, tOffer, pending, stores] = await Promise.all([
    getTranslations("reviews"),
    getTranslations("campaign.type"),
    getTranslations("campaign.offer"),
    listPendingReviews(ctx.orgId),
    listStores(ctx.orgId),
  ]);
  const pendingSends = can(ctx.role, "send:approve") ? await listSends(ctx.orgId, { status: "pending_approval" }) : [];
  const storeIds = await campaignStoreIds(ctx.orgId, pending.map((p) => p.campaign.id));
  const storeList = stores.map((s) => ({ id: s.id, name: s.name }));
  const timeZone = ctx.org.timeZone;
  const tErrors = await getTranslations("campaign.errors");
  const tActions = await getTranslations("campaign.actions");
  const now = new Date();

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {done ? (
        <Alert tone="success" className="mb-6" testId="review-done">
          {tActions(`done.${done}`)}：{doneName}
        </Alert>
      ) : null}
      {pendingSends.length ? (
        <Card className="mb-6" data-testid="pending-sends">
          <CardHeader title={t("sends.title")} description={t("sends.description")} />
          <SendsList rows={pendingSends} timeZone={timeZone} canControl={false} canApprove userId={ctx.userId} />
        </Card>
      ) : null}
      {pending.length === 0 ? (
        <Card>
          <EmptyState icon={<Icon name="reviews" />} title={t("empty.title")} description={<p>{t("empty.description")}</p>} />
        </Card>
      ) : (
        <>
          <p className="mb-3 text-sm text-zinc-600">{t("pendingCount", { count: pending.length })}</p>
          <ul className="space-y-4" data-testid="reviews-list">
            {pending.map(({ campaign: c, submitterName }) => {
              const own = c.submittedBy === ctx.userId;
              return (
                <li key={c.id}>
                  <Card data-testid="review-item" data-campaign-name={c.name}>
                    <div className="flex flex-col gap-3 border-b border-zinc-200 px-5 py-4 sm:flex-row sm:items-start sm:justify-between">
                      <div className="min-w-0">
                        <h2 className="text-base font-semibold break-words text-zinc-900">
                          <Link
                            href={`/campaigns/${c.id}`}
                            className="hover:text-rose-700 focus-visible:outline-2 focus-visible:outline-rose-600"
                            data-testid="review-open"
                          >
                            {c.name}
                          </Link>
                        </h2>
                        <p className="mt-0.5 text-sm text-zinc-600">
                          {tType(c.type)} · {offerText(tOffer, c)}
                        </p>
                        {datesArePast(c, now) ? (
                          <p className="mt-1 text-sm font-medium text-amber-800" data-testid="review-dates-past">
                            {tErrors("datesPastReview")}
                          </p>
                        ) : null}
                        <p className="mt-1 text-xs text-zinc-500">
                          {t("submitted", {
                            name: own ? t("you") : (submitterName ?? "—"),
                            at: c.submittedAt ? formatDateTime(c.submittedAt, timeZone) : "—",
                          })}
                        </p>
                      </div>
                      <LifecycleActions
                        campaignId={c.id}
                        campaignName={c.name}
                        actions={lifecycleActionsFor(c, { role: ctx.role, userId: ctx.userId })}
                        doneHref="/reviews"
                      />
                    </div>
                    <div className="px-5 py-4">
                      <CampaignDetails campaign={{ ...c, storeIds: storeIds.get(c.id) ?? [] }} stores={storeList} timeZone={timeZone} compact />
                    </div>
                  </Card>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}

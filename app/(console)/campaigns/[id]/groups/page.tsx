import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Icon } from "@/components/layout/icons";
import { GroupStatusBadge } from "@/components/groups/group-status-badge";
import { QrDialog } from "@/components/groups/qr-dialog";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { getCampaign } from "@/lib/campaigns/queries";
import { runningGroupJobs } from "@/lib/codes/groups";
import { jobProgress, jobState, recordInterruptedJobs } from "@/lib/codes/jobs";
import { listGroupJobs, listGroups } from "@/lib/codes/queries";
import { formatCount } from "@/lib/format";
import { publicBaseUrl } from "@/lib/http/base-url";
import { JobsPanel } from "./_components/jobs-panel";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("groups");
  return { title: t("title") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function CampaignGroupsPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext("group:read");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const campaign = await getCampaign(ctx.orgId, id);
  if (!campaign) notFound();
  const [t, tCommon, tGroup, rows, jobs, base] = await Promise.all([
    getTranslations("groups"),
    getTranslations("common"),
    getTranslations("group"),
    listGroups(ctx.orgId, id),
    listGroupJobs(ctx.orgId, id),
    publicBaseUrl(),
  ]);
  const live = new Set(runningGroupJobs(ctx.orgId).map((j) => j.id));
  const jobViews = jobs.map((j) => jobProgress(j, jobState(j, live)));
  await recordInterruptedJobs(
    ctx.orgId,
    jobViews.filter((j) => j.state === "interrupted").map((j) => j.id),
  );
  const canWrite = can(ctx.role, "group:write") && campaign.status !== "ended";

  return (
    <>
      <nav aria-label={t("breadcrumb")} className="mb-2 text-sm">
        <Link href={`/campaigns/${id}`} className="text-zinc-500 hover:text-zinc-900">
          ← {campaign.name}
        </Link>
      </nav>
      <PageHeader
        title={t("title")}
        description={t("description", { campaign: campaign.name })}
        actions={
          canWrite ? (
            <ButtonLink href={`/campaigns/${id}/groups/new`} data-testid="group-new">
              <Icon name="plus" className="size-4" />
              {t("new")}
            </ButtonLink>
          ) : null
        }
      />
      <JobsPanel jobs={jobViews} campaignId={id} orgId={ctx.orgId} />
      <Card>
        {rows.length === 0 ? (
          <EmptyState
            icon={<Icon name="links" />}
            title={t("empty.title")}
            description={<p>{t("empty.description")}</p>}
            action={canWrite ? <ButtonLink href={`/campaigns/${id}/groups/new`}>{t("new")}</ButtonLink> : undefined}
          />
        ) : (
          // A list, not a table: the claim link and its QR stay usable on a phone.
          <div data-testid="groups-list">
            <div
              aria-hidden="true"
              className="hidden gap-4 border-b border-zinc-200 bg-zinc-50/80 px-5 py-2.5 text-xs font-medium tracking-wide text-zinc-500 uppercase lg:grid lg:grid-cols-[minmax(0,1.2fr)_minmax(0,0.9fr)_6.5rem_7rem_minmax(17rem,1.4fr)]"
            >
              <span>{t("columns.name")}</span>
              <span>{t("columns.binding")}</span>
              <span>{t("columns.mode")}</span>
              <span className="text-right">{t("columns.claimed")}</span>
              <span>{t("columns.link")}</span>
            </div>
            <ul className="divide-y divide-zinc-100">
              {rows.map(({ group: g, influencerName }) => {
                const claimUrl = `${base}/c/${g.slug}`;
                return (
                  <li
                    key={g.id}
                    data-testid={`group-row-${g.slug}`}
                    className="grid gap-x-4 gap-y-2 px-5 py-4 text-sm lg:grid-cols-[minmax(0,1.2fr)_minmax(0,0.9fr)_6.5rem_7rem_minmax(17rem,1.4fr)] lg:items-center"
                  >
                    <div className="min-w-0">
                      <div className="flex flex-wrap items-center gap-2">
                        <Link href={`/groups/${g.id}`} className="font-medium text-zinc-900 hover:text-rose-700 hover:underline" data-testid="group-link">
                          {g.name}
                        </Link>
                        <GroupStatusBadge group={g} campaign={campaign} />
                      </div>
                      <div className="mt-0.5 font-mono text-xs text-zinc-500">/c/{g.slug}</div>
                    </div>
                    <div className="min-w-0 text-zinc-700">
                      {influencerName ? (
                        <>
                          <span className="text-xs text-zinc-500">{t("influencer")} </span>
                          {influencerName}
                        </>
                      ) : g.channel ? (
                        <>
                          <span className="text-xs text-zinc-500">{t("channel")} </span>
                          {g.channel}
                        </>
                      ) : (
                        <span className="text-zinc-400">{tCommon("none")}</span>
                      )}
                    </div>
                    <div className="flex flex-wrap items-center gap-2 lg:flex-col lg:items-start lg:gap-1">
                      <Badge tone={g.mode === "shared" ? "violet" : "blue"}>{tGroup(`mode.${g.mode}`)}</Badge>
                      {g.sharedCode ? <span className="font-mono text-xs text-zinc-700">{g.sharedCode}</span> : null}
                    </div>
                    <div className="text-zinc-700 tabular-nums lg:text-right">
                      <span className="text-xs text-zinc-500 lg:hidden">{t("columns.claimed")} </span>
                      {t("claimed", { claimed: formatCount(g.claimedCount), quantity: formatCount(g.quantity) })}
                    </div>
                    <div className="flex min-w-0 items-center gap-2">
                      <div className="min-w-0 flex-1">
                        <CopyField
                          value={claimUrl}
                          display={`/c/${g.slug}`}
                          label={t("linkLabel", { group: g.name })}
                          copyLabel={tCommon("copy")}
                          copiedLabel={tCommon("copied")}
                          testId={`claim-link-${g.slug}`}
                        />
                      </div>
                      <QrDialog groupId={g.id} slug={g.slug} name={g.name} claimUrl={claimUrl} />
                    </div>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </Card>
    </>
  );
}

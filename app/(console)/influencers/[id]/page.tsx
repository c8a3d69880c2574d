import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { RawSearchParams } from "@/components/data-table/params";
import { getInfluencer, listInfluencerAccounts } from "@/lib/influencers/queries";
import { can } from "@/lib/auth/permissions";
import { listCampaigns } from "@/lib/campaigns/queries";
import { requirePageContext } from "@/lib/auth/session";
import { formatCount, formatDate, formatDateTime } from "@/lib/format";
import { ArchiveButton } from "@/components/forms/archive-button";
import { archiveInfluencerAction, restoreInfluencerAction } from "@/lib/influencers/actions";
import { BackLink } from "@/components/ui/back-link";
import { InfluencerForm } from "../_components/influencer-form";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ctx = await requirePageContext("influencer:read");
  const influencer = await getInfluencer(ctx.orgId, (await params).id);
  const t = await getTranslations("nav");
  return { title: influencer?.displayName ?? t("influencers") };
}

// One influencer: the edit form for writers, the same fields read-only for readers (reviewers).
export default async function InfluencerPage({ params, searchParams }: Props) {
  const ctx = await requirePageContext("influencer:read");
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const influencer = await getInfluencer(ctx.orgId, id);
  if (!influencer) notFound();
  const canWrite = can(ctx.role, "influencer:write");
  const [t, tPlatform, allAccounts] = await Promise.all([
    getTranslations("influencers"),
    getTranslations("platform"),
    canWrite ? listInfluencerAccounts(ctx.orgId) : Promise.resolve([]),
  ]);
  // A reader's disabled select still has to show who is linked.
  const accounts =
    canWrite || !influencer.userId
      ? allAccounts
      : [{ id: influencer.userId, name: influencer.userName ?? "", email: influencer.userEmail ?? "", linkedCount: 1 }];
  const archived = Boolean(influencer.archivedAt);
  const tz = ctx.org.timeZone;
  // "Create a code group for this influencer": pick one of the campaigns that can still take groups.
  const canCreateGroup = can(ctx.role, "group:write") && !archived;
  const openCampaigns = canCreateGroup ? (await listCampaigns(ctx.orgId, { limit: 20 })).items.filter((c) => c.status !== "ended") : [];

  return (
    <div className="max-w-5xl">
      <BackLink href="/influencers">{t("backToList")}</BackLink>
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {influencer.displayName}
            {archived ? <Badge>{t("status.archived")}</Badge> : null}
          </span>
        }
        description={[tPlatform(influencer.platform), influencer.handle].filter(Boolean).join(" · ")}
        actions={canWrite ? <ArchiveButton id={influencer.id} name={influencer.displayName} archived={archived} archiveAction={archiveInfluencerAction} restoreAction={restoreInfluencerAction} namespace="influencers" kind="influencer" /> : null}
      />
      {archived ? (
        <Alert tone="warning" className="mb-6" testId="influencer-archived">
          {t("archivedNotice", { date: formatDateTime(influencer.archivedAt!, tz) })}
        </Alert>
      ) : !canWrite ? (
        <Alert tone="info" className="mb-6">
          {t("readOnly")}
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem] lg:items-start">
        <Card>
          <CardBody className="py-5">
            <InfluencerForm
              influencer={{
                id: influencer.id,
                displayName: influencer.displayName,
                platform: influencer.platform,
                handle: influencer.handle,
                notes: influencer.notes,
                userId: influencer.userId,
              }}
              accounts={accounts}
              readOnly={!canWrite || archived}
              notice={query.created === "1" ? "influencers.createdMessage" : undefined}
            />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("details.title")} />
          <dl className="divide-y divide-zinc-100 text-sm">
            <div className="flex justify-between gap-4 px-5 py-3">
              <dt className="text-zinc-500">{t("details.created")}</dt>
              <dd className="tabular-nums text-zinc-900">{formatDate(influencer.createdAt, tz)}</dd>
            </div>
            <div className="flex justify-between gap-4 px-5 py-3">
              <dt className="text-zinc-500">{t("details.groups")}</dt>
              <dd className="tabular-nums text-zinc-900">{formatCount(influencer.groupCount)}</dd>
            </div>
            <div className="flex justify-between gap-4 px-5 py-3">
              <dt className="shrink-0 text-zinc-500">{t("details.user")}</dt>
              <dd className="min-w-0 truncate text-right text-zinc-900" title={influencer.userEmail ?? undefined}>
                {influencer.userId ? influencer.userName : <span className="text-zinc-400">{t("details.none")}</span>}
              </dd>
            </div>
          </dl>
        </Card>
        {canCreateGroup && openCampaigns.length ? (
          <Card data-testid="influencer-create-group" className="lg:col-start-2">
            <CardHeader title={t("createGroup")} />
            <ul className="divide-y divide-zinc-100 text-sm">
              {openCampaigns.map((c) => (
                <li key={c.id}>
                  <Link href={`/campaigns/${c.id}/groups/new?influencer=${influencer.id}`} className="block truncate px-5 py-3 text-zinc-900 hover:bg-zinc-50 hover:text-rose-700" title={c.name}>
                    {c.name}
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </div>
    </div>
  );
}

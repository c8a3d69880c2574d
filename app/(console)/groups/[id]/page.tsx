import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { PageHeader } from "@/components/ui/page-header";
import { offerText } from "@/components/campaigns/offer";
import { CodesTable } from "@/components/groups/codes-table";
import { FreezeControls } from "@/components/groups/freeze-controls";
import { GroupStatusBadge } from "@/components/groups/group-status-badge";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { CODE_PAGE_SIZES, parseCodesPageParams } from "@/lib/codes/codes-params";
import { getGroup, listCodes } from "@/lib/codes/queries";
import { formatCount, formatDateTime } from "@/lib/format";
import { publicBaseUrl } from "@/lib/http/base-url";
import { AbSection } from "./_components/ab-section";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("groups.detail");
  return { title: t("metaTitle") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function GroupPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const ctx = await requirePageContext("group:read");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const row = await getGroup(ctx.orgId, id);
  if (!row) notFound();
  const { group, campaign, influencer } = row;
  const query = parseCodesPageParams(await searchParams);
  const [t, tCommon, tGroup, tOffer, page, base] = await Promise.all([
    getTranslations("groups"),
    getTranslations("common"),
    getTranslations("group"),
    getTranslations("campaign.offer"),
    listCodes(ctx.orgId, id, query),
    publicBaseUrl(),
  ]);
  const claimUrl = `${base}/c/${group.slug}`;
  const canFreeze = can(ctx.role, "group:freeze");
  const canExport = can(ctx.role, "code:export");
  const canWrite = can(ctx.role, "group:write");
  const qr = `/groups/${group.id}/qr`;

  return (
    <>
      <nav aria-label={t("breadcrumb")} className="mb-2 text-sm">
        <Link href={`/campaigns/${campaign.id}/groups`} className="text-zinc-500 hover:text-zinc-900">
          ← {t("backToGroups", { campaign: campaign.name })}
        </Link>
      </nav>
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-3">
            {group.name}
            <GroupStatusBadge group={group} campaign={campaign} />
          </span>
        }
        description={
          influencer
            ? t("detail.descriptionInfluencer", { campaign: campaign.name, influencer: influencer.displayName })
            : group.channel
              ? t("detail.descriptionChannel", { campaign: campaign.name, channel: group.channel })
              : campaign.name
        }
        actions={canFreeze ? <FreezeControls groupId={group.id} status={group.status} /> : null}
      />
      {group.status === "frozen" ? (
        <Alert tone="error" title={t("detail.frozenTitle")} className="mb-6" testId="group-frozen">
          {t("detail.frozenReason", { reason: group.frozenReason || tCommon("none") })}
        </Alert>
      ) : null}

      <div className="mb-6 grid gap-6 lg:grid-cols-[minmax(0,1.2fr)_minmax(0,1fr)]">
        <Card>
          <CardHeader title={t("detail.link")} description={t("detail.linkDescription")} />
          <CardBody className="flex flex-col gap-5 sm:flex-row sm:items-start">
            <img src={`${qr}?format=svg&size=screen`} alt={t("qr.alt", { group: group.name })} width={160} height={160} className="size-40 shrink-0 self-center rounded-lg border border-zinc-200 bg-white sm:self-start" />
            <div className="min-w-0 flex-1 space-y-4">
              <CopyField value={claimUrl} label={t("linkLabel", { group: group.name })} copyLabel={tCommon("copy")} copiedLabel={tCommon("copied")} testId="group-claim-url" />
              <div className="flex flex-wrap gap-2">
                <a className={buttonClasses({ variant: "secondary", size: "sm" })} href={`${qr}?format=png&size=screen&download=1`} download>
                  {t("qr.pngScreen")}
                </a>
                <a className={buttonClasses({ variant: "secondary", size: "sm" })} href={`${qr}?format=png&size=print&download=1`} download data-testid="qr-png-print">
                  {t("qr.pngPrint")}
                </a>
                <a className={buttonClasses({ variant: "secondary", size: "sm" })} href={`${qr}?format=svg&size=print&download=1`} download data-testid="qr-svg-print">
                  {t("qr.svgPrint")}
                </a>
              </div>
              <Link className={buttonClasses({ variant: "primary", size: "sm" })} href={`/groups/${group.id}/sheet`} target="_blank" data-testid="group-sheet">
                {t("qr.sheet")}
              </Link>
            </div>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("detail.settings")} />
          <CardBody>
            <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2.5 text-sm">
              <dt className="text-zinc-500">{t("detail.offer")}</dt>
              <dd className="text-zinc-900">{offerText(tOffer, campaign)}</dd>
              <dt className="text-zinc-500">{t("columns.mode")}</dt>
              <dd>
                <Badge tone={group.mode === "shared" ? "violet" : "blue"}>{tGroup(`mode.${group.mode}`)}</Badge>
                {group.sharedCode ? <span className="ml-2 font-mono text-zinc-900">{group.sharedCode}</span> : null}
              </dd>
              <dt className="text-zinc-500">{group.mode === "shared" ? t("detail.total") : t("detail.quantity")}</dt>
              <dd className="text-zinc-900 tabular-nums" data-testid="group-quantity">{formatCount(group.quantity)}</dd>
              <dt className="text-zinc-500">{t("columns.claimed")}</dt>
              <dd className="text-zinc-900 tabular-nums">{formatCount(group.claimedCount)}</dd>
              {group.mode === "unique" ? (
                <>
                  <dt className="text-zinc-500">{t("detail.format")}</dt>
                  <dd className="text-zinc-900">
                    {group.codeLength
                      ? t("detail.formatValue", { prefix: group.prefix || tCommon("none"), length: group.codeLength })
                      : t("detail.imported")}
                  </dd>
                </>
              ) : (
                <>
                  <dt className="text-zinc-500">{t("detail.perConsumer")}</dt>
                  <dd className="text-zinc-900">{group.perConsumerLimit ?? campaign.perConsumerLimit}</dd>
                </>
              )}
              <dt className="text-zinc-500">{t("detail.created")}</dt>
              <dd className="text-zinc-900 tabular-nums">{formatDateTime(group.createdAt, ctx.org.timeZone)}</dd>
            </dl>
          </CardBody>
        </Card>
      </div>

      <AbSection orgId={ctx.orgId} row={row} canWrite={canWrite} />

      <Card>
        <CardHeader
          title={t("codes.title")}
          description={t("codes.description")}
          actions={
            canExport ? (
              <>
                <a className={buttonClasses({ variant: "secondary", size: "sm" })} href={`/groups/${group.id}/export?format=csv`} download data-testid="export-csv">
                  {t("codes.exportCsv")}
                </a>
                <a className={buttonClasses({ variant: "secondary", size: "sm" })} href={`/groups/${group.id}/export?format=xlsx`} download data-testid="export-xlsx">
                  {t("codes.exportXlsx")}
                </a>
              </>
            ) : null
          }
        />
        <CodesTable
          groupId={group.id}
          rows={page.items}
          nextCursor={page.nextCursor}
          params={query}
          pageSizes={CODE_PAGE_SIZES}
          canVoid={canFreeze}
          timeZone={ctx.org.timeZone}
        />
      </Card>
    </>
  );
}

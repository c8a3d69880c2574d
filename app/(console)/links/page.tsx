import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Icon } from "@/components/layout/icons";
import { QrDialog } from "@/components/groups/qr-dialog";
import { listInfluencerLinks } from "@/lib/groups/queries";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { DEFAULT_TIME_ZONE, formatCount } from "@/lib/format";
import { publicBaseUrl } from "@/lib/http/base-url";
import { getInfluencerStats } from "@/lib/insights/influencer";
import { InfluencerInsights } from "./_components/influencer-insights";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("links") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LinksPage({ searchParams }: Props) {
  const ctx = await requirePageContext(sectionPermission("links"));
  // An influencer sees only the groups bound to their own profile; the owner sees every influencer's.
  const own = ctx.role === "influencer";
  const timeZone = ctx.org.timeZone || DEFAULT_TIME_ZONE;
  const query = await searchParams;
  const [t, tCommon, tGroup, tPlatform, rows, base] = await Promise.all([
    getTranslations("links"),
    getTranslations("common"),
    getTranslations("group"),
    getTranslations("platform"),
    listInfluencerLinks(ctx.orgId, own ? { userId: ctx.userId } : {}),
    publicBaseUrl(),
  ]);
  // ?group=<id> narrows the daily numbers to one of the influencer's own groups; anything else is ignored.
  const wanted = typeof query.group === "string" ? query.group : undefined;
  const selected = own && wanted && rows.some((g) => g.id === wanted) ? wanted : undefined;
  const stats = own && rows.length > 0 ? await getInfluencerStats(ctx.orgId, ctx.userId, { timeZone, groupId: selected }) : null;
  // The owner may also open the printable sheet, which lives under the console's group pages.
  const sheets = can(ctx.role, "group:read");

  const grid = own
    ? "md:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)_6rem_minmax(0,22rem)]"
    : "md:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,1fr)_6rem_minmax(0,22rem)]";

  return (
    <>
      <PageHeader title={own ? t("title") : t("titleOwner")} description={own ? t("description") : t("descriptionOwner")} />
      <Card>
        {rows.length === 0 ? (
          <EmptyState
            icon={<Icon name="links" />}
            title={own ? t("empty.title") : t("emptyOwner.title")}
            description={<p>{own ? t("empty.description") : t("emptyOwner.description")}</p>}
          />
        ) : (
          // A list rather than a table: influencers open this on a phone, and the link must stay in view there.
          <div data-testid="links-table">
            <div
              aria-hidden="true"
              className={`hidden gap-4 border-b border-zinc-200 bg-zinc-50/80 px-5 py-2.5 text-xs font-medium tracking-wide text-zinc-500 uppercase md:grid ${grid}`}
            >
              <span>{t("columns.group")}</span>
              {own ? null : <span>{t("columns.influencer")}</span>}
              <span>{t("columns.mode")}</span>
              <span className="text-right">{t("columns.claimed")}</span>
              <span>{t("columns.link")}</span>
            </div>
            <ul className="divide-y divide-zinc-100">
              {rows.map((g) => {
                const claimUrl = `${base}/c/${g.slug}`;
                return (
                  <li key={g.id} className={`grid gap-x-4 gap-y-2 px-5 py-4 text-sm md:items-center ${grid}`} data-testid={`link-row-${g.slug}`}>
                    <div className="min-w-0">
                      <div className="font-medium text-zinc-900">{g.name}</div>
                      <div className="text-xs text-zinc-500">{g.campaignName}</div>
                    </div>
                    {own ? null : (
                      <div className="text-zinc-700">
                        {g.influencerName}
                        <span className="ml-2 text-xs text-zinc-500 md:ml-0 md:block">{tPlatform(g.platform)}</span>
                      </div>
                    )}
                    <div className="flex flex-wrap items-center gap-2 md:flex-col md:items-start md:gap-1">
                      <Badge tone={g.status === "active" ? "green" : g.status === "frozen" ? "red" : "neutral"}>{tGroup(`status.${g.status}`)}</Badge>
                      <span className="text-xs text-zinc-500">
                        {tGroup(`mode.${g.mode}`)}
                        {g.sharedCode ? <span className="ml-1 font-mono text-zinc-700">{g.sharedCode}</span> : null}
                      </span>
                    </div>
                    <div className="text-zinc-700 tabular-nums md:text-right">
                      <span className="text-xs text-zinc-500 md:hidden">{t("columns.claimed")} </span>
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
                      <QrDialog
                        groupId={g.id}
                        slug={g.slug}
                        name={g.name}
                        claimUrl={claimUrl}
                        qrPath={`/links/${g.id}/qr`}
                        sheetHref={sheets ? `/groups/${g.id}/sheet` : null}
                      />
                    </div>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </Card>
      {stats ? (
        <InfluencerInsights
          stats={stats}
          groups={rows.map((g) => ({ id: g.id, name: g.name }))}
          selected={selected}
        />
      ) : null}
    </>
  );
}

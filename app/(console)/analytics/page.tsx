import type { Metadata } from "next";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { DailyFunnelChart } from "@/components/charts/daily-funnel-chart";
import { SimpleBarChart } from "@/components/charts/bar-chart";
import { listParamsSchema, pageOffset, parseListParams, type ListParamsBase } from "@/components/data-table/params";
import { Alert } from "@/components/ui/alert";
import { ButtonLink, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Icon } from "@/components/layout/icons";
import { getDashboard, listAnalyticsCampaigns, type Dashboard } from "@/lib/analytics/dashboard";
import { durationParts, formatRate, formatRoi } from "@/lib/analytics/metrics";
import { getReminderEffect, type ReminderEffect } from "@/lib/analytics/queries";
import { rate } from "@/lib/insights/rules";
import { LEADERBOARD_SORTS, parseDashboardParams, type LeaderboardSort, type RawParams } from "@/lib/analytics/schemas";
import { hourLabel, sortLeaderboard, WEEKDAY_KEYS } from "@/lib/analytics/tables";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { formatCount, formatMoney } from "@/lib/format";
import { dateInZone } from "@/lib/time";
import { AutoSubmitSelect } from "./_components/auto-submit-select";
import { Funnel } from "./_components/funnel";
import { hrefWith } from "./_components/href";
import { LeaderboardTable } from "./_components/leaderboard-table";
import { RangeFilter } from "./_components/range-filter";
import { CsvLink, Section } from "./_components/section";
import { controlClasses } from "@/components/ui/input";
import { VariantResults } from "@/components/groups/variant-results";
import { abResults } from "@/lib/analytics/ab";
import { groupsWithVariants } from "@/lib/groups/queries";
import Link from "next/link";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("analytics") };
}

const leaderboardParams = listParamsSchema({ sort: LEADERBOARD_SORTS, defaultSort: "redemptions", defaultDir: "desc", defaultPageSize: 20 });

type Props = { searchParams: Promise<RawParams> };

export default async function AnalyticsPage({ searchParams }: Props) {
  const ctx = await requirePageContext("analytics:read");
  const sp = await searchParams;
  const timeZone = ctx.org.timeZone;
  const { campaignId, range } = parseDashboardParams(sp, dateInZone(new Date(), timeZone));
  const [t, campaigns] = await Promise.all([getTranslations("analytics"), listAnalyticsCampaigns(ctx.orgId)]);
  const campaign = campaignId ? campaigns.find((c) => c.id === campaignId) : undefined;
  if (campaignId && !campaign) notFound();
  const [d, reminders, abGroups] = await Promise.all([
    getDashboard(ctx.orgId, { timeZone, range, campaignId }),
    getReminderEffect(ctx.orgId, { timeZone, from: range.from, to: range.to, campaignId }),
    groupsWithVariants(ctx.orgId, { campaignId }),
  ]);

  const view = { campaign: campaignId ?? undefined, range: range.preset === null ? "custom" : String(range.preset), from: range.preset === null ? range.from : undefined, to: range.preset === null ? range.to : undefined };
  const csv = (table: string, extra: Record<string, string> = {}) => hrefWith("/analytics/export", view, { table, ...extra });
  const lp = parseListParams(leaderboardParams, sp);
  const sorted = sortLeaderboard(d.leaderboard, lp.sort, lp.dir);
  const canWrite = can(ctx.role, "group:write");

  return (
    <>
      <PageHeader
        title={t("title")}
        description={campaign ? t("descriptionCampaign", { campaign: campaign.name }) : t("description")}
        actions={
          <ButtonLink href={hrefWith("/analytics/compare", { range: view.range, from: view.from, to: view.to })} variant="secondary" size="sm" data-testid="analytics-compare-link">
            {t("compare.open")}
          </ButtonLink>
        }
      />

      <Card className="mb-6 px-5 py-4">
        <RangeFilter path="/analytics" params={view} range={range} timeZone={timeZone} hidden={{ campaign: view.campaign }}>
          <form method="get" action="/analytics" className="flex items-end gap-2">
            <input type="hidden" name="range" value={view.range} />
            {view.from ? <input type="hidden" name="from" value={view.from} /> : null}
            {view.to ? <input type="hidden" name="to" value={view.to} /> : null}
            <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600">
              {t("campaignPicker.label")}
              <AutoSubmitSelect name="campaign" defaultValue={campaignId ?? ""} className={cn(controlClasses, "h-9 w-64 max-w-full pr-8")} data-testid="campaign-picker">
                <option value="">{t("campaignPicker.all")}</option>
                {campaigns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </AutoSubmitSelect>
            </label>
            <noscript>
              <button type="submit" className={buttonClasses({ variant: "secondary", size: "sm" })}>
                {t("campaignPicker.apply")}
              </button>
            </noscript>
            {campaign ? (
              <ButtonLink href={`/campaigns/${campaign.id}`} variant="ghost" size="sm" className="h-9" data-testid="analytics-campaign-link">
                {t("campaignPicker.open")}
              </ButtonLink>
            ) : null}
          </form>
        </RangeFilter>
      </Card>

      {d.groups.length === 0 ? (
        <Card>
          <EmptyState
            icon={<Icon name="analytics" />}
            title={t("empty.noGroups.title")}
            description={<p>{t("empty.noGroups.description")}</p>}
            action={
              canWrite ? (
                <ButtonLink href={campaign ? `/campaigns/${campaign.id}/groups/new` : "/campaigns"} size="sm" data-testid="analytics-empty-action">
                  {campaign ? t("empty.noGroups.actionCampaign") : t("empty.noGroups.action")}
                </ButtonLink>
              ) : null
            }
          />
        </Card>
      ) : (
        <DashboardBody d={d} t={t} csv={csv} view={view} leaderboard={{ rows: sorted.slice(pageOffset(lp), pageOffset(lp) + lp.pageSize), total: sorted.length, params: lp }} />
      )}
      {reminders ? <ReminderEffectCard effect={reminders} /> : null}
      {abGroups.length ? <AbTestsCard groups={abGroups} /> : null}
    </>
  );
}

/** A/B 测试: per group with variants (of the picked campaign, or the latest ones), its per-variant table. */
async function AbTestsCard({ groups }: { groups: Awaited<ReturnType<typeof groupsWithVariants>> }) {
  const t = await getTranslations("analytics.ab");
  return (
    <Card className="mt-6" data-testid="analytics-ab">
      <div className="border-b border-zinc-100 px-5 py-4">
        <h2 className="text-base font-semibold text-zinc-900">{t("title")}</h2>
        <p className="mt-0.5 text-sm text-zinc-500">{t("description")}</p>
      </div>
      <div className="divide-y divide-zinc-100">
        {groups.map((g) => {
          const fixed = g.variants.find((v) => v.variantId === g.fixedVariantId);
          const rows = abResults(g.variants.map((v) => ({ id: v.variantId, label: v.label, claims: v.claims, redemptions: v.redemptions, discount: v.discount, gmv: v.gmv })));
          return (
            <section key={g.id} className="py-3" data-testid="analytics-ab-group">
              <div className="flex flex-wrap items-baseline justify-between gap-2 px-5 pb-2">
                <h3 className="text-sm font-medium text-zinc-900">
                  {t("group", { campaign: g.campaignName, group: g.name })}
                  {fixed ? <span className="ml-2 text-xs font-normal text-zinc-500">{t("fixed", { label: fixed.label })}</span> : null}
                </h3>
                <Link href={`/groups/${g.id}`} className="text-sm text-zinc-600 underline hover:text-zinc-900">
                  {t("open")}
                </Link>
              </div>
              <VariantResults rows={rows} fixedVariantId={g.fixedVariantId} testId="analytics-ab-table" />
            </section>
          );
        })}
      </div>
    </Card>
  );
}

/** 即将过期提醒: how reminded codes were redeemed against the others claimed on the same days. */
async function ReminderEffectCard({ effect }: { effect: ReminderEffect }) {
  const t = await getTranslations("analyticsReminders");
  const row = (key: "reminded" | "notReminded") => {
    const v = effect[key];
    return [t(key), formatCount(v.claims), formatCount(v.redeemed), formatRate(rate(v.redeemed, v.claims))];
  };
  return (
    <Card className="mt-6" data-testid="reminder-effect">
      <div className="border-b border-zinc-100 px-5 py-4">
        <h2 className="text-base font-semibold text-zinc-900">{t("title")}</h2>
        <p className="mt-0.5 text-sm text-zinc-500">{t("description")}</p>
      </div>
      <SimpleTable head={[t("group"), t("claims"), t("redeemed"), t("rate")]} rows={[row("reminded"), row("notReminded")]} testId="reminder-effect-table" />
    </Card>
  );
}

type T = Awaited<ReturnType<typeof getTranslations<"analytics">>>;

function DashboardBody({
  d,
  t,
  csv,
  view,
  leaderboard,
}: {
  d: Dashboard;
  t: T;
  csv: (table: string, extra?: Record<string, string>) => string;
  view: Record<string, string | undefined>;
  leaderboard: { rows: Dashboard["leaderboard"]; total: number; params: ListParamsBase<LeaderboardSort> };
}) {
  const { totals, metrics } = d;
  // A rate shown as "—" because its part is larger than its whole says why (never "300%").
  const over = (part: number, whole: number) => (whole > 0 && part > whole ? t("stats.rateOver") : null);
  const quiet = totals.views + totals.claims + totals.redemptions === 0;
  const firstSlug = d.groups[0]?.slug;
  const median = d.delay.medianSeconds === null ? null : durationParts(d.delay.medianSeconds);
  // Stored-value cards' spend is a payment, not a discount: its own stat and columns once there is any.
  const cards = totals.storedValue !== 0 || d.stores.some((s) => s.storedValue !== 0);
  const money = (p: { discount: number; storedValue: number }) => (cards ? [formatMoney(p.discount), formatMoney(p.storedValue)] : [formatMoney(p.discount)]);

  return (
    <div className="space-y-6">
      {quiet ? (
        <Alert tone="info" title={t("empty.quiet.title")} testId="analytics-quiet">
          <p>
            {t("empty.quiet.description", { link: firstSlug ? `/c/${firstSlug}` : "" })}{" "}
            {view.range !== "90" ? (
              <a className="font-medium underline" href={hrefWith("/analytics", view, { range: "90", from: null, to: null })}>
                {t("empty.quiet.longer")}
              </a>
            ) : null}
          </p>
        </Alert>
      ) : null}

      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" data-testid="analytics-stats" data-rolled-until={d.watermark?.toISOString() ?? ""}>
        <Stat label={t("columns.views")} value={<span data-testid="stat-views">{formatCount(totals.views)}</span>} />
        <Stat label={t("columns.claims")} value={<span data-testid="stat-claims">{formatCount(totals.claims)}</span>} />
        <Stat label={t("columns.redemptions")} value={<span data-testid="stat-redemptions">{formatCount(totals.redemptions)}</span>} note={t("stats.redemptionsNote")} />
        <Stat label={t("columns.claimRate")} value={formatRate(metrics.claimRate)} note={over(totals.claims, totals.views) ?? t("stats.claimRateNote")} />
        <Stat label={t("columns.redemptionRate")} value={formatRate(metrics.redemptionRate)} note={over(totals.redemptions, totals.claims) ?? t("stats.redemptionRateNote")} />
        <Stat
          label={t("columns.issuedRate")}
          value={formatRate(metrics.issuedRedemptionRate)}
          note={over(totals.redemptions, d.issued) ?? t("stats.issuedRateNote", { issued: formatCount(d.issued) })}
        />
        <Stat label={t("columns.discount")} value={<Money testId="stat-discount" fen={totals.discount} />} note={t("stats.discountNote")} />
        {cards ? (
          <Stat label={t("columns.storedValue")} value={<Money testId="stat-stored-value" fen={totals.storedValue} />} note={t("stats.storedValueNote")} />
        ) : null}
        <Stat label={t("columns.gmv")} value={<Money testId="stat-gmv" fen={totals.gmv} />} note={t("stats.gmvNote")} />
        <Stat label={t("columns.roi")} value={<span data-testid="stat-roi">{formatRoi(metrics.roi)}</span>} note={t("stats.roiNote")} />
        <Stat label={t("columns.averageOrder")} value={metrics.averageOrder === null ? "—" : <Money fen={metrics.averageOrder} />} note={t("stats.averageOrderNote")} />
      </div>

      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <Section
          id="funnel"
          title={t("funnel.title")}
          description={t("funnel.description")}
          csvHref={csv("funnel")}
          table={
            <SimpleTable
              head={[t("columns.step"), t("columns.count"), t("columns.stepRate")]}
              rows={[
                [t("columns.views"), formatCount(totals.views), ""],
                [t("columns.claims"), formatCount(totals.claims), formatRate(metrics.claimRate)],
                [t("columns.redemptions"), formatCount(totals.redemptions), formatRate(metrics.redemptionRate)],
              ]}
              testId="funnel-table"
            />
          }
        >
          <Funnel totals={totals} metrics={metrics} />
        </Section>

        <Section
          id="daily"
          title={t("daily.title")}
          description={t("daily.description")}
          csvHref={csv("daily")}
          table={
            <SimpleTable
              head={[
                t("columns.day"),
                t("columns.views"),
                t("columns.claims"),
                t("columns.redemptions"),
                t("columns.discount"),
                ...(cards ? [t("columns.storedValue")] : []),
                t("columns.gmv"),
              ]}
              rows={[...d.series].reverse().map((p) => [p.day, formatCount(p.views), formatCount(p.claims), formatCount(p.redemptions), ...money(p), formatMoney(p.gmv)])}
              foot={[t("total"), formatCount(totals.views), formatCount(totals.claims), formatCount(totals.redemptions), ...money(totals), formatMoney(totals.gmv)]}
              testId="daily-table"
            />
          }
        >
          <DailyFunnelChart
            data={d.series}
            labels={{ views: t("columns.views"), claims: t("columns.claims"), redemptions: t("columns.redemptions") }}
            summary={t("daily.summary", { from: d.range.from, to: d.range.to, views: totals.views, claims: totals.claims, redemptions: totals.redemptions })}
            testId="daily-chart"
          />
        </Section>
      </div>

      <Card className="min-w-0" data-testid="section-influencers">
        <div className="border-b border-zinc-200 px-5 py-4">
          <h2 className="text-base font-semibold text-zinc-900">{t("leaderboard.title")}</h2>
          <p className="mt-0.5 text-sm text-zinc-500">{t("leaderboard.description")}</p>
        </div>
        <LeaderboardTable
          showStoredValue={cards}
          rows={leaderboard.rows}
          total={leaderboard.total}
          params={leaderboard.params}
          toolbar={<CsvLink href={csv("influencers", { sort: leaderboard.params.sort, dir: leaderboard.params.dir })} id="influencers" label={t("csv")} />}
          empty={{ title: t("leaderboard.empty.title"), description: t("leaderboard.empty.description") }}
        />
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section
          id="stores"
          title={t("stores.title")}
          description={t("stores.description")}
          csvHref={csv("stores")}
          table={
            d.stores.length ? (
              <SimpleTable
                head={[t("columns.store"), t("columns.redemptions"), t("columns.share"), t("columns.discount"), ...(cards ? [t("columns.storedValue")] : []), t("columns.gmv")]}
                rows={d.stores.map((s) => [s.name, formatCount(s.redemptions), formatRate(s.share), ...money(s), formatMoney(s.gmv)])}
                testId="stores-table"
              />
            ) : undefined
          }
        >
          {d.stores.length ? (
            <SimpleBarChart
              data={d.stores.map((s) => ({ label: s.name, value: s.redemptions }))}
              name={t("columns.redemptions")}
              summary={t("stores.summary", { count: d.stores.length })}
              layout="rows"
              color="#0f766e"
              testId="stores-chart"
            />
          ) : (
            <SectionEmpty>{t("stores.empty")}</SectionEmpty>
          )}
        </Section>

        <Section
          id="delay"
          title={t("delay.title")}
          description={median ? t("delay.median", { value: median.value, unit: t(`delay.units.${median.unit}`) }) : t("delay.description")}
          csvHref={csv("delay")}
          table={
            d.delay.total ? (
              <SimpleTable
                head={[t("columns.delay"), t("columns.redemptions")]}
                rows={d.delay.buckets.map((b) => [t(`delay.buckets.${b.key}`), formatCount(b.count)])}
                testId="delay-table"
              />
            ) : undefined
          }
        >
          {d.delay.total ? (
            <SimpleBarChart
              data={d.delay.buckets.map((b) => ({ label: t(`delay.buckets.${b.key}`), value: b.count }))}
              name={t("columns.redemptions")}
              summary={t("delay.summary", { total: d.delay.total })}
              layout="rows"
              color="#7c3aed"
              testId="delay-chart"
            />
          ) : (
            <SectionEmpty>{t("delay.empty")}</SectionEmpty>
          )}
        </Section>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section
          id="hours"
          title={t("hours.title")}
          description={t("hours.description", { timeZone: d.timeZone })}
          csvHref={csv("hours")}
          table={<SimpleTable head={[t("columns.hour"), t("columns.redemptions")]} rows={d.hours.map((v, h) => [hourLabel(h), formatCount(v)])} testId="hours-table" />}
        >
          {totals.redemptions ? (
            <SimpleBarChart
              data={d.hours.map((v, h) => ({ label: String(h).padStart(2, "0"), value: v }))}
              name={t("columns.redemptions")}
              summary={t("hours.summary")}
              testId="hours-chart"
            />
          ) : (
            <SectionEmpty>{t("hours.empty")}</SectionEmpty>
          )}
        </Section>
        <Section
          id="weekdays"
          title={t("weekdays.title")}
          description={t("weekdays.description", { timeZone: d.timeZone })}
          csvHref={csv("weekdays")}
          table={<SimpleTable head={[t("columns.weekday"), t("columns.redemptions")]} rows={d.weekdays.map((v, i) => [t(`weekdays.${WEEKDAY_KEYS[i]}`), formatCount(v)])} testId="weekdays-table" />}
        >
          {totals.redemptions ? (
            <SimpleBarChart
              data={d.weekdays.map((v, i) => ({ label: t(`weekdays.${WEEKDAY_KEYS[i]}`), value: v }))}
              name={t("columns.redemptions")}
              summary={t("weekdays.summary")}
              color="#0369a1"
              testId="weekdays-chart"
            />
          ) : (
            <SectionEmpty>{t("hours.empty")}</SectionEmpty>
          )}
        </Section>
      </div>

      <p className="text-xs text-zinc-500">{t("footnote", { timeZone: d.timeZone })}</p>
    </div>
  );
}

/** Money in a headline card, a size smaller than counts: "¥1,234,567.00" must fit a fifth of the page. */
function Money({ fen, testId }: { fen: number; testId?: string }) {
  return (
    <span className="text-xl break-all" data-testid={testId}>
      {formatMoney(fen)}
    </span>
  );
}

function SectionEmpty({ children }: { children: ReactNode }) {
  return <p className="py-8 text-center text-sm text-zinc-500">{children}</p>;
}

/** A read-only table of already formatted cells: the first column is the row's label, the rest numbers. */
function SimpleTable({ head, rows, foot, testId }: { head: string[]; rows: string[][]; foot?: string[]; testId: string }) {
  // Not components/ui/table: its minimum width is for wide lists, and these sit in half-width cards.
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left text-sm" data-testid={testId}>
        <THead>
          <tr>
            {head.map((h, i) => (
              <TH key={h} className={i > 0 ? "text-right" : undefined}>
                {h}
              </TH>
            ))}
          </tr>
        </THead>
        <TBody>
          {rows.map((r) => (
            <TR key={r[0]}>
              {r.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row" className="px-5 py-2.5 text-left font-normal whitespace-nowrap text-zinc-900">
                    {cell}
                  </th>
                ) : (
                  <TD key={i} className="py-2.5 text-right tabular-nums whitespace-nowrap">
                    {cell}
                  </TD>
                ),
              )}
            </TR>
          ))}
        </TBody>
        {foot ? (
          <tfoot className="border-t border-zinc-200 bg-zinc-50/60 font-medium">
            <tr>
              {foot.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row" className="px-5 py-2.5 text-left font-medium text-zinc-900">
                    {cell}
                  </th>
                ) : (
                  <TD key={i} className="py-2.5 text-right font-medium tabular-nums whitespace-nowrap text-zinc-900">
                    {cell}
                  </TD>
                ),
              )}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

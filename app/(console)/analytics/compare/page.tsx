import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { GroupedBarChart } from "@/components/charts/bar-chart";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { getComparison, listAnalyticsCampaigns, listAnalyticsInfluencers, type CompareRow } from "@/lib/analytics/dashboard";
import { formatRate, formatRoi } from "@/lib/analytics/metrics";
import { MAX_COMPARE, parseCompareParams, type RawParams } from "@/lib/analytics/schemas";
import { requirePageContext } from "@/lib/auth/session";
import { formatCount, formatMoney } from "@/lib/format";
import { dateInZone } from "@/lib/time";
import { hrefWith } from "../_components/href";
import { RangeFilter } from "../_components/range-filter";
import { Section } from "../_components/section";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("analytics.compare");
  return { title: t("title") };
}

/** Each metric row of the side-by-side table: its label key and how a cell is written. */
const METRICS: { key: string; cell: (r: CompareRow) => string }[] = [
  { key: "views", cell: (r) => formatCount(r.views) },
  { key: "claims", cell: (r) => formatCount(r.claims) },
  { key: "redemptions", cell: (r) => formatCount(r.redemptions) },
  { key: "claimRate", cell: (r) => formatRate(r.claimRate) },
  { key: "redemptionRate", cell: (r) => formatRate(r.redemptionRate) },
  { key: "issuedRate", cell: (r) => formatRate(r.issuedRedemptionRate) },
  { key: "conversion", cell: (r) => formatRate(r.conversion) },
  { key: "discount", cell: (r) => formatMoney(r.discount) },
  { key: "storedValue", cell: (r) => formatMoney(r.storedValue) },
  { key: "gmv", cell: (r) => formatMoney(r.gmv) },
  { key: "roi", cell: (r) => formatRoi(r.roi) },
  { key: "averageOrder", cell: (r) => (r.averageOrder === null ? "—" : formatMoney(r.averageOrder)) },
  { key: "issued", cell: (r) => formatCount(r.issued) },
];

export default async function ComparePage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const ctx = await requirePageContext("analytics:read");
  const sp = await searchParams;
  const timeZone = ctx.org.timeZone;
  const { kind, ids, range } = parseCompareParams(sp, dateInZone(new Date(), timeZone));
  const [t, tPlatform, tStatus] = await Promise.all([getTranslations("analytics"), getTranslations("platform"), getTranslations("campaign.status")]);
  const options =
    kind === "campaign"
      ? (await listAnalyticsCampaigns(ctx.orgId)).map((c) => ({ id: c.id, name: c.name, detail: tStatus(c.status) }))
      : (await listAnalyticsInfluencers(ctx.orgId)).map((i) => ({ id: i.id, name: i.name, detail: tPlatform(i.platform) + (i.archived ? ` · ${t("archived")}` : "") }));
  const rows = ids.length >= 2 ? await getComparison(ctx.orgId, { timeZone, range, kind, ids }) : [];

  const view = {
    kind,
    ids,
    range: range.preset === null ? "custom" : String(range.preset),
    from: range.preset === null ? range.from : undefined,
    to: range.preset === null ? range.to : undefined,
  };
  const kindLabel = t(`compare.kind.${kind}`);
  const colors = ["#e11d48", "#059669"];

  return (
    <>
      <BackLink href={hrefWith("/analytics", { range: view.range, from: view.from, to: view.to })}>{t("compare.back")}</BackLink>
      <PageHeader title={t("compare.title")} description={t("compare.description")} />

      <Card className="mb-6 space-y-5 px-5 py-4">
        <nav aria-label={t("compare.kind.label")} className="inline-flex rounded-lg border border-zinc-200 bg-zinc-50 p-0.5" data-testid="compare-kind">
          {(["campaign", "influencer"] as const).map((k) => (
            <Link
              key={k}
              href={hrefWith("/analytics/compare", view, { kind: k, ids: null })}
              aria-current={kind === k ? "page" : undefined}
              data-testid={`compare-kind-${k}`}
              className={cn(
                "rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-rose-600",
                kind === k ? "bg-white text-zinc-900 shadow-xs" : "text-zinc-600 hover:text-zinc-900",
              )}
            >
              {t(`compare.kind.${k}`)}
            </Link>
          ))}
        </nav>

        <form method="get" action="/analytics/compare" data-testid="compare-form">
          <input type="hidden" name="kind" value={kind} />
          <input type="hidden" name="range" value={view.range} />
          {view.from ? <input type="hidden" name="from" value={view.from} /> : null}
          {view.to ? <input type="hidden" name="to" value={view.to} /> : null}
          <fieldset>
            <legend className="mb-2 text-sm font-medium text-zinc-800">{t("compare.pick", { kind: kindLabel, max: MAX_COMPARE })}</legend>
            {options.length === 0 ? (
              <p className="text-sm text-zinc-500">{t("compare.none", { kind: kindLabel })}</p>
            ) : (
              <div className="flex flex-wrap gap-2">
                {options.map((o) => (
                  <label
                    key={o.id}
                    className="inline-flex cursor-pointer items-center gap-2 rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm has-checked:border-rose-300 has-checked:bg-rose-50"
                  >
                    <input type="checkbox" name="ids" value={o.id} defaultChecked={ids.includes(o.id)} className="size-4 accent-rose-600" data-testid="compare-option" />
                    <span className="font-medium text-zinc-900">{o.name}</span>
                    <span className="text-xs text-zinc-500">{o.detail}</span>
                  </label>
                ))}
              </div>
            )}
          </fieldset>
          <button type="submit" className={cn(buttonClasses({ size: "sm" }), "mt-3")} data-testid="compare-submit">
            {t("compare.submit")}
          </button>
        </form>

        <div className="border-t border-zinc-200 pt-4">
          <RangeFilter path="/analytics/compare" params={view} range={range} timeZone={timeZone} hidden={{ kind, ids }} />
        </div>
      </Card>

      {rows.length < 2 ? (
        <Alert tone="info" testId="compare-need-two">
          {t("compare.needTwo", { kind: kindLabel })}
        </Alert>
      ) : (
        <div className="space-y-6">
          <Section
            id="compare"
            title={t("compare.tableTitle")}
            csvHref={hrefWith("/analytics/export", view, { table: "compare" })}
          >
            <div className="-mx-5 -my-4 overflow-x-auto">
              <table className="w-full min-w-[32rem] border-collapse text-left text-sm" data-testid="compare-table">
                <thead className="border-b border-zinc-200 bg-zinc-50/80">
                  <tr>
                    <th scope="col" className="px-5 py-2.5 text-xs font-medium tracking-wide whitespace-nowrap text-zinc-500 uppercase">
                      {t("compare.metric")}
                    </th>
                    {rows.map((r) => (
                      <th key={r.id} scope="col" className="px-5 py-2.5 text-right text-sm font-semibold text-zinc-900">
                        {r.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100">
                  {METRICS.map((m) => (
                    <tr key={m.key} className="hover:bg-zinc-50/60" data-testid={`compare-row-${m.key}`}>
                      <th scope="row" className="px-5 py-2.5 font-normal whitespace-nowrap text-zinc-700">
                        {t(`columns.${m.key}`)}
                      </th>
                      {rows.map((r) => (
                        <td key={r.id} className="px-5 py-2.5 text-right tabular-nums whitespace-nowrap text-zinc-900">
                          {m.cell(r)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Section>

          <Section id="compare-chart" title={t("compare.chartTitle")}>
            <GroupedBarChart
              data={rows.map((r) => ({ label: r.name, claims: r.claims, redemptions: r.redemptions }))}
              series={[
                { key: "claims", name: t("columns.claims"), color: colors[0] },
                { key: "redemptions", name: t("columns.redemptions"), color: colors[1] },
              ]}
              summary={t("compare.chartSummary", { kind: kindLabel })}
              testId="compare-chart"
            />
          </Section>
        </div>
      )}
    </>
  );
}

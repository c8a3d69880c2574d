import type { ReactNode } from "react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { DailyFunnelChart } from "@/components/charts/daily-funnel-chart";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Stat } from "@/components/ui/stat";
import { formatCount } from "@/lib/format";
import type { InfluencerStats } from "@/lib/insights/influencer";
import { formatRate, rate } from "@/lib/insights/rules";

type Counts = { views: number; claims: number; redemptions: number };

/** An influencer's last 30 days: headline numbers, a chart, totals per group and a day-by-day table. */
export async function InfluencerInsights({
  stats,
  groups,
  selected,
}: {
  stats: InfluencerStats;
  groups: { id: string; name: string }[];
  selected?: string;
}) {
  const t = await getTranslations("insights");
  const { totals } = stats;
  const labels = { views: t("stats.views"), claims: t("stats.claims"), redemptions: t("stats.redemptions") };
  const newestFirst = [...stats.days].reverse();
  const selectedName = groups.find((g) => g.id === selected)?.name;

  return (
    <section aria-labelledby="insights-title" className="mt-10" data-testid="insights">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id="insights-title" className="text-lg font-semibold tracking-tight text-zinc-900">
            {selectedName ? t("titleGroup", { group: selectedName }) : t("title")}
          </h2>
          <p className="mt-1 text-sm text-zinc-600">{t("description", { from: stats.from, to: stats.to, timeZone: stats.timeZone })}</p>
        </div>
        {groups.length > 1 ? (
          <nav aria-label={t("filter.label")} className="-mx-1 flex max-w-full gap-1 overflow-x-auto px-1 pb-1">
            <FilterLink href="/links" active={!selected}>
              {t("filter.all")}
            </FilterLink>
            {groups.map((g) => (
              <FilterLink key={g.id} href={`/links?group=${g.id}`} active={selected === g.id}>
                {g.name}
              </FilterLink>
            ))}
          </nav>
        ) : null}
      </div>

      <div className="grid grid-cols-2 gap-3 lg:grid-cols-5 [&>*:last-child]:col-span-2 lg:[&>*:last-child]:col-span-1">
        <Stat label={t("stats.views")} value={<span data-testid="insights-total-views">{formatCount(totals.views)}</span>} />
        <Stat label={t("stats.claims")} value={<span data-testid="insights-total-claims">{formatCount(totals.claims)}</span>} />
        <Stat label={t("stats.redemptions")} value={<span data-testid="insights-total-redemptions">{formatCount(totals.redemptions)}</span>} />
        <Stat label={t("stats.claimRate")} value={formatRate(rate(totals.claims, totals.views))} note={t("stats.claimRateNote")} />
        <Stat
          label={t("stats.redemptionRate")}
          value={formatRate(rate(totals.redemptions, totals.claims))}
          note={t("stats.redemptionRateNote")}
        />
      </div>

      <Card className="mt-4">
        <CardHeader title={t("chart.title")} />
        <CardBody>
          {totals.views + totals.claims + totals.redemptions === 0 ? (
            <p className="py-10 text-center text-sm text-zinc-500">{t("empty")}</p>
          ) : (
            <DailyFunnelChart
              data={stats.days}
              labels={labels}
              summary={t("chart.summary", { from: stats.from, to: stats.to, views: totals.views, claims: totals.claims, redemptions: totals.redemptions })}
            />
          )}
        </CardBody>
      </Card>

      {selected ? null : (
        <Card className="mt-4">
          <CardHeader title={t("groups.title")} description={t("groups.description")} />
          <NumberTable testId="insights-groups" first={t("columns.group")} t={t} totals={totals} totalLabel={t("total")}>
            {stats.groups.map((g) => (
              <tr key={g.groupId} className="hover:bg-zinc-50/60">
                <td className={cn(cell, "min-w-28")}>
                  <div className="font-medium text-zinc-900">{g.name}</div>
                  <div className="text-xs text-zinc-500">{g.campaignName}</div>
                </td>
                <CountCells c={g} />
              </tr>
            ))}
          </NumberTable>
        </Card>
      )}

      <Card className="mt-4">
        <CardHeader title={t("daily.title")} description={t("daily.description")} />
        <NumberTable testId="insights-daily" first={t("columns.day")} t={t} totals={totals} totalLabel={t("total")}>
          {newestFirst.map((d) => (
            <tr key={d.day} data-testid={`insights-day-${d.day}`} className="hover:bg-zinc-50/60">
              <td className={cn(cell, "font-mono whitespace-nowrap text-zinc-900 tabular-nums")}>
                {/* On a phone the year is dropped so all six columns fit without scrolling. */}
                <span className="sm:hidden">{d.day.slice(5)}</span>
                <span className="hidden sm:inline">{d.day}</span>
              </td>
              <CountCells c={d} />
            </tr>
          ))}
        </NumberTable>
      </Card>
    </section>
  );
}

function FilterLink({ href, active, children }: { href: string; active: boolean; children: ReactNode }) {
  return (
    <Link
      href={href}
      scroll={false}
      aria-current={active ? "page" : undefined}
      className={cn(
        "rounded-full border px-3 py-1 text-sm whitespace-nowrap transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-600",
        active ? "border-rose-200 bg-rose-50 font-medium text-rose-700" : "border-zinc-200 bg-white text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900",
      )}
    >
      {children}
    </Link>
  );
}

// Tighter cells than components/ui/table on a phone, where influencers read this: the six columns fit 390 px.
const cell = "px-2 py-2.5 align-middle text-zinc-700 sm:px-5 sm:py-3";
const head = "px-2 py-2.5 text-[11px] leading-tight font-medium text-zinc-500 sm:px-5 sm:text-xs sm:tracking-wide sm:uppercase";
const num = "text-right tabular-nums";

function NumberTable({
  testId,
  first,
  t,
  totals,
  totalLabel,
  children,
}: {
  testId: string;
  first: string;
  t: (key: string) => string;
  totals: Counts;
  totalLabel: string;
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left text-xs sm:text-sm" data-testid={testId}>
        <thead className="border-b border-zinc-200 bg-zinc-50/80">
          <tr>
            <th scope="col" className={head}>
              {first}
            </th>
            {(["views", "claims", "redemptions", "claimRate", "redemptionRate"] as const).map((k) => (
              <th key={k} scope="col" className={cn(head, "text-right")}>
                {t(`columns.${k}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">{children}</tbody>
        <tfoot className="border-t border-zinc-200 bg-zinc-50/60 font-medium">
          <tr>
            <th scope="row" className={cn(cell, "font-medium text-zinc-900")}>
              {totalLabel}
            </th>
            <CountCells c={totals} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function CountCells({ c }: { c: Counts }) {
  const quiet = c.views + c.claims + c.redemptions === 0 ? "text-zinc-400" : undefined;
  return (
    <>
      <td className={cn(cell, num, quiet)}>{formatCount(c.views)}</td>
      <td className={cn(cell, num, quiet)}>{formatCount(c.claims)}</td>
      <td className={cn(cell, num, quiet)}>{formatCount(c.redemptions)}</td>
      <td className={cn(cell, num, quiet)}>{formatRate(rate(c.claims, c.views))}</td>
      <td className={cn(cell, num, quiet)}>{formatRate(rate(c.redemptions, c.claims))}</td>
    </>
  );
}

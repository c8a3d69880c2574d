import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { BackLink } from "@/components/ui/back-link";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Alert } from "@/components/ui/alert";
import { pageOffset, parseListParams, type RawSearchParams } from "@/components/data-table/params";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { formatCount, formatMoney } from "@/lib/format";
import { getScopeStatement, scopeName, statementEntries } from "@/lib/reconciliation/queries";
import { hasStoredValue, lastClosedPeriod, netOf, scopeParam } from "@/lib/reconciliation/rules";
import { entryListParams, readStatementParams, statementHref } from "@/lib/reconciliation/schemas";
import { CheckStatus } from "../_components/check-status";
import { EntriesTable } from "../_components/entries-table";
import { PeriodBar, periodLabel } from "../_components/period-bar";

/** A reversed amount as a deduction: "−¥20.00", or "¥0.00" when nothing was reversed. */
const negative = (fen: number) => (fen ? `−${formatMoney(fen)}` : formatMoney(0));

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reconciliation.entries");
  return { title: t("title") };
}

// The lines behind one statement (a store, a campaign, or everything) for a day or a week.
export default async function StatementEntriesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext(sectionPermission("reconciliation"));
  const tz = ctx.org.timeZone;
  const now = new Date();
  const raw = await searchParams;
  const { period, by, scope: parsedScope } = readStatementParams(raw, tz, now);
  const scope = parsedScope ?? notFound();
  const name = await scopeName(ctx.orgId, scope);
  if (name === null) notFound();
  const params = parseListParams(entryListParams, raw);
  const [t, stmt, { rows, total }] = await Promise.all([
    getTranslations("reconciliation"),
    getScopeStatement(ctx.orgId, { period, scope, timeZone: tz, now }),
    statementEntries(ctx.orgId, { period, scope, timeZone: tz, kind: params.kind, dir: params.dir, limit: params.pageSize, offset: pageOffset(params) }),
  ]);
  const net = netOf(stmt.totals);
  const storedValue = hasStoredValue(stmt.totals);
  const title = scope.type === "org" ? t("orgScope") : name;
  const exportHref = (format: "csv" | "xlsx") => statementHref("/reconciliation/export", { period, scope, extra: { format } });

  return (
    <>
      <BackLink href={statementHref("/reconciliation", { period, by })}>{t("entries.back")}</BackLink>
      <PageHeader
        title={title}
        description={`${t("entries.title")} · ${await periodLabel(period)}`}
        actions={
          <>
            <a className={buttonClasses({ variant: "secondary", size: "sm" })} href={exportHref("csv")} download data-testid="entries-export-csv">
              {t("export.csv")}
            </a>
            <a className={buttonClasses({ variant: "secondary", size: "sm" })} href={exportHref("xlsx")} download data-testid="entries-export-xlsx">
              {t("export.xlsx")}
            </a>
          </>
        }
      />
      <div className="space-y-6">
        <PeriodBar
          path="/reconciliation/entries"
          period={period}
          latest={lastClosedPeriod(period.kind, tz, now)}
          latestDay={lastClosedPeriod("day", tz, now).start}
          by={by}
          scope={scope}
        />
        {!stmt.closed ? <Alert tone="info">{t("period.open")}</Alert> : null}
        <div className={cn("grid grid-cols-2 gap-4", storedValue ? "lg:grid-cols-5" : "lg:grid-cols-4")}>
          <Stat label={t("stats.redemptions")} value={formatCount(stmt.totals.redemptions)} note={t("stats.countNote", { net: formatCount(net.netCount) })} />
          <Stat label={t("stats.reversals")} value={formatCount(stmt.totals.reversals)} />
          <Stat
            label={t("stats.netOrderTotal")}
            value={formatMoney(net.netOrderTotal)}
            note={t("stats.grossNote", { gross: formatMoney(stmt.totals.orderTotal), reversed: negative(stmt.totals.reversedOrderTotal) })}
          />
          <Stat
            label={t("stats.netDiscount")}
            value={formatMoney(net.netDiscount)}
            note={t("stats.grossNote", { gross: formatMoney(stmt.totals.discount), reversed: negative(stmt.totals.reversedDiscount) })}
          />
          {storedValue ? (
            <Stat
              label={t("stats.netStoredValue")}
              value={formatMoney(net.netStoredValue)}
              note={`${t("stats.grossNote", { gross: formatMoney(stmt.totals.storedValue), reversed: negative(stmt.totals.reversedStoredValue) })} · ${t("stats.storedValueNote")}`}
            />
          ) : null}
        </div>
        <Card className="flex flex-wrap items-center justify-between gap-3 px-5 py-4">
          <div>
            <h2 className="text-base font-semibold text-zinc-900">{t("columns.status")}</h2>
            <p className="text-sm text-zinc-500">{t("rule")}</p>
          </div>
          <CheckStatus
            check={stmt.check}
            closed={stmt.closed}
            canCheck={can(ctx.role, "reconciliation:check")}
            form={{ period: period.kind, date: period.start, scope: scopeParam(scope) }}
            timeZone={tz}
            testId="scope-check"
          />
        </Card>
        <Card>
          <EntriesTable rows={rows} total={total} params={params} timeZone={tz} showStore={scope.type !== "store"} showCampaign={scope.type !== "campaign"} showStoredValue={storedValue} />
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Icon } from "@/components/layout/icons";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { formatCount, formatMoney } from "@/lib/format";
import { getStatement, type StatementRow } from "@/lib/reconciliation/queries";
import { hasStoredValue, lastClosedPeriod, netOf, scopeParam, type StatementTotals } from "@/lib/reconciliation/rules";
import { readStatementParams, statementHref } from "@/lib/reconciliation/schemas";
import type { RawSearchParams } from "@/components/data-table/params";
import { CheckStatus } from "./_components/check-status";
import { PeriodBar } from "./_components/period-bar";

/** The second line of a figure cell (what reversals took back): grey when nothing, red otherwise. */
const under = (n: number) => cn("block text-xs font-normal", n === 0 ? "text-zinc-400" : "text-red-700");

/** A reversed amount as a deduction: "−¥20.00", or "¥0.00" when nothing was reversed. */
const negative = (fen: number) => (fen ? `−${formatMoney(fen)}` : formatMoney(0));

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("reconciliation") };
}

// Finance's statement of a local day or a Monday–Sunday week, by store or by campaign. The figures,
// the drill-down and the exports all come from lib/reconciliation/queries.ts.
export default async function ReconciliationPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext(sectionPermission("reconciliation"));
  const tz = ctx.org.timeZone;
  const now = new Date();
  const { period, by } = readStatementParams(await searchParams, tz, now);
  const [t, stmt] = await Promise.all([getTranslations("reconciliation"), getStatement(ctx.orgId, { period, by, timeZone: tz, now })]);
  const canCheck = can(ctx.role, "reconciliation:check");
  const net = netOf(stmt.totals);
  const form = (scope: string) => ({ period: period.kind, date: period.start, scope });
  const exportHref = (format: "csv" | "xlsx") => statementHref("/reconciliation/export", { period, by, extra: { format } });
  const entriesHref = (row?: StatementRow) =>
    statementHref("/reconciliation/entries", { period, by, scope: row ? { type: by, id: row.scopeId } : { type: "org" } });
  const active = stmt.rows.filter((r) => r.totals.redemptions + r.totals.reversals > 0);
  // Stored-value cards' spend gets its own stat and columns once the period has any (the files always carry them).
  const storedValue = hasStoredValue(stmt.totals);

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <a className={buttonClasses({ variant: "secondary", size: "sm" })} href={exportHref("csv")} download data-testid="statement-export-csv">
              {t("export.csv")}
            </a>
            <a className={buttonClasses({ variant: "secondary", size: "sm" })} href={exportHref("xlsx")} download data-testid="statement-export-xlsx">
              {t("export.xlsx")}
            </a>
          </>
        }
      />
      <div className="space-y-6">
        <PeriodBar path="/reconciliation" period={period} latest={lastClosedPeriod(period.kind, tz, now)} latestDay={lastClosedPeriod("day", tz, now).start} by={by} />
        {!stmt.closed ? <Alert tone="info">{t("period.open")}</Alert> : null}

        <div className={cn("grid grid-cols-2 gap-4", storedValue ? "lg:grid-cols-5" : "lg:grid-cols-4")} data-testid="statement-stats">
          <Stat
            label={t("stats.redemptions")}
            value={<span data-testid="stat-redemptions">{formatCount(stmt.totals.redemptions)}</span>}
            note={t("stats.countNote", { net: formatCount(net.netCount) })}
          />
          <Stat label={t("stats.reversals")} value={<span data-testid="stat-reversals">{formatCount(stmt.totals.reversals)}</span>} />
          <Stat
            label={t("stats.netOrderTotal")}
            value={<span data-testid="stat-net-order">{formatMoney(net.netOrderTotal)}</span>}
            note={t("stats.grossNote", { gross: formatMoney(stmt.totals.orderTotal), reversed: negative(stmt.totals.reversedOrderTotal) })}
          />
          <Stat
            label={t("stats.netDiscount")}
            value={<span data-testid="stat-net-discount">{formatMoney(net.netDiscount)}</span>}
            note={t("stats.grossNote", { gross: formatMoney(stmt.totals.discount), reversed: negative(stmt.totals.reversedDiscount) })}
          />
          {storedValue ? (
            <Stat
              label={t("stats.netStoredValue")}
              value={<span data-testid="stat-net-stored-value">{formatMoney(net.netStoredValue)}</span>}
              note={`${t("stats.grossNote", { gross: formatMoney(stmt.totals.storedValue), reversed: negative(stmt.totals.reversedStoredValue) })} · ${t("stats.storedValueNote")}`}
            />
          ) : null}
        </div>

        <Card>
          <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-5 py-3">
            <nav aria-label={t("by.label")} className="flex gap-5">
              {(["store", "campaign"] as const).map((d) => (
                <Link
                  key={d}
                  href={statementHref("/reconciliation", { period, by: d })}
                  aria-current={d === by ? "page" : undefined}
                  data-testid={`statement-by-${d}`}
                  className={cn(
                    "-mb-3 border-b-2 pb-2.5 text-sm font-medium",
                    d === by ? "border-rose-600 text-rose-700" : "border-transparent text-zinc-600 hover:text-zinc-900",
                  )}
                >
                  {t(`by.${d}`)}
                </Link>
              ))}
            </nav>
            <Link href={entriesHref()} className="text-sm font-medium text-rose-700 hover:underline" data-testid="statement-all-lines">
              {t("columns.details")} →
            </Link>
          </div>
          {stmt.rows.length === 0 || (by === "campaign" && active.length === 0) ? (
            <EmptyState icon={<Icon name="reconciliation" />} title={t("empty.title")} description={<p>{t("empty.description")}</p>} />
          ) : (
            <Table data-testid="statement-table" className="min-w-[52rem]">
              <THead>
                <tr>
                  <TH>{t(`columns.${by}`)}</TH>
                  <TH className="text-right">
                    {t("columns.redemptions")}
                    <Sub>{t("columns.reversals")}</Sub>
                  </TH>
                  <TH className="text-right">
                    {t("columns.orderTotal")}
                    <Sub>{t("columns.reversedSub")}</Sub>
                  </TH>
                  <TH className="text-right">
                    {t("columns.discount")}
                    <Sub>{t("columns.reversedSub")}</Sub>
                  </TH>
                  {storedValue ? (
                    <TH className="text-right">
                      {t("columns.storedValue")}
                      <Sub>{t("columns.reversedSub")}</Sub>
                    </TH>
                  ) : null}
                  <TH className="text-right">{t("columns.netOrderTotal")}</TH>
                  <TH className="text-right">{t("columns.netDiscount")}</TH>
                  {storedValue ? <TH className="text-right">{t("columns.netStoredValue")}</TH> : null}
                  <TH>{t("columns.status")}</TH>
                </tr>
              </THead>
              <TBody>
                {stmt.rows.map((row) => (
                  <TR key={row.scopeId} data-testid="statement-row" data-scope={row.scopeId}>
                    <TD className="max-w-56 min-w-36">
                      <Link href={entriesHref(row)} className="font-medium text-zinc-900 hover:text-rose-700 hover:underline" data-testid="statement-row-link">
                        {row.name}
                      </Link>
                      {row.archived ? (
                        <Badge className="ml-2" tone="neutral">
                          {t("archived")}
                        </Badge>
                      ) : null}
                    </TD>
                    <Figures totals={row.totals} storedValue={storedValue} />
                    <TD>
                      <CheckStatus
                        check={row.check}
                        closed={stmt.closed}
                        canCheck={canCheck}
                        form={form(scopeParam({ type: by, id: row.scopeId }))}
                        timeZone={tz}
                        testId="row-check"
                      />
                    </TD>
                  </TR>
                ))}
              </TBody>
              <tfoot className="border-t-2 border-zinc-200 bg-zinc-50/80 font-semibold text-zinc-900" data-testid="statement-total">
                <tr>
                  <TD className="text-zinc-900">
                    {t("total")}
                    <p className="text-xs font-normal text-zinc-500">{t("check.orgTitle")}</p>
                  </TD>
                  <Figures totals={stmt.totals} storedValue={storedValue} strong />
                  <TD className="font-normal">
                    <CheckStatus check={stmt.orgCheck} closed={stmt.closed} canCheck={canCheck} form={form("org")} timeZone={tz} testId="org-check" />
                  </TD>
                </tr>
              </tfoot>
            </Table>
          )}
        </Card>
        <p className="text-sm text-zinc-500">{t("rule")}</p>
      </div>
    </>
  );
}

/** A second, smaller line in a header cell. */
function Sub({ children }: { children: ReactNode }) {
  return <span className="block text-[11px] font-normal tracking-normal normal-case text-zinc-400">{children}</span>;
}

/**
 * The figure cells of one row: the count with the reversals under it, the order total, the discount
 * (and the stored-value spend) with the reversed amounts under them, then the net amounts.
 */
function Figures({ totals, storedValue, strong = false }: { totals: StatementTotals; storedValue: boolean; strong?: boolean }) {
  const net = netOf(totals);
  const num = cn("text-right whitespace-nowrap tabular-nums", strong ? "text-zinc-900" : undefined);
  return (
    <>
      <TD className={num}>
        <span className="block" data-cell="redemptions">
          {formatCount(totals.redemptions)}
        </span>
        <span className={under(totals.reversals)} data-cell="reversals">
          {totals.reversals ? `−${formatCount(totals.reversals)}` : "0"}
        </span>
      </TD>
      <MoneyPair className={num} totals={totals} gross="orderTotal" reversed="reversedOrderTotal" />
      <MoneyPair className={num} totals={totals} gross="discount" reversed="reversedDiscount" />
      {storedValue ? <MoneyPair className={num} totals={totals} gross="storedValue" reversed="reversedStoredValue" /> : null}
      <TD className={num} data-cell="netOrderTotal">
        {formatMoney(net.netOrderTotal)}
      </TD>
      <TD className={num} data-cell="netDiscount">
        {formatMoney(net.netDiscount)}
      </TD>
      {storedValue ? (
        <TD className={num} data-cell="netStoredValue">
          {formatMoney(net.netStoredValue)}
        </TD>
      ) : null}
    </>
  );
}

/** A money cell: the period's sum, and under it what reversals took back (as a deduction). */
function MoneyPair({ totals, gross, reversed, className }: { totals: StatementTotals; gross: keyof StatementTotals; reversed: keyof StatementTotals; className: string }) {
  const back = totals[reversed];
  return (
    <TD className={className}>
      <span className="block" data-cell={gross}>
        {formatMoney(totals[gross])}
      </span>
      <span className={under(back)} data-cell={reversed}>
        {negative(back)}
      </span>
    </TD>
  );
}

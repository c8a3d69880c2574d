import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";
import { buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { periodOf, shiftPeriod, type Period, type StatementDimension, type StatementScope } from "@/lib/reconciliation/rules";
import { statementHref } from "@/lib/reconciliation/schemas";

/** "2026-11-11 星期三" or "2026-11-09 – 2026-11-15 (Monday to Sunday)". */
export async function periodLabel(p: Period): Promise<string> {
  const [t, locale] = await Promise.all([getTranslations("reconciliation.period"), getLocale()]);
  if (p.kind === "week") return t("weekRange", { start: p.start, end: p.end });
  const weekday = new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(new Date(`${p.start}T00:00:00Z`));
  return `${p.start} ${weekday}`;
}

/**
 * Day or week, previous / next, and a date to jump to: links and a plain GET form, so it works
 * without JavaScript. `path` and `by`/`scope` are kept.
 */
export async function PeriodBar({
  path,
  period,
  latest,
  latestDay,
  by,
  scope,
}: {
  path: string;
  period: Period;
  latest: Period;
  /** The latest closed day (YYYY-MM-DD). */
  latestDay: string;
  by?: StatementDimension;
  scope?: StatementScope;
}) {
  const t = await getTranslations("reconciliation.period");
  const href = (p: Period) => statementHref(path, { period: p, by, scope });
  // Switching to weeks shows the week of the day shown; back to days, that week's last closed day.
  const dayOf = (p: Period) => (p.kind === "day" ? p : periodOf("day", p.end <= latestDay ? p.end : latestDay));
  const kinds = [
    { kind: "day" as const, href: href(dayOf(period)) },
    { kind: "week" as const, href: href(periodOf("week", period.start)) },
  ];
  return (
    <div className="flex flex-col gap-3 rounded-xl border border-zinc-200 bg-white px-4 py-3 shadow-xs md:flex-row md:flex-wrap md:items-center">
      <nav aria-label={t("label")} className="inline-flex w-fit rounded-lg border border-zinc-200 bg-zinc-50 p-0.5">
        {kinds.map((k) => (
          <Link
            key={k.kind}
            href={k.href}
            aria-current={k.kind === period.kind ? "page" : undefined}
            data-testid={`period-${k.kind}`}
            className={cn(
              "rounded-md px-3 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-rose-600",
              k.kind === period.kind ? "bg-white text-rose-700 shadow-xs ring-1 ring-zinc-200" : "text-zinc-600 hover:text-zinc-900",
            )}
          >
            {t(k.kind)}
          </Link>
        ))}
      </nav>
      <div className="flex items-center gap-1">
        <Link href={href(shiftPeriod(period, -1))} className={buttonClasses({ variant: "ghost", size: "sm" })} aria-label={t("previous")} data-testid="period-previous">
          <Chevron dir="left" />
        </Link>
        <h2 className="min-w-0 px-1 text-base font-semibold text-zinc-900 tabular-nums" data-testid="period-label">
          {await periodLabel(period)}
        </h2>
        <Link href={href(shiftPeriod(period, 1))} className={buttonClasses({ variant: "ghost", size: "sm" })} aria-label={t("next")} data-testid="period-next">
          <Chevron dir="right" />
        </Link>
      </div>
      <form method="get" action={path} className="flex items-center gap-2 md:ml-auto">
        <input type="hidden" name="period" value={period.kind} />
        {by ? <input type="hidden" name="by" value={by} /> : null}
        {scope ? <input type="hidden" name="scope" value={scope.type === "org" ? "org" : `${scope.type}:${scope.id}`} /> : null}
        <label className="sr-only" htmlFor="period-date">
          {t("date")}
        </label>
        <Input id="period-date" type="date" name="date" defaultValue={period.start} required className="h-8 w-40" data-testid="period-date" />
        <button type="submit" className={buttonClasses({ variant: "secondary", size: "sm" })}>
          {t("go")}
        </button>
        {period.start !== latest.start || period.kind !== latest.kind ? (
          <Link href={href(latest)} className="text-sm whitespace-nowrap text-rose-700 hover:underline" data-testid="period-latest">
            {t("latest")}
          </Link>
        ) : null}
      </form>
    </div>
  );
}

function Chevron({ dir }: { dir: "left" | "right" }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="size-4">
      <path d={dir === "left" ? "m15 18-6-6 6-6" : "m9 18 6-6-6-6"} />
    </svg>
  );
}

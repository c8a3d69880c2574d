import Link from "next/link";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { controlClasses } from "@/components/ui/input";
import { RANGE_PRESETS, type DayRange } from "@/lib/analytics/metrics";
import type { RawParams } from "@/lib/analytics/schemas";
import { hrefWith } from "./href";

/**
 * The window of local days: presets (links) and a custom from–to (a GET form), both keeping the rest of
 * the view (`hidden`: the other keys the custom form must carry). Works without JavaScript.
 */
export async function RangeFilter({
  path,
  params,
  range,
  timeZone,
  hidden,
  children,
}: {
  path: string;
  params: RawParams;
  range: DayRange;
  timeZone: string;
  hidden: Record<string, string | readonly string[] | null | undefined>;
  /** Controls before the range (the campaign picker). */
  children?: ReactNode;
}) {
  const t = await getTranslations("analytics.range");
  return (
    <div className="flex flex-col gap-3 lg:flex-row lg:flex-wrap lg:items-end lg:justify-between" data-testid="analytics-filters">
      <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end">
        {children}
        <nav aria-label={t("label")} className="flex flex-wrap gap-1.5">
          {RANGE_PRESETS.map((p) => (
            <Link
              key={p}
              href={hrefWith(path, params, { range: String(p), from: null, to: null })}
              scroll={false}
              aria-current={range.preset === p ? "page" : undefined}
              data-testid={`range-${p}`}
              className={chip(range.preset === p)}
            >
              {t("last", { days: p })}
            </Link>
          ))}
        </nav>
      </div>
      <form method="get" action={path} className="flex flex-wrap items-end gap-2" data-testid="range-custom">
        {Object.entries(hidden).flatMap(([k, v]) =>
          v === undefined || v === null || v === "" ? [] : (typeof v === "string" ? [v] : v).map((one, i) => <input key={`${k}-${i}`} type="hidden" name={k} value={one} />),
        )}
        <input type="hidden" name="range" value="custom" />
        <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600">
          {t("from")}
          <input type="date" name="from" defaultValue={range.from} required className={cn(controlClasses, "h-9 w-40")} data-testid="range-from" />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600">
          {t("to")}
          <input type="date" name="to" defaultValue={range.to} required className={cn(controlClasses, "h-9 w-40")} data-testid="range-to" />
        </label>
        <button type="submit" className={cn(buttonClasses({ variant: range.preset === null ? "primary" : "secondary", size: "sm" }), "h-9")} data-testid="range-apply">
          {t("apply")}
        </button>
      </form>
      <p className="w-full text-xs text-zinc-500" data-testid="range-caption">
        {t("caption", { from: range.from, to: range.to, timeZone })}
      </p>
    </div>
  );
}

function chip(active: boolean) {
  return cn(
    "rounded-full border px-3 py-1.5 text-sm whitespace-nowrap transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-600",
    active ? "border-rose-200 bg-rose-50 font-medium text-rose-700" : "border-zinc-200 bg-white text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900",
  );
}

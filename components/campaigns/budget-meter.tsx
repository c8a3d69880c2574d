import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";
import { formatMoney } from "@/lib/format";

/** Share of `budget` that `spent` is, in whole percent (floored, so 100 % means really all of it). */
function percentOf(spent: number, budget: number): number {
  return budget > 0 ? Math.min(100, Math.floor((spent * 100) / budget)) : 0;
}

function Bar({ percent, testId }: { percent: number; testId: string }) {
  return (
    <div
      className="mt-1.5 h-2 overflow-hidden rounded-full bg-zinc-100"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      data-testid={testId}
    >
      <div
        className={cn("h-full rounded-full", percent >= 100 ? "bg-red-600" : percent >= 80 ? "bg-amber-500" : "bg-emerald-600")}
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}

/**
 * "预算已用 ¥x / ¥y (z%)" with a bar, and today's spend against the daily budget. Amber from 80 %,
 * red at 100 % — the levels the database alerts at.
 */
export async function BudgetMeter({ total, daily, spent, spentToday }: { total: number | null; daily: number | null; spent: number; spentToday: number }) {
  const t = await getTranslations("campaigns.detail.budget");
  return (
    <div className="space-y-4" data-testid="campaign-budget">
      {total != null ? (
        <div>
          <p className="text-sm text-zinc-800" data-testid="budget-total">
            {t("used", { spent: formatMoney(spent), budget: formatMoney(total), percent: percentOf(spent, total) })}
          </p>
          <Bar percent={percentOf(spent, total)} testId="budget-total-bar" />
          {spent >= total ? <p className="mt-1 text-xs text-red-700">{t("exhausted")}</p> : null}
        </div>
      ) : null}
      {daily != null ? (
        <div>
          <p className="text-sm text-zinc-800" data-testid="budget-daily">
            {t("today", { spent: formatMoney(spentToday), budget: formatMoney(daily), percent: percentOf(spentToday, daily) })}
          </p>
          <Bar percent={percentOf(spentToday, daily)} testId="budget-daily-bar" />
        </div>
      ) : null}
      <p className="text-xs text-zinc-500">{t("hint")}</p>
    </div>
  );
}

import { getTranslations } from "next-intl/server";
import { formatCount } from "@/lib/format";
import { formatRate, type Metrics, type Totals } from "@/lib/analytics/metrics";

const STEPS = [
  { key: "views", color: "bg-zinc-400" },
  { key: "claims", color: "bg-rose-500" },
  { key: "redemptions", color: "bg-emerald-600" },
] as const;

/** Views → claims → redemptions as bars relative to the largest step, with the rate between steps. */
export async function Funnel({ totals, metrics }: { totals: Totals; metrics: Metrics }) {
  const t = await getTranslations("analytics");
  const max = Math.max(totals.views, totals.claims, totals.redemptions, 1);
  const between = [null, metrics.claimRate, metrics.redemptionRate];
  return (
    <ol className="space-y-4" aria-label={t("funnel.summary", { views: totals.views, claims: totals.claims, redemptions: totals.redemptions })} data-testid="funnel">
      {STEPS.map((s, i) => {
        const value = totals[s.key];
        return (
          <li key={s.key}>
            <div className="mb-1 flex items-baseline justify-between gap-3 text-sm">
              <span className="font-medium text-zinc-800">{t(`columns.${s.key}`)}</span>
              <span className="tabular-nums text-zinc-900" data-testid={`funnel-${s.key}`}>
                {formatCount(value)}
              </span>
            </div>
            <div className="h-3 overflow-hidden rounded-full bg-zinc-100">
              <div className={`h-full rounded-full ${s.color}`} style={{ width: `${Math.max((value / max) * 100, value > 0 ? 1 : 0)}%` }} />
            </div>
            {between[i] !== null || i > 0 ? (
              <p className="mt-1 text-xs text-zinc-500">{t(i === 1 ? "funnel.claimRate" : "funnel.redemptionRate", { rate: formatRate(between[i]) })}</p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

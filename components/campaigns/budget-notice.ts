import { formatMoney } from "@/lib/format";

type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The notification kind apply_redemption writes when a campaign's spend crosses 80 % and 100 % of its budget. */
export const BUDGET_NOTICE_KIND = "campaign.budget_reached";

export type BudgetNotice = { campaignId: string; campaignName: string; percent: number; spent: number; budget: number };

/** A notification's payload as a budget notice, or null when it is not one (payloads are jsonb: not trusted). */
export function budgetNoticeOf(payload: unknown): BudgetNotice | null {
  if (!payload || typeof payload !== "object") return null;
  const p = payload as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  const percent = num(p.percent);
  const spent = num(p.spent);
  const budget = num(p.budget);
  if (typeof p.campaignId !== "string" || percent == null || spent == null || budget == null) return null;
  return { campaignId: p.campaignId, campaignName: typeof p.campaignName === "string" ? p.campaignName : "", percent, spent, budget };
}

/** "活动「X」预算已用 80%（¥800.00 / ¥1,000.00）"; `t` is "notifications.budget". */
export function budgetNoticeText(t: Translate, n: BudgetNotice): string {
  return t(n.percent >= 100 ? "exhausted" : "reached", {
    name: n.campaignName,
    percent: n.percent,
    spent: formatMoney(n.spent),
    budget: formatMoney(n.budget),
  });
}

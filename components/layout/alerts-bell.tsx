import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";
import { unreadAlertCount } from "@/lib/anomalies/queries";
import { can } from "@/lib/auth/permissions";
import { unreadBudgetNoticeCount } from "@/lib/campaigns/queries";
import type { ConsoleContext } from "@/lib/auth/session";

/**
 * The header's bell: a link to /alerts with the user's unread anomaly alerts and campaign budget notices
 * as a badge. Shown to those who are notified and may act (owners and marketers: group:freeze).
 */
export async function AlertsBell({ ctx, className }: { ctx: ConsoleContext; className?: string }) {
  if (!can(ctx.role, "group:freeze")) return null;
  const [t, alerts, budgets] = await Promise.all([
    getTranslations("shell"),
    unreadAlertCount(ctx.orgId, ctx.userId),
    unreadBudgetNoticeCount(ctx.orgId, ctx.userId),
  ]);
  const unread = alerts + budgets;
  const label = unread > 0 ? t("alertsUnread", { count: unread }) : t("alerts");
  return (
    <Link
      href="/alerts"
      aria-label={label}
      title={label}
      data-testid="alerts-bell"
      data-unread={unread}
      className={cn(
        "relative flex size-10 items-center justify-center rounded-lg text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-rose-600",
        className,
      )}
    >
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="size-5">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 ? (
        <span
          className="absolute top-1 right-1 flex h-4 min-w-4 items-center justify-center rounded-full bg-rose-600 px-1 text-[10px] leading-none font-semibold text-white tabular-nums"
          data-testid="alerts-badge"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}

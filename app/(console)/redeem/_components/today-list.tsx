import { getTranslations } from "next-intl/server";
import { offerText } from "@/components/campaigns/offer";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, formatMoney } from "@/lib/format";
import type { TodayRedemption } from "@/lib/redemptions/queries";
import { ReverseButton } from "./reverse-button";

const time = (d: Date, tz: string) => formatDateTime(d, tz).slice(11);

type T = Awaited<ReturnType<typeof getTranslations<"redeem.today">>>;

/** Today's rows with the codes of one order together (the query returns them side by side, in order). */
function ordersOf(items: TodayRedemption[]): TodayRedemption[][] {
  const groups: TodayRedemption[][] = [];
  for (const r of items) {
    const last = groups.at(-1);
    if (r.order && last?.[0].order?.id === r.order.id) last.push(r);
    else groups.push([r]);
  }
  return groups;
}

/** An order of several codes: its amount, what the codes took off in all, and "reverse the whole order". */
function OrderHeader({ group, t, timeZone }: { group: TodayRedemption[]; t: T; timeZone: string }) {
  const live = group.filter((r) => !r.reversal);
  const orderAmount = group.reduce((sum, r) => sum + r.orderAmount, 0);
  const discount = live.reduce((sum, r) => sum + r.discount, 0);
  const reversible = live.filter((r) => r.mayReverse);
  const first = live[0] ?? group[0];
  return (
    <div className="flex flex-wrap items-start justify-between gap-2">
      <div className="min-w-0">
        <p className="flex flex-wrap items-baseline gap-x-2">
          <span className="text-sm text-zinc-500 tabular-nums">{time(group[0].redeemedAt, timeZone)}</span>
          <span className="text-sm font-semibold text-zinc-900">{t("orderTitle", { count: group.length })}</span>
        </p>
        <p className="mt-0.5 text-xs text-zinc-600 tabular-nums" data-testid="today-order-summary">
          {t("orderSummary", { amount: formatMoney(orderAmount), discount: formatMoney(discount), payable: formatMoney(orderAmount - discount) })}
        </p>
      </div>
      {reversible.length > 1 && reversible.length === live.length ? (
        <ReverseButton id={first.id} code={first.code} amount={formatMoney(discount)} wholeOrder={live.length} />
      ) : null}
    </div>
  );
}

/** One redemption: when, the code, the offer (its A/B variant), what it took off, and "reverse". */
function Row({ r, t, tOffer, timeZone, inOrder }: { r: TodayRedemption; t: T; tOffer: Awaited<ReturnType<typeof getTranslations<"campaign.offer">>>; timeZone: string; inOrder: boolean }) {
  return (
    <div data-testid="today-row" data-code={r.code} data-reversed={r.reversal ? "true" : "false"}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="flex flex-wrap items-baseline gap-x-2">
            {inOrder ? null : <span className="text-sm text-zinc-500 tabular-nums">{time(r.redeemedAt, timeZone)}</span>}
            <span className={r.reversal ? "font-mono text-sm break-all text-zinc-600 line-through" : "font-mono text-sm break-all text-zinc-900"}>{r.code}</span>
          </p>
          <p className="mt-0.5 text-sm text-zinc-700">
            {offerText((k, v) => tOffer(k, v), r.offer)}
            {r.variant ? (
              <span className="ml-2" data-testid="today-variant">
                <Badge>{t("variant", { label: r.variant })}</Badge>
              </span>
            ) : null}
          </p>
        </div>
        <div className="shrink-0 text-right">
          <p className={r.reversal ? "text-base font-semibold text-zinc-600 tabular-nums line-through" : "text-base font-semibold text-emerald-700 tabular-nums"}>
            {r.offer.type === "gift" ? (r.offer.giftName ?? "") : `−${formatMoney(r.discount)}`}
          </p>
          {inOrder ? null : <p className="text-xs text-zinc-500 tabular-nums">{t("order", { amount: formatMoney(r.orderAmount) })}</p>}
        </div>
      </div>
      <div className="mt-1 flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-zinc-500">
          {r.by.kind === "api_key" ? t("byKey", { name: r.by.name ?? "—" }) : t("byUser", { name: r.by.name ?? "—" })}
          {r.balanceAfter != null ? ` · ${t("balanceAfter", { balance: formatMoney(r.balanceAfter) })}` : ""}
          {!inOrder && !r.reversal && r.offer.type !== "gift" ? ` · ${t("payable", { amount: formatMoney(r.payable) })}` : ""}
        </p>
        {r.mayReverse ? (
          <div className="ml-auto flex items-center gap-2">
            {r.reversibleUntil ? <span className="text-xs text-zinc-500">{t("until", { time: time(r.reversibleUntil, timeZone) })}</span> : null}
            <ReverseButton id={r.id} code={r.code} amount={r.offer.type === "gift" ? (r.offer.giftName ?? "") : formatMoney(r.discount)} />
          </div>
        ) : null}
      </div>
      {r.reversal ? (
        <p className="mt-2 flex flex-wrap items-baseline gap-x-2 text-sm text-zinc-700" data-testid="today-reversal">
          <Badge tone="red">{t("reversed")}</Badge>
          <span className="text-zinc-500 tabular-nums">{time(r.reversal.at, timeZone)}</span>
          <span className="break-words">{t("reason", { reason: r.reversal.reason })}</span>
          {r.reversal.by ? <span className="text-zinc-500">· {r.reversal.by}</span> : null}
        </p>
      ) : null}
    </div>
  );
}

/** Today's redemptions at the store, newest first, each with "reverse" where this person may. */
export async function TodayList({
  items,
  timeZone,
  windowMinutes,
  reverseAny,
  storeName,
}: {
  items: TodayRedemption[];
  timeZone: string;
  windowMinutes: number;
  /** The reader may reverse at any time (owner, reviewer); clerks only within the window. */
  reverseAny: boolean;
  storeName: string;
}) {
  const [t, tOffer] = await Promise.all([getTranslations("redeem.today"), getTranslations("campaign.offer")]);
  const live = items.filter((r) => !r.reversal);
  // Stored-value spend is a payment from a prepaid balance, not a discount: it gets its own line.
  const discount = live.filter((r) => r.offer.type !== "stored_value").reduce((sum, r) => sum + r.discount, 0);
  const storedValue = live.filter((r) => r.offer.type === "stored_value").reduce((sum, r) => sum + r.discount, 0);
  return (
    <section className="rounded-xl border border-zinc-200 bg-white shadow-xs" aria-labelledby="today-title" data-testid="today-list">
      <div className="border-b border-zinc-200 px-4 py-3">
        <h2 id="today-title" className="text-base font-semibold text-zinc-900">
          {t("title", { store: storeName })}
        </h2>
        <p className="mt-0.5 text-sm text-zinc-600" data-testid="today-summary">
          {t("summary", { count: live.length, discount: formatMoney(discount) })}
          {storedValue > 0 ? <span data-testid="today-stored-value">{t("storedValueSummary", { amount: formatMoney(storedValue) })}</span> : null}
        </p>
      </div>
      {items.length === 0 ? (
        <p className="px-4 py-8 text-center text-sm text-zinc-500">{t("empty")}</p>
      ) : (
        <ul className="divide-y divide-zinc-100">
          {ordersOf(items).map((group) =>
            group.length === 1 ? (
              <li key={group[0].id} className={group[0].reversal ? "bg-zinc-50 px-4 py-3" : "px-4 py-3"}>
                <Row r={group[0]} t={t} tOffer={tOffer} timeZone={timeZone} inOrder={false} />
              </li>
            ) : (
              <li key={group[0].order!.id} className="px-4 py-3" data-testid="today-order" data-order={group[0].order!.id}>
                <OrderHeader group={group} t={t} timeZone={timeZone} />
                <ul className="mt-2 space-y-2 border-l-2 border-rose-200 pl-3">
                  {group.map((r) => (
                    <li key={r.id} className={r.reversal ? "rounded-md bg-zinc-50 py-1" : "py-1"}>
                      <Row r={r} t={t} tOffer={tOffer} timeZone={timeZone} inOrder />
                    </li>
                  ))}
                </ul>
              </li>
            ),
          )}
        </ul>
      )}
      <p className="border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500">{t(reverseAny ? "windowNoteAny" : "windowNote", { minutes: windowMinutes })}</p>
    </section>
  );
}

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { formatCount } from "@/lib/format";
import { formatBoundary, usableHoursText, type CouponView } from "./coupon-view";
import { offerComplete, offerFigure, offerText, scopeText } from "./offer";
import { brandSurface } from "@/lib/organizations/brand";

export type CouponBrand = { name: string; color: string };

const HEX = /^#[0-9a-f]{3,8}$/i;

/**
 * How the campaign's coupon looks on a consumer's phone: brand, offer, validity, hours, stores and terms.
 * Rendered by the campaign page and, live as one types, by the form (it has no state of its own).
 */
export function CouponPreview({ view, brand, timeZone, caption }: { view: CouponView; brand: CouponBrand; timeZone: string; caption?: ReactNode }) {
  const t = useTranslations("campaign.preview");
  const tOffer = useTranslations("campaign.offer");
  const tFigure = useTranslations("campaign.figure");
  const tHours = useTranslations("campaign.hours");
  const tScope = useTranslations("campaign.scope");
  const color = HEX.test(brand.color) ? brand.color : "#e11d48";
  const complete = offerComplete(view.offer);
  const figure = complete ? offerFigure(tFigure, view.offer) : "";
  const line = complete ? offerText(tOffer, view.offer) : "";

  const validity = (() => {
    const until = view.validUntil ? formatBoundary(view.validUntil, timeZone, "end") : null;
    const from = view.validFrom ? formatBoundary(view.validFrom, timeZone, "start") : null;
    if (view.validDaysAfterClaim) {
      return until ? t("validDaysUntil", { days: view.validDaysAfterClaim, until }) : t("validDays", { days: view.validDaysAfterClaim });
    }
    if (from && until) return t("validWindow", { from, until });
    return t("validUnset");
  })();

  const rows: { key: string; label: string; value: string }[] = [
    { key: "validity", label: t("validity"), value: validity },
    { key: "hours", label: t("hours"), value: usableHoursText(tHours, view.usableHours) },
    {
      key: "stores",
      label: t("stores"),
      value: view.storeNames === null ? t("allStores") : view.storeNames.length ? view.storeNames.join(t("separator")) : t("noStores"),
    },
    {
      key: "limit",
      label: t("limit"),
      value:
        view.totalQuantity && view.showRemaining
          ? t("limitWithTotal", { limit: view.perConsumerLimit, total: formatCount(view.totalQuantity) })
          : t("limitPerConsumer", { limit: view.perConsumerLimit }),
    },
  ];
  const scope = scopeText(tScope, view.scope);
  if (scope) rows.push({ key: "scope", label: t("scope"), value: scope });
  if (view.releaseAt || view.claimEndsAt) {
    const parts = [
      view.releaseAt ? t("releaseAt", { at: formatBoundary(view.releaseAt, timeZone, "start") }) : null,
      view.claimEndsAt ? t("claimEndsAt", { at: formatBoundary(view.claimEndsAt, timeZone, "end") }) : null,
    ].filter(Boolean);
    rows.push({ key: "claim", label: t("claim"), value: parts.join(t("separator")) });
  }

  const tags = [
    view.audience === "new" ? t("audienceNew") : view.audience === "tagged" ? t("audienceTagged") : null,
    view.stackable ? t("stackable") : t("notStackable"),
  ].filter((x): x is string => Boolean(x));

  return (
    <figure className="mx-auto w-full max-w-[320px]" data-testid="coupon-preview">
      <div className="overflow-hidden rounded-[2.25rem] border-[10px] border-zinc-900 bg-zinc-100 shadow-xl">
        <div className="flex h-7 items-center justify-between bg-white px-5 text-[11px] font-semibold text-zinc-900" aria-hidden="true">
          <span>9:41</span>
          <span className="h-4 w-16 rounded-full bg-zinc-900" />
          <span>5G</span>
        </div>
        <div className="flex items-center gap-2 border-b border-zinc-200 bg-white px-4 py-2.5">
          <span
            className="flex size-7 shrink-0 items-center justify-center rounded-full text-xs font-bold text-white"
            style={{ backgroundColor: brandSurface(color) }}
            aria-hidden="true"
          >
            {Array.from(brand.name.trim())[0] ?? "·"}
          </span>
          <span className="truncate text-sm font-semibold text-zinc-900">{brand.name}</span>
        </div>

        <div className="space-y-3 p-3">
          <div className="overflow-hidden rounded-2xl bg-white shadow-sm">
            <div className="px-4 pt-4 pb-5 text-white" style={{ backgroundColor: brandSurface(color) }}>
              <p className="truncate text-xs font-medium" data-testid="coupon-preview-name">
                {view.name || t("untitled")}
              </p>
              {complete ? (
                <>
                  <p className="mt-1 text-4xl leading-tight font-bold tracking-tight break-words tabular-nums" data-testid="coupon-preview-figure">
                    {figure}
                  </p>
                  {/* "15% off" needs no second line saying the same. */}
                  {line !== figure ? (
                    <p className="mt-1 text-sm font-medium break-words" data-testid="coupon-preview-offer">
                      {line}
                    </p>
                  ) : null}
                </>
              ) : (
                <p className="mt-2 text-sm font-medium">{t("offerPlaceholder")}</p>
              )}
            </div>
            <div className="relative h-0 border-t-2 border-dashed border-zinc-200" aria-hidden="true">
              <span className="absolute -top-2.5 -left-2.5 size-5 rounded-full bg-zinc-100" />
              <span className="absolute -top-2.5 -right-2.5 size-5 rounded-full bg-zinc-100" />
            </div>
            <dl className="space-y-2 px-4 pt-4 pb-3 text-xs">
              {rows.map((r) => (
                <div key={r.key} className="grid grid-cols-[4.5rem_minmax(0,1fr)] gap-2">
                  <dt className="text-zinc-500">{r.label}</dt>
                  <dd className="break-words text-zinc-800" data-testid={`coupon-preview-${r.key}`}>
                    {r.value}
                  </dd>
                </div>
              ))}
            </dl>
            {tags.length ? (
              <div className="flex flex-wrap gap-1.5 px-4 pb-4">
                {tags.map((tag) => (
                  <span key={tag} className="rounded-full bg-zinc-100 px-2 py-0.5 text-[11px] text-zinc-600">
                    {tag}
                  </span>
                ))}
              </div>
            ) : null}
          </div>

          {view.terms ? (
            <div className="rounded-2xl bg-white px-4 py-3 text-xs">
              <p className="font-semibold text-zinc-900">{t("terms")}</p>
              <p className="mt-1 break-words whitespace-pre-line text-zinc-600" data-testid="coupon-preview-terms">
                {view.terms}
              </p>
            </div>
          ) : null}

          <div className="rounded-full py-2.5 text-center text-sm font-semibold text-white" style={{ backgroundColor: brandSurface(color) }} aria-hidden="true">
            {t("claimButton")}
          </div>
        </div>
      </div>
      {caption ? <figcaption className="mt-3 text-center text-xs text-zinc-500">{caption}</figcaption> : null}
    </figure>
  );
}

import { getTranslations } from "next-intl/server";
import { offerFigure, offerText, scopeText } from "@/components/campaigns/offer";
import type { CampaignType, ProductScope, Tier } from "@/lib/campaigns/rules";
import { formatDateTime, formatMoney } from "@/lib/format";
import type { UsableHours } from "@/db/schema/catalog";
import { brandSurface } from "@/lib/organizations/brand";

type Campaign = {
  name: string;
  type: CampaignType;
  value: number | null;
  minSpend: number;
  percentOff: number | null;
  maxDiscount: number | null;
  giftName: string | null;
  initialBalance: number | null;
  tiers: Tier[] | null;
  productScope: ProductScope | null;
  validFrom: Date;
  validUntil: Date;
  validDaysAfterClaim: number | null;
  usableHours: UsableHours | null;
};

/** The coupon itself, in the brand's colour: the big figure, what it gives, when it is valid. */
export async function OfferCard({ campaign: c, color, timeZone, children }: { campaign: Campaign; color: string; timeZone: string; children?: React.ReactNode }) {
  const [tFigure, tOffer, tScope, t] = await Promise.all([
    getTranslations("campaign.figure"),
    getTranslations("campaign.offer"),
    getTranslations("campaign.scope"),
    getTranslations("landing"),
  ]);
  const scope = scopeText(tScope, c.productScope);
  const validity = c.validDaysAfterClaim
    ? t("validity.afterClaim", { days: c.validDaysAfterClaim, until: formatDateTime(c.validUntil, timeZone) })
    : t("validity.window", { from: formatDateTime(c.validFrom, timeZone), until: formatDateTime(c.validUntil, timeZone) });
  return (
    <section className="mx-4 overflow-hidden rounded-2xl text-white shadow-lg" style={{ backgroundColor: brandSurface(color) }}>
      <div className="px-5 pt-5 pb-4">
        <h1 className="text-sm font-medium">{c.name}</h1>
        <p className="mt-2 text-5xl font-bold tracking-tight" data-testid="offer-figure">
          {offerFigure(tFigure, c)}
        </p>
        <p className="mt-2 text-base font-medium">{offerText(tOffer, c)}</p>
        {c.type === "percent_off" ? (
          <p className="mt-1 text-sm">{c.minSpend > 0 ? t("minSpend", { min: formatMoney(c.minSpend) }) : t("noThreshold")}</p>
        ) : null}
        {c.type === "tiered_off" ? <p className="mt-1 text-sm">{t("tieredHint")}</p> : null}
        {scope ? (
          <p className="mt-1 text-sm font-medium" data-testid="offer-scope">
            {scope}
          </p>
        ) : null}
      </div>
      <div className="border-t border-dashed border-white/40 bg-black/10 px-5 py-3 text-sm">
        <p>{validity}</p>
        {c.usableHours ? <UsableHoursLine hours={c.usableHours} /> : null}
        {children}
      </div>
    </section>
  );
}

async function UsableHoursLine({ hours }: { hours: UsableHours }) {
  const t = await getTranslations("landing");
  const days =
    hours.weekdays.length === 7 ? t("everyDay") : [...hours.weekdays].sort().map((d) => t(`weekdays.${d}` as "weekdays.1")).join("、");
  const slots = hours.slots.map((s) => `${s.from}–${s.to}`).join("、");
  return <p className="mt-1">{t("usableHours", { days, slots })}</p>;
}

/** The stores a code can be used in. */
export async function StoreList({ stores }: { stores: { id: string; name: string; address: string }[] }) {
  const t = await getTranslations("landing");
  return (
    <section className="mx-4 mt-4 rounded-2xl bg-white p-5 shadow-sm">
      <h2 className="text-sm font-semibold text-zinc-900">{t("stores")}</h2>
      {stores.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-600">{t("allStores")}</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {stores.map((s) => (
            <li key={s.id} className="text-sm">
              <span className="font-medium text-zinc-900">{s.name}</span>
              {s.address ? <span className="block text-zinc-500">{s.address}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The terms text, as the marketer wrote it (line breaks kept), led by the product limits when the
 * campaign has them: what a code applies to is a term the consumer must see before the counter.
 */
export async function Terms({ text, scope }: { text: string; scope?: ProductScope | null }) {
  const [t, tScope] = await Promise.all([getTranslations("landing"), getTranslations("campaign.scope")]);
  const limits = scopeText(tScope, scope);
  if (!text.trim() && !limits) return null;
  return (
    <section className="mx-4 mt-4 rounded-2xl bg-white p-5 shadow-sm" data-testid="terms">
      <h2 className="text-sm font-semibold text-zinc-900">{t("terms")}</h2>
      {limits ? (
        <p className="mt-2 text-sm font-medium text-zinc-800" data-testid="terms-scope">
          {t("scopeTerm", { scope: limits })}
        </p>
      ) : null}
      {text.trim() ? <p className="mt-2 text-sm whitespace-pre-line text-zinc-600">{text}</p> : null}
    </section>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CodeQr } from "@/components/groups/code-qr";
import { BrandHeader } from "@/components/landing/brand-header";
import { OfferCard, StoreList, Terms } from "@/components/landing/offer-summary";
import { claimForDisplay } from "@/lib/claims/queries";
import { referralCount, referralProgram } from "@/lib/claims/referral";
import { formatCode } from "@/lib/codes/rules";
import { offerWithVariant } from "@/lib/groups/rules";
import { formatDateTime, formatMoney } from "@/lib/format";
import { publicBaseUrl } from "@/lib/http/base-url";

type Props = { params: Promise<{ slug: string; claimId: string }> };

export const metadata: Metadata = { robots: { index: false } };

// The consumer's code: large, as a QR for the clerk's scanner, with its expiry and stores.
// The claim id in the URL is the bearer (a random UUID the consumer got by claiming).
export default async function ClaimedCodePage({ params }: Props) {
  const { slug, claimId } = await params;
  const data = await claimForDisplay(claimId);
  if (!data || data.group.slug !== slug.toLowerCase()) notFound();
  const { claim, code, group, org } = data;
  // A/B test: the consumer sees the offer of the variant they were given.
  const campaign = offerWithVariant(data.campaign, data.variant);
  const t = await getTranslations("landing.result");
  const tz = org.timeZone;
  const expired = claim.expiresAt != null && claim.expiresAt < new Date();
  const status = expired && code.status !== "redeemed" ? "expired" : group.mode === "shared" ? "claimed" : code.status;
  const program = await referralProgram(campaign.id);
  const referred = program ? await referralCount(campaign.id, claim.consumerId) : 0;
  const shareUrl = program ? `${await publicBaseUrl()}/c/${group.slug}?ref=${claim.consumerId}` : null;

  return (
    <main className="mx-auto min-h-dvh max-w-md bg-zinc-50 pb-10" data-testid="claimed-code">
      <BrandHeader name={org.name} color={org.brandColor} logoUrl={org.logoUrl} />
      <section className="mx-4 rounded-2xl bg-white p-6 text-center shadow-sm">
        <h1 className="text-lg font-semibold text-zinc-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-zinc-600">{t("showAtCounter")}</p>
        <p className="mt-5 text-xs tracking-widest text-zinc-500 uppercase">{t("code")}</p>
        <p className="mt-1 font-mono text-3xl font-bold tracking-wider break-all text-zinc-900" data-testid="code">
          {group.mode === "shared" ? code.code : formatCode(code.code, group.prefix)}
        </p>
        <div className="mt-5 flex justify-center">
          <CodeQr code={code.code} label={t("qrLabel")} size={208} />
        </div>
        <p className="mt-4 inline-block rounded-full bg-zinc-100 px-3 py-1 text-sm font-medium text-zinc-700" data-testid="code-status">
          {t(`status.${status}` as "status.claimed")}
        </p>
        <p className="mt-2 text-sm text-zinc-600">
          {claim.expiresAt ? t("expires", { time: formatDateTime(claim.expiresAt, tz) }) : t("noExpiry")}
        </p>
        {code.balance != null ? <p className="mt-1 text-sm font-medium text-zinc-900">{t("balance", { balance: formatMoney(code.balance) })}</p> : null}
      </section>

      <div className="mt-4">
        <OfferCard campaign={campaign} color={org.brandColor} timeZone={tz} />
      </div>

      {program && shareUrl ? (
        <section className="mx-4 mt-4 rounded-2xl bg-white p-5 shadow-sm" data-testid="share">
          <h2 className="text-sm font-semibold text-zinc-900">{t("share")}</h2>
          <p className="mt-1 text-sm text-zinc-600">{t("shareHint", { n: program.threshold })}</p>
          <p className="mt-2 rounded-lg bg-zinc-100 px-3 py-2 font-mono text-xs break-all text-zinc-800">{shareUrl}</p>
          <p className="mt-2 text-sm font-medium text-zinc-900">{t("shareProgress", { count: Math.min(referred, program.threshold), n: program.threshold })}</p>
        </section>
      ) : null}

      <StoreList stores={data.stores} />
      <Terms text={campaign.terms} scope={campaign.productScope} />
      <p className="mt-6 flex justify-center gap-6 text-sm">
        <Link href={`/c/${group.slug}`} className="text-zinc-600 underline">
          {t("back")}
        </Link>
        <Link href={`/c/me?org=${encodeURIComponent(org.slug)}`} className="text-zinc-600 underline" data-testid="my-coupons-link">
          {t("myCoupons")}
        </Link>
      </p>
    </main>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { after } from "next/server";
import { getTranslations } from "next-intl/server";
import { segmentRulesOf } from "@/lib/consumers/queries";
import { eligibilityHint } from "@/lib/segments/rules";
import { BrandHeader } from "@/components/landing/brand-header";
import { Countdown } from "@/components/landing/countdown";
import { OfferCard, StoreList, Terms } from "@/components/landing/offer-summary";
import { VerifiedClaimForm } from "@/components/landing/verified-claim-form";
import { landingData, recordView } from "@/lib/claims/queries";
import { releaseTime } from "@/lib/claims/rules";
import { isBot, referrerOrigin, utm, visitorHash } from "@/lib/claims/views";
import { formatCount, formatDateTime } from "@/lib/format";
import { clientIp } from "@/lib/http/client-ip";
import { dateInZone } from "@/lib/time";
import { typedPhone } from "@/lib/consumers/otp";
import { audienceSettings } from "@/lib/sends/rules";
import { ConsentLine } from "@/components/landing/consent-line";
import { claimAction, sendCodeAction } from "./actions";
import { brandSurface } from "@/lib/organizations/brand";
import { logError } from "@/lib/log";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const data = await landingData((await params).slug);
  if (!data) return {};
  return { title: data.state === "unpublished" ? data.org.name : `${data.campaign.name} · ${data.org.name}`, robots: { index: false } };
}

const ERROR_KEYS = [
  "phone",
  "sold_out",
  "limit_reached",
  "limit_reached_daily",
  "not_eligible",
  "not_started",
  "ended",
  "paused",
  "frozen",
  "claims_closed",
  "not_found",
  "rate_limited",
  "otp_required",
  "otp_wrong",
  "otp_expired",
  "otp_exhausted",
  "otp_missing",
  "sms_failed",
] as const;

// The consumer's landing page: mobile first, readable without JavaScript, claim form as a plain POST.
export default async function LandingPage({ params, searchParams }: Props) {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const data = await landingData(slug);
  if (!data) notFound();
  const { group, campaign, org, influencer, state } = data;
  const t = await getTranslations("landing");
  const tz = org.timeZone;
  if (state === "unpublished") {
    // Not approved yet: the brand and "not open yet", nothing of the offer (it may still change).
    return (
      <main className="mx-auto min-h-dvh max-w-md bg-zinc-50 pb-10" data-testid="landing" data-state={state}>
        <BrandHeader name={org.name} color={org.brandColor} logoUrl={org.logoUrl} />
        <section className="mx-4 mt-4 rounded-2xl bg-white p-5 text-center shadow-sm" data-testid="state-panel">
          <p className="text-lg font-semibold text-zinc-900">{t("state.unpublished")}</p>
          <p className="mt-1 text-sm text-zinc-600">{t("stateText.unpublished")}</p>
        </section>
      </main>
    );
  }

  // Attribution, after the response: people only, once per visitor per 30 minutes.
  const h = await headers();
  const ua = h.get("user-agent");
  if (!isBot(ua)) {
    const ip = clientIp(h);
    after(() =>
      recordView({
        orgId: org.id,
        groupId: group.id,
        influencerId: group.influencerId,
        visitorHash: visitorHash(process.env.AUTH_SECRET ?? "", ip, ua ?? "", dateInZone(new Date(), tz)),
        ...utm(query),
        referrer: referrerOrigin(h.get("referer")),
      }).catch((e) => logError("[landing] view not recorded", e)),
    );
  }

  const error = typeof query.e === "string" ? ERROR_KEYS.find((k) => k === query.e) : undefined;
  const ref = typeof query.ref === "string" ? query.ref.slice(0, 64) : "";
  // Who the offer is for, in words: shown with the offer, and as the reason of a not_eligible refusal.
  const audienceHint = eligibilityHint(campaign.audience, campaign.audienceTag, campaign.segmentId ? await segmentRulesOf(org.id, campaign.segmentId) : null);
  const audienceText = audienceHint ? t(`eligibility.${audienceHint.key}`, audienceHint.values) : null;
  const errorWords = error
    ? error === "rate_limited"
      ? t("errors.rate_limited", { seconds: Number(query.s) || 60 })
      : error === "not_eligible" && audienceText
        ? t("errors.not_eligible_for", { who: audienceText })
        : t(`errors.${error}`)
    : null;
  const myCoupons = `/c/me?org=${encodeURIComponent(org.slug)}`;
  // At a limit the consumer already holds codes of this offer: say where to find them.
  const errorText =
    errorWords && (error === "limit_reached" || error === "limit_reached_daily") ? (
      <>
        {errorWords}{" "}
        <Link href={myCoupons} className="font-medium underline" data-testid="held-codes-link">
          {t("errors.seeHeldCodes")}
        </Link>
      </>
    ) : (
      errorWords
    );
  // After a refusal the field shows the number as it was typed (kept in a short-lived cookie, not the URL).
  const typed = error && !campaign.requirePhoneVerification ? await typedPhone() : "";
  const consent = <ConsentLine brand={org.name} privacyUrl={audienceSettings(org.settings).privacyUrl} />;
  const claim = claimAction.bind(null, group.slug);
  const sendCode = sendCodeAction.bind(null, group.slug);
  const opensAt = releaseTime(campaign);

  return (
    <main className="mx-auto min-h-dvh max-w-md bg-zinc-50 pb-10" data-testid="landing" data-state={state}>
      <BrandHeader name={org.name} color={org.brandColor} logoUrl={org.logoUrl} />
      {influencer ? (
        <p className="px-5 pb-3 text-sm text-zinc-600" data-testid="shared-by">
          {t("sharedBy", { name: influencer.displayName })} · {t(`platform.${influencer.platform}`)}
        </p>
      ) : null}

      <OfferCard campaign={campaign} color={org.brandColor} timeZone={tz}>
        {audienceText ? (
          <p className="mt-1 text-sm font-medium" data-testid="audience-hint">
            {audienceText}
          </p>
        ) : null}
        {state === "available" && campaign.showRemaining ? (
          <p className="mt-1 font-semibold" data-testid="remaining">
            {t("remaining", { count: formatCount(data.remaining) })}
          </p>
        ) : null}
      </OfferCard>

      <section id="claim" className="mx-4 mt-4 rounded-2xl bg-white p-5 shadow-sm">
        {state === "available" && campaign.requirePhoneVerification ? (
          <VerifiedClaimForm
            slug={group.slug}
            orgId={org.id}
            color={org.brandColor}
            claim={claim}
            sendCode={sendCode}
            query={query}
            refToken={ref}
            error={error}
            errorText={errorText}
            consent={consent}
          />
        ) : state === "available" ? (
          <form action={claim} className="space-y-3" noValidate>
            {ref ? <input type="hidden" name="ref" value={ref} /> : null}
            <label htmlFor="phone" className="block text-sm font-medium text-zinc-900">
              {t("phone")}
            </label>
            <input
              id="phone"
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              required
              defaultValue={typed}
              placeholder={t("phonePlaceholder")}
              aria-invalid={error === "phone" || undefined}
              aria-describedby="claim-hint"
              className="block w-full rounded-xl border border-zinc-300 px-4 py-3 text-lg tracking-wide outline-none focus:border-zinc-900"
            />
            {errorText ? (
              <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700" data-testid="claim-error">
                {errorText}
              </p>
            ) : null}
            <button
              type="submit"
              className="block w-full rounded-xl px-4 py-3 text-lg font-semibold text-white active:opacity-90"
              style={{ backgroundColor: brandSurface(org.brandColor) }}
              data-testid="claim-submit"
            >
              {t("claim")}
            </button>
            <p id="claim-hint" className="text-xs text-zinc-500">
              {t("phoneHint")}
            </p>
            {consent}
          </form>
        ) : (
          <div className="text-center" data-testid="state-panel">
            <p className="text-lg font-semibold text-zinc-900">{t(`state.${state}`)}</p>
            <p className="mt-1 text-sm text-zinc-600">
              {state === "scheduled" ? (
                <Countdown
                  target={opensAt.toISOString()}
                  template={t("countdown", { time: "{time}" })}
                  days={t("countdownDays", { n: "{n}" })}
                  fallback={t("stateText.scheduled", { time: formatDateTime(opensAt, tz) })}
                />
              ) : (
                t(`stateText.${state}`)
              )}
            </p>
            {errorText ? (
              <p role="alert" className="mt-3 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700" data-testid="claim-error">
                {errorText}
              </p>
            ) : null}
          </div>
        )}
      </section>

      <StoreList stores={data.stores} />
      <Terms text={campaign.terms} scope={campaign.productScope} />
      <p className="mt-6 text-center text-sm">
        <Link href={myCoupons} className="text-zinc-600 underline" data-testid="my-coupons-link">
          {t("otp.myCoupons")}
        </Link>
      </p>
    </main>
  );
}

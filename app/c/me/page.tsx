import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { consumerInputClass, OtpField } from "@/components/landing/otp-field";
import { offerFigure, offerText } from "@/components/campaigns/offer";
import { BrandHeader } from "@/components/landing/brand-header";
import { maskPhone } from "@/lib/claims/phone";
import { formatCode } from "@/lib/codes/rules";
import { pendingPhone, verifiedPhone } from "@/lib/consumers/otp";
import { phoneForInput } from "@/lib/consumers/rules";
import { findPublicOrg, listCoupons, type Coupon } from "@/lib/consumers/queries";
import { formatDateTime, formatMoney } from "@/lib/format";
import { forgetMyPhoneAction, sendMyCodeAction, verifyMyPhoneAction } from "./actions";
import { brandSurface } from "@/lib/organizations/brand";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("consumer");
  return { title: t("title"), robots: { index: false } };
}

const ERROR_KEYS = ["phone", "rate_limited", "otp_required", "otp_wrong", "otp_expired", "otp_exhausted", "otp_missing", "sms_failed", "not_found"] as const;

const STATUS_TONE: Record<Coupon["status"], string> = {
  claimed: "bg-emerald-50 text-emerald-700",
  available: "bg-emerald-50 text-emerald-700",
  redeemed: "bg-zinc-100 text-zinc-600",
  expired: "bg-amber-50 text-amber-800",
  void: "bg-zinc-100 text-zinc-600",
  frozen: "bg-zinc-100 text-zinc-600",
};

// "My coupons": a consumer proves their number by SMS and sees every code they hold in this
// organisation. Mobile first, plain forms (works without JavaScript); the proof is a signed cookie.
export default async function MyCouponsPage({ searchParams }: Props) {
  const query = await searchParams;
  const orgSlug = typeof query.org === "string" ? query.org.toLowerCase() : "";
  const org = await findPublicOrg(orgSlug);
  if (!org) notFound();
  const [t, tLanding] = await Promise.all([getTranslations("consumer"), getTranslations("landing")]);
  const phone = await verifiedPhone(org.id);

  return (
    <main className="mx-auto min-h-dvh max-w-md bg-zinc-50 pb-10" data-testid="my-coupons">
      <BrandHeader name={org.name} color={org.brandColor} logoUrl={org.logoUrl} />
      <h1 className="px-5 text-xl font-semibold text-zinc-900">{t("title")}</h1>
      {phone ? (
        <CouponList orgSlug={org.slug} orgId={org.id} timeZone={org.timeZone} phone={phone} />
      ) : (
        <VerifyPhone
          orgSlug={org.slug}
          color={org.brandColor}
          query={query}
          errorText={(() => {
            const error = typeof query.e === "string" ? ERROR_KEYS.find((k) => k === query.e) : undefined;
            if (!error) return null;
            return error === "rate_limited" ? tLanding("errors.rate_limited", { seconds: Number(query.s) || 60 }) : tLanding(`errors.${error}`);
          })()}
          error={typeof query.e === "string" ? query.e : undefined}
        />
      )}
    </main>
  );
}

async function VerifyPhone({
  orgSlug,
  color,
  query,
  error,
  errorText,
}: {
  orgSlug: string;
  color: string;
  query: Record<string, string | string[] | undefined>;
  error?: string;
  errorText: string | null;
}) {
  const [t, tOtp] = await Promise.all([getTranslations("consumer"), getTranslations("landing")]);
  const pending = await pendingPhone();
  const sent = query.sent === "1";
  const send = sendMyCodeAction.bind(null, orgSlug);
  const verify = verifyMyPhoneAction.bind(null, orgSlug);
  const primary = "block w-full rounded-xl px-4 py-3 text-lg font-semibold text-white active:opacity-90";

  return (
    <section id="verify" className="mx-4 mt-4 rounded-2xl bg-white p-5 shadow-sm">
      <p className="text-sm text-zinc-600">{t("intro")}</p>
      {/* Step 1 has one button (send); step 2 puts "show my coupons" first, so Enter never resends. */}
      <form action={sent ? verify : send} className="mt-4 space-y-3" noValidate data-testid="verify-form" data-step={sent ? "code" : "phone"}>
        {sent ? <input type="hidden" name="sent" value="1" /> : null}
        <label htmlFor="phone" className="block text-sm font-medium text-zinc-900">
          {tOtp("phone")}
        </label>
        <input
          id="phone"
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          required
          defaultValue={pending ? phoneForInput(pending) : ""}
          placeholder={tOtp("phonePlaceholder")}
          aria-invalid={error === "phone" || undefined}
          className={consumerInputClass}
        />
        {sent ? <OtpField pending={pending} error={error} invalid={Boolean(error?.startsWith("otp_"))} /> : null}
        {errorText ? (
          <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700" data-testid="verify-error">
            {errorText}
          </p>
        ) : null}
        {sent ? (
          <>
            <button type="submit" className={primary} style={{ backgroundColor: brandSurface(color) }} data-testid="verify-submit">
              {t("show")}
            </button>
            <button
              type="submit"
              formAction={send}
              className="block w-full rounded-xl border border-zinc-300 bg-white px-4 py-2.5 text-base font-medium text-zinc-800 active:bg-zinc-100"
              data-testid="send-code"
            >
              {tOtp("otp.resend")}
            </button>
          </>
        ) : (
          <button type="submit" className={primary} style={{ backgroundColor: brandSurface(color) }} data-testid="send-code">
            {tOtp("otp.sendCode")}
          </button>
        )}
        <p className="text-xs text-zinc-500">{t("privacy")}</p>
      </form>
    </section>
  );
}

async function CouponList({ orgSlug, orgId, timeZone, phone }: { orgSlug: string; orgId: string; timeZone: string; phone: string }) {
  const [t, tStatus, tFigure, tOffer] = await Promise.all([
    getTranslations("consumer"),
    getTranslations("landing.result.status"),
    getTranslations("campaign.figure"),
    getTranslations("campaign.offer"),
  ]);
  const coupons = await listCoupons(orgId, phone);
  const usable = coupons.filter((c) => c.status === "claimed");
  const past = coupons.filter((c) => c.status !== "claimed");
  const forget = forgetMyPhoneAction.bind(null, orgSlug);

  const card = (c: Coupon) => (
    <li key={c.claimId} className="rounded-2xl bg-white p-4 shadow-sm" data-testid="coupon" data-status={c.status}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="truncate text-sm font-medium text-zinc-900">{c.campaign.name}</p>
          <p className="mt-0.5 text-xs text-zinc-500">{offerText(tOffer, c.campaign)}</p>
        </div>
        <p className={`shrink-0 text-2xl font-bold tracking-tight ${c.status === "claimed" ? "text-zinc-900" : "text-zinc-400"}`}>
          {offerFigure(tFigure, c.campaign)}
        </p>
      </div>
      <p className={`mt-3 font-mono text-lg font-semibold tracking-wider break-all ${c.status === "claimed" ? "text-zinc-900" : "text-zinc-400 line-through"}`} data-testid="coupon-code">
        {formatCode(c.code, c.prefix ?? "", c.mode)}
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600">
        <span className={`rounded-full px-2 py-0.5 font-medium ${STATUS_TONE[c.status]}`} data-testid="coupon-status">
          {tStatus(c.status)}
        </span>
        <span>{c.expiresAt ? t(c.status === "expired" ? "expired" : "expires", { time: formatDateTime(c.expiresAt, timeZone) }) : t("noExpiry")}</span>
        {c.balance != null ? <span>{t("balance", { balance: formatMoney(c.balance) })}</span> : null}
      </div>
      <Link
        href={`/c/${c.slug}/code/${c.claimId}`}
        className="mt-3 block rounded-xl border border-zinc-200 px-4 py-2.5 text-center text-sm font-medium text-zinc-800 active:bg-zinc-50"
        data-testid="coupon-open"
      >
        {c.status === "claimed" ? t("open") : t("details")}
      </Link>
    </li>
  );

  return (
    <>
      <div className="mt-1 flex flex-wrap items-center gap-x-2 px-5 text-sm text-zinc-600">
        <span data-testid="my-phone">{t("phone", { phone: maskPhone(phone) })}</span>
        <form action={forget}>
          <button type="submit" className="text-zinc-600 underline" data-testid="forget-phone">
            {t("notYou")}
          </button>
        </form>
      </div>
      {coupons.length === 0 ? (
        <section className="mx-4 mt-4 rounded-2xl bg-white p-6 text-center shadow-sm" data-testid="no-coupons">
          <p className="font-medium text-zinc-900">{t("empty.title")}</p>
          <p className="mt-1 text-sm text-zinc-600">{t("empty.description")}</p>
        </section>
      ) : (
        <>
          {usable.length ? (
            <section className="mt-4 px-4">
              <h2 className="px-1 text-sm font-semibold text-zinc-700">{t("usable", { count: usable.length })}</h2>
              <ul className="mt-2 space-y-3">{usable.map(card)}</ul>
            </section>
          ) : null}
          {past.length ? (
            <section className="mt-6 px-4">
              <h2 className="px-1 text-sm font-semibold text-zinc-700">{t("past", { count: past.length })}</h2>
              <ul className="mt-2 space-y-3">{past.map(card)}</ul>
            </section>
          ) : null}
        </>
      )}
    </>
  );
}

import type { ReactNode } from "react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { maskPhone } from "@/lib/claims/phone";
import { pendingPhone, verifiedPhone } from "@/lib/consumers/otp";
import { phoneForInput } from "@/lib/consumers/rules";
import { consumerInputClass, OtpField } from "./otp-field";
import { brandSurface } from "@/lib/organizations/brand";

type Props = {
  slug: string;
  orgId: string;
  color: string;
  claim: (formData: FormData) => Promise<void>;
  sendCode: (formData: FormData) => Promise<void>;
  query: Record<string, string | string[] | undefined>;
  refToken: string;
  error?: string;
  errorText: ReactNode;
  /** The consent line (PIPL) shown under the phone field. */
  consent: ReactNode;
};


/**
 * The claim form of an offer that verifies phone numbers, in plain HTML forms (no JavaScript needed):
 * 1. the number and "send code" (texts a one-time code, back here with `?sent=1`);
 * 2. the texted code and "get my code" (claimAction checks it before claiming), with "send a new code";
 * a browser that proved its number before (signed cookie) skips both for that number.
 */
export async function VerifiedClaimForm({ slug, orgId, color, claim, sendCode, query, refToken, error, errorText, consent }: Props) {
  const t = await getTranslations("landing");
  const [verified, pending] = await Promise.all([verifiedPhone(orgId), pendingPhone()]);
  const changing = query.change === "1";
  const sent = query.sent === "1";
  const otpError = error?.startsWith("otp_");
  const alert = errorText ? (
    <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700" data-testid="claim-error">
      {errorText}
    </p>
  ) : null;
  const primary = "block w-full rounded-xl px-4 py-3 text-lg font-semibold text-white active:opacity-90";

  // A code just sent to another number means the consumer is switching numbers: show its code step.
  const switching = sent && pending != null && pending !== verified;
  if (verified && !changing && !switching) {
    return (
      <form action={claim} className="space-y-3" data-testid="claim-form" data-step="verified">
        {refToken ? <input type="hidden" name="ref" value={refToken} /> : null}
        <input type="hidden" name="phone" value={verified} />
        <p className="text-sm text-zinc-700" data-testid="verified-phone">
          <span aria-hidden className="mr-1 text-emerald-600">✓</span>
          {t("otp.verifiedAs", { phone: maskPhone(verified) })}
        </p>
        {alert}
        <button type="submit" className={primary} style={{ backgroundColor: brandSurface(color) }} data-testid="claim-submit">
          {t("claim")}
        </button>
        <p className="text-center text-sm">
          <Link href={`/c/${slug}?change=1${refToken ? `&ref=${encodeURIComponent(refToken)}` : ""}#claim`} className="text-zinc-600 underline" data-testid="use-another">
            {t("otp.useAnother")}
          </Link>
        </p>
      </form>
    );
  }

  const phoneField = (
    <>
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
        defaultValue={pending ? phoneForInput(pending) : ""}
        placeholder={t("phonePlaceholder")}
        aria-invalid={error === "phone" || undefined}
        aria-describedby="claim-hint"
        className={consumerInputClass}
      />
    </>
  );

  // Step 1: the only button sends the code, so Enter in the number field does that.
  if (!sent) {
    return (
      <form action={sendCode} className="space-y-3" noValidate data-testid="claim-form" data-step="phone">
        {refToken ? <input type="hidden" name="ref" value={refToken} /> : null}
        {phoneField}
        {alert}
        <button type="submit" className={primary} style={{ backgroundColor: brandSurface(color) }} data-testid="send-code">
          {t("otp.sendCode")}
        </button>
        <p id="claim-hint" className="text-xs text-zinc-500">
          {t("otp.hint")}
        </p>
        {consent}
      </form>
    );
  }

  // Step 2: "get my code" comes first in the form, so Enter in the code field claims (not resends).
  return (
    <form action={claim} className="space-y-3" noValidate data-testid="claim-form" data-step="code">
      {refToken ? <input type="hidden" name="ref" value={refToken} /> : null}
      <input type="hidden" name="sent" value="1" />
      {phoneField}
      <OtpField pending={pending} error={error} invalid={Boolean(otpError)} describedBy="claim-hint" />
      {alert}
      <button type="submit" className={primary} style={{ backgroundColor: brandSurface(color) }} data-testid="claim-submit">
        {t("claim")}
      </button>
      <button
        type="submit"
        formAction={sendCode}
        className="block w-full rounded-xl border border-zinc-300 bg-white px-4 py-2.5 text-base font-medium text-zinc-800 active:bg-zinc-100"
        data-testid="send-code"
      >
        {t("otp.resend")}
      </button>
      <p id="claim-hint" className="text-xs text-zinc-500">
        {t("phoneHint")}
      </p>
      {consent}
    </form>
  );
}

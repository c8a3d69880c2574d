import { getTranslations } from "next-intl/server";
import { maskPhone } from "@/lib/claims/phone";
import { env } from "@/lib/env";

/** The text input of consumer pages (phone, one-time code). */
export const consumerInputClass =
  "block w-full rounded-xl border border-zinc-300 bg-white px-4 py-3 text-lg tracking-wide outline-none focus:border-zinc-900";

/**
 * "Code sent to +86 139****5678" (when a code is waiting and nothing failed) and the one-time-code
 * input, for the claim form of verified offers and for My coupons.
 */
export async function OtpField({ pending, error, invalid, describedBy }: { pending: string | null; error?: string; invalid: boolean; describedBy?: string }) {
  const t = await getTranslations("landing");
  const minutes = Math.max(1, Math.round(env().OTP_TTL_SECONDS / 60));
  return (
    <>
      {pending && !error ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="otp-sent">
          {t("otp.sent", { phone: maskPhone(pending), minutes })}
        </p>
      ) : null}
      <label htmlFor="otp" className="block text-sm font-medium text-zinc-900">
        {t("otp.codeLabel")}
      </label>
      <input
        id="otp"
        name="otp"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]*"
        maxLength={8}
        required
        autoFocus={Boolean(pending) && !error}
        placeholder={t("otp.codePlaceholder")}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className={`${consumerInputClass} font-mono tracking-[0.4em] placeholder:font-sans placeholder:tracking-normal`}
        data-testid="otp-input"
      />
    </>
  );
}

"use server";

import { headers } from "next/headers";
import { formOf } from "@/lib/action-state";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { getLocale } from "next-intl/server";
import { evaluateAnomaliesAfterResponse } from "@/lib/anomalies/after-response";
import { claimCode, findGroupBySlug, guardPublicRequest, hashIp } from "@/lib/claims/claim";
import { normalizePhone } from "@/lib/claims/phone";
import { rewardReferrer } from "@/lib/claims/referral";
import { deviceId } from "@/lib/consumers/device";
import { rememberPendingPhone, rememberTypedPhone, rememberVerifiedPhone, requireVerifiedPhone, sendOtp, verifiedPhone } from "@/lib/consumers/otp";
import { refusalQuery } from "@/lib/consumers/rules";
import { AppError, isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { logError } from "@/lib/log";

/**
 * The landing page's claim form. A plain form POST (works with JavaScript off): on success it
 * redirects to the code's page, on a refusal back to the offer with the reason in the URL. Offers
 * that verify phones need the texted code (or this browser's verified-phone cookie for the same
 * number) before claim_code runs.
 */
export async function claimAction(slug: string, form: FormData) {
  const formData = formOf(form);
  const phone = String(formData.get("phone") ?? "").slice(0, 40);
  const otp = String(formData.get("otp") ?? "").slice(0, 16);
  const ref = String(formData.get("ref") ?? "").slice(0, 64) || null;
  const device = await deviceId();
  const ip = clientIp(await headers());
  let target: string;
  let verifying = false;
  try {
    const found = await findGroupBySlug(slug);
    if (!found) throw new AppError("not_found", "There is no such offer.");
    await guardPublicRequest(found.org.id, { ip, phone, deviceId: device });
    if (found.campaign.requirePhoneVerification) {
      verifying = true;
      const proved = await requireVerifiedPhone(found.org.id, phone, otp, await verifiedPhone(found.org.id));
      if (proved.via === "otp") await rememberVerifiedPhone(found.org.id, proved.phone);
    }
    const r = await claimCode({ slug, phone, ip, deviceId: device, referrerId: ref, found });
    if (ref && !r.repeat) {
      after(() => rewardReferrer(r.campaignId, ref).catch((e) => logError("[referral] reward failed", e)));
    }
    // Anomaly rules (claims per IP and per device) run after the response is sent.
    if (!r.repeat) await evaluateAnomaliesAfterResponse(found.org.id, { ipHash: ip ? hashIp(ip) : null, deviceId: device });
    target = `/c/${encodeURIComponent(slug)}/code/${r.claimId}`;
  } catch (e) {
    if (!isAppError(e)) throw e;
    const q = refusalQuery(e);
    if (verifying) {
      // Back to the code step with the number still filled in.
      const normalized = normalizePhone(phone);
      if (normalized) await rememberPendingPhone(normalized);
      q.set("sent", "1");
    } else {
      // Back to the form with what was typed still in the field.
      await rememberTypedPhone(phone);
    }
    if (ref) q.set("ref", ref);
    target = `/c/${encodeURIComponent(slug)}?${q}#claim`;
  }
  redirect(target);
}

/**
 * The "send code" button of the claim form (its formAction): texts a one-time code to the typed
 * number and comes back to the offer with `?sent=1`. The number itself travels in a short-lived
 * httpOnly cookie (lib/consumers/otp.ts pendingPhone), never in the URL.
 */
export async function sendCodeAction(slug: string, form: FormData) {
  const formData = formOf(form);
  const phone = String(formData.get("phone") ?? "").slice(0, 40);
  const ref = String(formData.get("ref") ?? "").slice(0, 64) || null;
  const wasSent = formData.get("sent") === "1";
  const device = await deviceId();
  const ip = clientIp(await headers());
  let q: URLSearchParams;
  try {
    const found = await findGroupBySlug(slug);
    if (!found) throw new AppError("not_found", "There is no such offer.");
    await guardPublicRequest(found.org.id, { ip, phone, deviceId: device });
    const sent = await sendOtp(found.org.id, phone, { locale: await getLocale() });
    await rememberPendingPhone(sent.phone);
    q = new URLSearchParams({ sent: "1" });
  } catch (e) {
    if (!isAppError(e)) throw e;
    q = refusalQuery(e);
    if (wasSent && e.errors?.[0]?.path !== "phone") q.set("sent", "1");
  }
  if (ref) q.set("ref", ref);
  redirect(`/c/${encodeURIComponent(slug)}?${q}#claim`);
}

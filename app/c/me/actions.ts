"use server";

import { headers } from "next/headers";
import { formOf } from "@/lib/action-state";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { guardPublicRequest } from "@/lib/claims/claim";
import { normalizePhone } from "@/lib/claims/phone";
import { deviceId } from "@/lib/consumers/device";
import { forgetVerifiedPhone, rememberPendingPhone, rememberVerifiedPhone, requireVerifiedPhone, sendOtp } from "@/lib/consumers/otp";
import { findPublicOrg } from "@/lib/consumers/queries";
import { refusalQuery } from "@/lib/consumers/rules";
import { AppError, isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";

const page = (orgSlug: string, q?: URLSearchParams) => `/c/me?org=${encodeURIComponent(orgSlug)}${q?.size ? `&${q}` : ""}`;

async function orgOrThrow(orgSlug: string) {
  const org = await findPublicOrg(orgSlug);
  if (!org) throw new AppError("not_found", "There is no such shop.");
  return org;
}

// My coupons, step 1: text a one-time code to the number (plain form POST, works without JavaScript).
export async function sendMyCodeAction(orgSlug: string, form: FormData) {
  const formData = formOf(form);
  const phone = String(formData.get("phone") ?? "").slice(0, 40);
  const wasSent = formData.get("sent") === "1";
  const ip = clientIp(await headers());
  const device = await deviceId();
  let q: URLSearchParams;
  try {
    const org = await orgOrThrow(orgSlug);
    await guardPublicRequest(org.id, { ip, phone, deviceId: device });
    const sent = await sendOtp(org.id, phone, { locale: await getLocale() });
    await rememberPendingPhone(sent.phone);
    q = new URLSearchParams({ sent: "1" });
  } catch (e) {
    if (!isAppError(e)) throw e;
    q = refusalQuery(e);
    if (wasSent && e.errors?.[0]?.path !== "phone") q.set("sent", "1");
  }
  redirect(`${page(orgSlug, q)}#verify`);
}

// My coupons, step 2: check the texted code; a proved number is remembered in a signed cookie.
export async function verifyMyPhoneAction(orgSlug: string, form: FormData) {
  const formData = formOf(form);
  const phone = String(formData.get("phone") ?? "").slice(0, 40);
  const otp = String(formData.get("otp") ?? "").slice(0, 16);
  const ip = clientIp(await headers());
  const device = await deviceId();
  let target: string;
  try {
    const org = await orgOrThrow(orgSlug);
    await guardPublicRequest(org.id, { ip, phone, deviceId: device });
    const proved = await requireVerifiedPhone(org.id, phone, otp, null);
    await rememberVerifiedPhone(org.id, proved.phone);
    target = page(orgSlug);
  } catch (e) {
    if (!isAppError(e)) throw e;
    const normalized = normalizePhone(phone);
    if (normalized) await rememberPendingPhone(normalized);
    const q = refusalQuery(e);
    q.set("sent", "1");
    target = `${page(orgSlug, q)}#verify`;
  }
  redirect(target);
}

// My coupons: forget the proved number on this browser ("not you?").
export async function forgetMyPhoneAction(orgSlug: string) {
  const org = await findPublicOrg(orgSlug);
  if (org) await forgetVerifiedPhone(org.id);
  redirect(page(orgSlug));
}

"use server";

import { randomUUID } from "node:crypto";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { claimCode, findGroupBySlug, guardPublicRequest } from "@/lib/claims/claim";
import { rewardReferrer } from "@/lib/claims/referral";
import { AppError, isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";

const DEVICE_COOKIE = "cc_dev";

/**
 * The landing page's claim form. A plain form POST (works with JavaScript off): on success it
 * redirects to the code's page, on a refusal back to the offer with the reason in the URL.
 */
export async function claimAction(slug: string, formData: FormData) {
  const phone = String(formData.get("phone") ?? "").slice(0, 40);
  const ref = String(formData.get("ref") ?? "").slice(0, 64) || null;
  const jar = await cookies();
  let device = jar.get(DEVICE_COOKIE)?.value;
  if (!device || !/^[0-9a-f-]{36}$/.test(device)) {
    device = randomUUID();
    jar.set(DEVICE_COOKIE, device, { httpOnly: true, sameSite: "lax", maxAge: 60 * 60 * 24 * 365, path: "/" });
  }
  const ip = clientIp(await headers());
  let target: string;
  try {
    const found = await findGroupBySlug(slug);
    if (!found) throw new AppError("not_found", "There is no such offer.");
    await guardPublicRequest(found.org.id, { ip, phone, deviceId: device });
    const r = await claimCode({ slug, phone, ip, deviceId: device, referrerId: ref });
    if (ref && !r.repeat) {
      after(() => rewardReferrer(r.campaignId, ref).catch((e) => console.error("[referral] reward failed", e)));
    }
    target = `/c/${encodeURIComponent(slug)}/code/${r.claimId}`;
  } catch (e) {
    if (!isAppError(e)) throw e;
    const q = new URLSearchParams({ e: e.errors?.[0]?.path === "phone" ? "phone" : e.code });
    if (e.retryAfter) q.set("s", String(e.retryAfter));
    if (ref) q.set("ref", ref);
    target = `/c/${encodeURIComponent(slug)}?${q}#claim`;
  }
  redirect(target);
}

import { z } from "zod";
import { apiRoute, json } from "@/lib/api/handler";
import { evaluateAnomaliesAfterResponse } from "@/lib/anomalies/after-response";
import { claimCode, findGroupBySlugCached, guardPublicRequest, hashIp } from "@/lib/claims/claim";
import { rewardReferrer } from "@/lib/claims/referral";
import { claimBodySchema } from "@/lib/claims/schemas";
import { after } from "next/server";
import { requireVerifiedPhone } from "@/lib/consumers/otp";
import { AppError } from "@/lib/errors";
import { getGroupVariant } from "@/lib/groups/queries";
import { offerWithVariant } from "@/lib/groups/rules";
import { clientIp } from "@/lib/http/client-ip";
import { logError } from "@/lib/log";

const params = z.object({ slug: z.string().regex(/^[a-z0-9-]{3,48}$/i) });

// A consumer claims a code: no login; rate-limited per IP, per phone and per device id (X-Device-Id);
// `otp` required when the campaign verifies phones.
export const POST = apiRoute({ public: true, params, body: claimBodySchema }, async ({ params, body, req }) => {
  const found = await findGroupBySlugCached(params.slug);
  if (!found) throw new AppError("not_found", "There is no such offer.");
  const ip = clientIp(req.headers);
  const deviceId = req.headers.get("x-device-id")?.slice(0, 64) ?? null;
  await guardPublicRequest(found.org.id, { ip, phone: body.phone, deviceId });
  // Offers that verify phones: the one-time code is checked (and used up) before any code is handed out.
  if (found.campaign.requirePhoneVerification) await requireVerifiedPhone(found.org.id, body.phone, body.otp, null);
  const r = await claimCode({ slug: params.slug, phone: body.phone, ip, deviceId, referrerId: body.ref ?? null, found });
  if (body.ref && !r.repeat) {
    after(() => rewardReferrer(r.campaignId, body.ref!).catch((e) => logError("[referral] reward failed", e)));
  }
  // Anomaly rules (claims per IP and per device) run after the response is sent.
  if (!r.repeat) await evaluateAnomaliesAfterResponse(found.org.id, { ipHash: ip ? hashIp(ip) : null, deviceId });
  // A/B test: the answer describes the offer of the variant this phone was given.
  const variant = r.variantId ? await getGroupVariant(found.group.orgId, found.group.id, r.variantId) : null;
  const c = offerWithVariant(found.campaign, variant);
  return json(
    {
      code: r.code,
      repeat: r.repeat,
      expiresAt: r.expiresAt?.toISOString() ?? null,
      campaign: {
        name: c.name,
        type: c.type,
        value: c.value,
        minSpend: c.minSpend,
        percentOff: c.percentOff,
        maxDiscount: c.maxDiscount,
        giftName: c.giftName,
        initialBalance: c.initialBalance,
        tiers: c.tiers ?? null,
        terms: c.terms,
      },
    },
    { status: r.repeat ? 200 : 201 },
  );
});

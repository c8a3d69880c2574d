import { z } from "zod";
import { apiRoute, json } from "@/lib/api/handler";
import { findGroupBySlug, guardPublicRequest } from "@/lib/claims/claim";
import { otpBodySchema } from "@/lib/claims/schemas";
import { sendOtp } from "@/lib/consumers/otp";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";

const params = z.object({ slug: z.string().regex(/^[a-z0-9-]{3,48}$/i) });

// Texts a one-time code to a phone, for offers that verify phone numbers: no login; rate-limited per
// IP, phone and device like claims, plus OTP_SENDS_PER_PHONE_PER_HOUR.
export const POST = apiRoute({ public: true, params, body: otpBodySchema }, async ({ params, body, req }) => {
  const found = await findGroupBySlug(params.slug);
  if (!found) throw new AppError("not_found", "There is no such offer.");
  const ip = clientIp(req.headers);
  const deviceId = req.headers.get("x-device-id")?.slice(0, 64) ?? null;
  await guardPublicRequest(found.org.id, { ip, phone: body.phone, deviceId });
  const sent = await sendOtp(found.org.id, body.phone, { locale: body.locale });
  return json({ sent: true, expiresAt: sent.expiresAt.toISOString() }, { status: 202 });
});

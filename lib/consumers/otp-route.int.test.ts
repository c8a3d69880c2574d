import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { smsMessages } from "@/db/schema";
import { seedCampaign, seedGroup, seedTestOrg } from "@/db/seed/builders";

const { POST: claimPost } = await import("@/app/api/v1/public/groups/[slug]/claims/route");
const { POST: otpPost } = await import("@/app/api/v1/public/groups/[slug]/otp/route");

let orgId: string;
let verifySlug: string;
let openSlug: string;
let ip = 0;

function call(handler: typeof claimPost, what: "claims" | "otp", slug: string, body: unknown) {
  return handler(
    new Request(`http://localhost/api/v1/public/groups/${slug}/${what}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-coupon-socket-ip": `10.7.0.${ip++ % 250}` },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ slug }) },
  );
}
const claim = (slug: string, body: unknown) => call(claimPost, "claims", slug, body);
const requestOtp = (slug: string, body: unknown) => call(otpPost, "otp", slug, body);

async function lastCode(phone: string) {
  const [m] = await db
    .select({ body: smsMessages.body })
    .from(smsMessages)
    .where(and(eq(smsMessages.orgId, orgId), eq(smsMessages.phone, phone)))
    .orderBy(desc(smsMessages.createdAt))
    .limit(1);
  return m.body.match(/(?:验证码|code is) (\d{6})/)![1];
}

beforeAll(async () => {
  const f = await seedTestOrg(db, `otpr-${randomUUID().slice(0, 8)}`);
  orgId = f.org.id;
  const verified = await seedCampaign(db, { orgId, name: "会员专享", requirePhoneVerification: true });
  verifySlug = `vf-${randomUUID().slice(0, 8)}`;
  await seedGroup(db, { orgId, campaignId: verified.id, name: "g", slug: verifySlug, mode: "unique", quantity: 20 });
  const open = await seedCampaign(db, { orgId, name: "人人可领" });
  openSlug = `op-${randomUUID().slice(0, 8)}`;
  await seedGroup(db, { orgId, campaignId: open.id, name: "g", slug: openSlug, mode: "unique", quantity: 20 });
});

describe("public claims of an offer that verifies phones", () => {
  it("refuses a claim without a code (403 otp_required) and with a wrong one (403 otp_invalid)", async () => {
    const none = await claim(verifySlug, { phone: "13600136001" });
    expect(none.status).toBe(403);
    expect(await none.json()).toMatchObject({ code: "otp_required", errors: [{ path: "otp", message: "claim.errors.otp_required" }] });

    expect((await requestOtp(verifySlug, { phone: "13600136001" })).status).toBe(202);
    const code = await lastCode("+8613600136001");
    const wrong = await claim(verifySlug, { phone: "13600136001", otp: code === "000000" ? "111111" : "000000" });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ code: "otp_invalid", errors: [{ path: "otp", message: "claim.errors.otp_wrong" }] });
  });

  it("hands out a code with the texted one-time code, which works once", async () => {
    const sent = await requestOtp(verifySlug, { phone: "+86 136 0013 6002", locale: "en" });
    expect(sent.status).toBe(202);
    const body = await sent.json();
    expect(body.sent).toBe(true);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const code = await lastCode("+8613600136002");
    const ok = await claim(verifySlug, { phone: "13600136002", otp: code });
    expect(ok.status).toBe(201);
    const again = await claim(verifySlug, { phone: "13600136002", otp: code });
    expect(again.status).toBe(403);
    expect((await again.json()).errors).toEqual([{ path: "otp", message: "claim.errors.otp_missing" }]);
  });

  it("leaves offers without verification as they were", async () => {
    expect((await claim(openSlug, { phone: "13600136003" })).status).toBe(201);
  });

  it("answers an unknown offer with 404 and a bad number with a field error", async () => {
    expect((await requestOtp("nope-nope", { phone: "13600136004" })).status).toBe(404);
    const bad = await requestOtp(verifySlug, { phone: "12345678" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([{ path: "phone", message: "claim.errors.phone" }]);
  });
});

import { expect, test, type Browser } from "@playwright/test";

// Phone verification on a phone: the consumer asks for a code on an offer that verifies numbers, the
// owner reads it in Settings → SMS outbox (the development provider delivers nothing), the consumer
// enters it and gets a coupon, and My coupons lists it.
test.use({ viewport: { width: 390, height: 844 } });

/** A random mainland number, so reruns on one database never meet their own limits. */
const randomPhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
const masked = (p: string) => `+86 ${p.slice(0, 3)}****${p.slice(7)}`;

/** The owner, in a second browser, reads the latest code texted to `phone`. */
async function ownerReadsCode(browser: Browser, phone: string): Promise<string> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto("/login");
  await page.locator('input[name="email"]').fill("owner@demo.local");
  await page.locator('input[name="password"]').fill("demo12345");
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId("sidebar")).toBeVisible();
  await page.goto("/settings/sms");
  const row = page.locator(`[data-testid="sms-row"][data-phone="${masked(phone)}"]`).first();
  await expect(row).toBeVisible();
  const body = (await row.getByTestId("sms-body").textContent()) ?? "";
  await page.screenshot({ path: "e2e/screenshots/otp-outbox.png", fullPage: true });
  await context.close();
  const code = body.match(/(?:验证码|code is) (\d{6})/)?.[1];
  expect(code, body).toBeTruthy();
  return code!;
}

test("a consumer verifies their phone by SMS code, gets a coupon, and finds it under My coupons", async ({ page, browser }) => {
  const phone = randomPhone();
  await page.goto("/c/demo-verify");
  await expect(page.getByTestId("landing")).toHaveAttribute("data-state", "available");
  await expect(page.getByTestId("claim-form")).toHaveAttribute("data-step", "phone");
  await page.screenshot({ path: "e2e/screenshots/otp-landing.png", fullPage: true });

  await page.locator("#phone").fill(phone);
  await page.getByTestId("send-code").click();
  await expect(page.getByTestId("otp-sent")).toContainText(masked(phone));
  await expect(page.locator("#phone")).toHaveValue(phone);
  expect(page.url()).not.toContain(phone.slice(3, 7));
  const code = await ownerReadsCode(browser, phone);

  // A wrong code is refused with a reason, and the number stays filled in.
  await page.getByTestId("otp-input").fill(String((Number(code) + 1) % 1_000_000).padStart(6, "0"));
  await page.getByTestId("claim-submit").click();
  await expect(page.getByTestId("claim-error")).toContainText("验证码不正确");
  await expect(page.locator("#phone")).toHaveValue(phone);
  await page.screenshot({ path: "e2e/screenshots/otp-sent.png", fullPage: true });

  await page.getByTestId("otp-input").fill(code);
  await page.getByTestId("claim-submit").click();
  await expect(page.getByTestId("claimed-code")).toBeVisible();
  const coupon = (await page.getByTestId("code").textContent())!.trim();
  expect(coupon).toMatch(/^VF-[0-9A-Z-]+$/);
  await page.screenshot({ path: "e2e/screenshots/otp-code.png", fullPage: true });

  // The verified-phone cookie: the offer now knows the number, and My coupons shows the coupon.
  await page.getByTestId("my-coupons-link").click();
  await expect(page.getByTestId("my-phone")).toContainText(masked(phone));
  const item = page.getByTestId("coupon").filter({ hasText: coupon });
  await expect(item).toHaveAttribute("data-status", "claimed");
  await expect(item.getByTestId("coupon-status")).toHaveText("待使用");
  await page.screenshot({ path: "e2e/screenshots/otp-my-coupons.png", fullPage: true });
  await item.getByTestId("coupon-open").click();
  await expect(page.getByTestId("code")).toHaveText(coupon);

  await page.goto("/c/demo-verify");
  await expect(page.getByTestId("verified-phone")).toContainText(masked(phone));
  await page.getByTestId("claim-submit").click();
  await expect(page.getByTestId("code")).toHaveText(coupon);
});

test("My coupons asks for the number first, and works with JavaScript off", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, locale: "zh-CN" });
  const page = await context.newPage();
  const phone = randomPhone();
  await page.goto("/c/me?org=demo");
  await expect(page.getByTestId("verify-form")).toHaveAttribute("data-step", "phone");
  await page.locator("#phone").fill(phone);
  await page.getByTestId("send-code").click();
  await expect(page.getByTestId("verify-form")).toHaveAttribute("data-step", "code");
  const code = await ownerReadsCode(browser, phone);
  await page.getByTestId("otp-input").fill(code);
  await page.getByTestId("verify-submit").click();
  await expect(page.getByTestId("no-coupons")).toBeVisible();
  await page.getByTestId("forget-phone").click();
  await expect(page.getByTestId("verify-form")).toBeVisible();
  await context.close();
});

test("the API refuses a claim on an offer that verifies phones without a code", async ({ request }) => {
  const res = await request.post("/api/v1/public/groups/demo-verify/claims", { data: { phone: randomPhone() } });
  expect(res.status()).toBe(403);
  expect((await res.json()).code).toBe("otp_required");
});

test("only owners read the SMS outbox and the security log", async ({ page }) => {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill("marketer@demo.local");
  await page.locator('input[name="password"]').fill("demo12345");
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId("sidebar")).toBeAttached();
  expect((await page.goto("/settings/sms"))?.status()).toBe(403);
  expect((await page.goto("/settings/security"))?.status()).toBe(403);
});

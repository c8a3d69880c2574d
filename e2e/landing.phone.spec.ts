import { expect, test } from "@playwright/test";

// The consumer's path on a phone: scan → offer → phone number → code with QR; and the other states.
test("a consumer claims a code from an influencer's link, and gets the same code back", async ({ page }) => {
  await page.goto("/c/demo-live?utm_source=douyin&utm_medium=live");
  await expect(page.getByTestId("landing")).toHaveAttribute("data-state", "available");
  await expect(page.getByTestId("shared-by")).toContainText("小鹿");
  await expect(page.getByTestId("remaining")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/landing-available.png", fullPage: true });

  await page.locator("#phone").fill("12345");
  await page.getByTestId("claim-submit").click();
  await expect(page.getByTestId("claim-error")).toContainText("手机号");

  await page.locator("#phone").fill("138 0013 8765");
  await page.getByTestId("claim-submit").click();
  await expect(page.getByTestId("claimed-code")).toBeVisible();
  const code = (await page.getByTestId("code").textContent())!.trim();
  expect(code).toMatch(/^LM-[0-9A-Z-]+$/);
  await expect(page.getByRole("img", { name: "券码二维码" })).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/landing-code.png", fullPage: true });

  await page.goto("/c/demo-live");
  await page.locator("#phone").fill("+86 13800138765");
  await page.getByTestId("claim-submit").click();
  await expect(page.getByTestId("code")).toHaveText(code);
});

test("the claim form works with JavaScript off", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto("/c/demo-lm888");
  await page.locator("#phone").fill("13900139111");
  await page.getByTestId("claim-submit").click();
  await expect(page.getByTestId("code")).toHaveText("LM888");
  await context.close();
});

test("sold-out and not-yet-open offers say so and offer no form", async ({ page }) => {
  await page.goto("/c/demo-flash");
  await expect(page.getByTestId("landing")).toHaveAttribute("data-state", "sold_out");
  await expect(page.getByTestId("claim-submit")).toHaveCount(0);
  await page.screenshot({ path: "e2e/screenshots/landing-sold-out.png", fullPage: true });

  await page.goto("/c/demo-xmas");
  await expect(page.getByTestId("landing")).toHaveAttribute("data-state", "scheduled");
  await expect(page.getByTestId("state-panel")).toContainText(/距开抢还有 (\d+天 )?\d\d:\d\d:\d\d/);
  await page.screenshot({ path: "e2e/screenshots/landing-scheduled.png", fullPage: true });
});

test("an unknown offer is a friendly 404", async ({ page }) => {
  const res = await page.goto("/c/no-such-offer");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "活动不存在" })).toBeVisible();
});

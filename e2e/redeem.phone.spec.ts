import { expect, test, type Page } from "@playwright/test";
import { claimOnLanding as claimCode, signInAs as signIn } from "./helpers";

// The clerk's counter on a narrow phone: a consumer claims a code (a fresh number per run, so reruns on
// one database never meet their own codes), the clerk types it, enters the order, sees the discount,
// redeems, finds it in today's list, is refused a second time in words, and reverses it with a reason.
test.use({ viewport: { width: 360, height: 780 } });


/** The page never scrolls sideways. */
async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("a clerk redeems a claimed code on a phone, is refused it twice, and reverses it", async ({ page, browser }) => {
  // A long walk through several pages (a claim, a redemption, a refusal, a reversal).
  test.setTimeout(120_000);
  const code = await claimCode(browser);
  expect(code).toMatch(/^LM-[0-9A-Z-]+$/);

  await signIn(page, "clerk@demo.local");
  await page.goto("/redeem");
  // One store: chosen without asking.
  await expect(page.getByTestId("current-store")).toContainText("南京路店");
  await expect(page.getByTestId("store-change")).toHaveCount(0);
  await expect(page.getByTestId("redeem-code")).toBeFocused();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: "e2e/screenshots/redeem-phone-empty.png" });

  // Typed by hand, with the dashes and in lower case.
  await page.getByTestId("redeem-code").fill(code.toLowerCase());
  await page.getByTestId("redeem-check").click();
  await expect(page.getByTestId("redeem-offer")).toHaveText("满 ¥100.00 减 ¥20.00");
  await expect(page.getByTestId("redeem-code-info")).toContainText("小鹿");
  await expect(page.getByTestId("redeem-code-info")).toContainText(/\+86 139\*\*\*\*\d{4}/);
  await expect(page.getByTestId("redeem-display-code")).toHaveText(code);
  await expect(page.getByTestId("redeem-amount")).toBeFocused();

  // Below the minimum: said in words, no redeem.
  await page.getByTestId("redeem-amount").fill("88");
  await expect(page.getByTestId("redeem-amount-refusal")).toHaveText("未满 ¥100 最低消费");
  await expect(page.getByTestId("redeem-confirm")).toBeDisabled();
  await page.getByTestId("redeem-counter").screenshot({ path: "e2e/screenshots/redeem-phone-below-min.png" });

  // The real order.
  await page.getByTestId("redeem-amount").fill("128.50");
  await expect(page.getByTestId("redeem-discount")).toHaveText("−¥20.00");
  await expect(page.getByTestId("redeem-payable")).toHaveText("¥108.50");
  await expect(page.getByTestId("redeem-confirm")).toBeEnabled();
  await expectNoHorizontalScroll(page);
  await page.getByTestId("redeem-counter").screenshot({ path: "e2e/screenshots/redeem-phone-quote.png" });

  await page.getByTestId("redeem-confirm").click();
  await expect(page.getByTestId("redeem-success")).toBeVisible();
  await expect(page.getByTestId("redeem-success-payable")).toHaveText("¥108.50");
  await expect(page.getByTestId("redeem-success-discount")).toHaveText("−¥20.00");
  await expect(page.getByTestId("redeem-code")).toBeFocused();
  const row = page.locator(`[data-testid="today-row"][data-code="${code}"]`);
  await expect(row).toHaveAttribute("data-reversed", "false");
  await expect(row).toContainText("−¥20.00");
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: "e2e/screenshots/redeem-phone-success.png" });

  // The same code again: refused, saying when and where.
  await page.getByTestId("redeem-code").fill(code);
  await page.getByTestId("redeem-code").press("Enter");
  const refusal = page.getByTestId("redeem-refusal");
  await expect(refusal).toHaveAttribute("data-reason", "already_redeemed");
  await expect(refusal).toContainText(/已于 \d\d:\d\d 在 南京路店 核销/);
  await expect(page.getByTestId("redeem-success")).toHaveCount(0);
  await page.screenshot({ path: "e2e/screenshots/redeem-phone-refused.png" });

  // Reverse it: a reason is required.
  await row.getByTestId("reverse-open").click();
  const dialog = row.getByTestId("reverse-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("reverse-confirm").click();
  await expect(dialog).toContainText("请填写撤销原因");
  await dialog.getByTestId("reverse-reason").fill("扫错了券码");
  await page.screenshot({ path: "e2e/screenshots/redeem-phone-reverse.png" });
  await dialog.getByTestId("reverse-confirm").click();
  await expect(row).toHaveAttribute("data-reversed", "true");
  await expect(row.getByTestId("today-reversal")).toContainText("扫错了券码");
  await expect(row.getByTestId("reverse-open")).toHaveCount(0);
  await expectNoHorizontalScroll(page);
  await row.screenshot({ path: "e2e/screenshots/redeem-phone-reversed.png" });

  // Reversed, the code is usable again.
  await page.getByTestId("redeem-code").fill(code);
  await page.getByTestId("redeem-code").press("Enter");
  await expect(page.getByTestId("redeem-code-info")).toBeVisible();
  await expect(page.getByTestId("redeem-refusal")).toHaveCount(0);
});

test("a landing-page QR and a mistyped code are explained, not looked up", async ({ page }) => {
  await signIn(page, "clerk@demo.local");
  await page.goto("/redeem");
  await page.getByTestId("redeem-code").fill("https://example.com/c/demo-live?utm_source=poster");
  await page.getByTestId("redeem-code").press("Enter");
  await expect(page.getByTestId("redeem-code-error")).toContainText("领券页面的二维码");
  await page.getByTestId("redeem-code").fill("LM-2222-2222-2222");
  await page.getByTestId("redeem-code").press("Enter");
  await expect(page.getByTestId("redeem-refusal")).toContainText("没有这个券码");
});

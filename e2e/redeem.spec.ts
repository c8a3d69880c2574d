import { expect, test } from "@playwright/test";
import { claimOnLanding as claimCode, signInAs as signIn } from "./helpers";

// The counter PC: the owner picks a store once (remembered), a USB scanner "types" the code and Enter,
// the amount and Enter redeem. And the owner's side: clerk API keys name their stores, and the
// clerks' reversal window is a setting.


test("a scanner types the code and Enter; the amount and Enter redeem it", async ({ page, browser }) => {
  // A long walk through several pages (a claim, a redemption, a refusal, a reversal).
  test.setTimeout(120_000);
  const code = await claimCode(browser);
  await signIn(page, "owner@demo.local");
  await page.goto("/redeem");

  // The owner may redeem at any store: choose one, and it is remembered on this device.
  const picker = page.getByTestId("store-picker");
  if (await picker.isVisible()) {
    await picker.getByTestId("store-choice").filter({ hasText: "南京路店" }).click();
  } else {
    await page.getByTestId("store-change").click();
    await page.getByTestId("store-choice").filter({ hasText: "南京路店" }).click();
  }
  await expect(page.getByTestId("current-store")).toContainText("南京路店");
  await page.reload();
  await expect(page.getByTestId("current-store")).toContainText("南京路店");
  await expect(page.getByTestId("redeem-code")).toBeFocused();

  // No camera on this machine: the scanner says so and sends the clerk back to typing.
  await page.getByTestId("camera-open").click();
  await expect(page.getByTestId("camera-problem")).toBeVisible();
  await page.getByTestId("camera-close").click();
  await expect(page.getByTestId("camera-scanner")).toHaveCount(0);
  await expect(page.getByTestId("redeem-code")).toBeFocused();

  // A keyboard-wedge scanner: the raw code (no dashes) typed fast, then Enter.
  await page.keyboard.type(code.replace(/-/g, ""), { delay: 5 });
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("redeem-offer")).toHaveText("满 ¥100.00 减 ¥20.00");
  await expect(page.getByTestId("redeem-amount")).toBeFocused();
  // The cashier types the order and presses Enter right away: it redeems once the quote is in.
  await page.keyboard.type("100");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("redeem-success")).toBeVisible();
  await expect(page.getByTestId("redeem-success-payable")).toHaveText("¥80.00");
  await expect(page.getByTestId("redeem-code")).toBeFocused();
  await page.screenshot({ path: "e2e/screenshots/redeem-desktop-success.png", fullPage: false });

  // The owner may reverse at any time: no "until" on the row.
  const row = page.locator(`[data-testid="today-row"][data-code="${code}"]`);
  await expect(row.getByTestId("reverse-open")).toBeVisible();
  await expect(row).not.toContainText("前可撤销");

  // Scanned again: refused in words; then the next scan replaces the text (it is selected).
  await page.keyboard.type(code.replace(/-/g, ""), { delay: 5 });
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("redeem-refusal")).toContainText(/已于 \d\d:\d\d 在 南京路店 核销/);
  await page.screenshot({ path: "e2e/screenshots/redeem-desktop-refused.png", fullPage: false });
  await row.getByTestId("reverse-open").click();
  await row.getByTestId("reverse-reason").fill("顾客取消订单");
  await row.getByTestId("reverse-confirm").click();
  await expect(row).toHaveAttribute("data-reversed", "true");
});

test("a clerk API key must name its stores; the owner sets the clerks' reversal window", async ({ page }) => {
  await signIn(page, "owner@demo.local");
  await page.goto("/settings/api-keys");
  const name = `Till ${Date.now()}`;
  await page.locator("#api-key-name").fill(name);
  await page.locator("#api-key-role").selectOption("clerk");
  const stores = page.getByTestId("api-key-stores");
  await expect(stores).toBeVisible();
  for (const box of await stores.locator('input[type="checkbox"]').all()) await box.uncheck();
  await page.getByRole("button", { name: "创建密钥" }).click();
  await expect(stores).toContainText("店员密钥至少要选择一家门店");
  await stores.getByLabel("南京路店").check();
  await page.getByRole("button", { name: "创建密钥" }).click();
  await expect(page.getByTestId("api-key-secret")).toBeVisible();
  const row = page.getByTestId("api-keys-table").locator("tr").filter({ hasText: name });
  await expect(row.getByTestId("api-key-store-names")).toHaveText("南京路店");
  await page.screenshot({ path: "e2e/screenshots/redeem-desktop-api-keys.png", fullPage: true });
  // Other roles have no stores to choose.
  await page.locator("#api-key-role").selectOption("marketer");
  await expect(stores).toHaveCount(0);

  await page.goto("/settings");
  const windowField = page.getByTestId("reversal-window");
  await windowField.fill("2000");
  await page.getByTestId("redemption-settings-submit").click();
  await expect(page.getByTestId("redemption-settings-form")).toContainText("请输入 0 到 1440 之间的整数");
  // Saved as the default, so other specs on this database see the demo as seeded.
  await windowField.fill("30");
  await page.getByTestId("redemption-settings-submit").click();
  await expect(page.getByTestId("redemption-settings-saved")).toBeVisible();
  await expect(page.getByTestId("reversal-window")).toHaveValue("30");
  await page.screenshot({ path: "e2e/screenshots/redeem-desktop-settings.png", fullPage: true });
});

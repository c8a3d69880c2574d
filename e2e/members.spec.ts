import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "./helpers";

// Team management from the owner's side and the new member's: add a clerk for a store, pass on the
// one-time link, the clerk sets a password and redeems there; removing them ends their session at
// once; the only owner cannot remove themselves; a password change signs the other browsers out.

async function fresh(browser: Browser): Promise<Page> {
  return (await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" })).newPage();
}

async function setPasswordFromLink(browser: Browser, link: string, password: string): Promise<Page> {
  const page = await fresh(browser);
  await page.goto(link);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('input[name="confirmPassword"]').fill(password);
  await page.getByTestId("set-password-submit").click();
  await expect(page).toHaveURL(/\/login\?passwordSet=1/);
  await expect(page.getByTestId("login-notice")).toBeVisible();
  return page;
}

test("an owner adds a clerk for a store; the clerk sets a password from the link, redeems there, and is removed", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const email = `clerk-${Date.now()}@demo.local`;
  await signIn(page, "owner");
  await page.goto("/settings/members");
  const form = page.getByTestId("member-add-form");
  await form.getByTestId("member-email").fill(email);
  await form.getByTestId("member-name").fill("新店员小王");
  await form.getByTestId("member-role").selectOption("clerk");
  await form.getByTestId("member-stores").getByLabel("徐家汇店").check();
  await form.getByTestId("member-add").click();
  const link = await page.getByTestId("member-link-value").inputValue();
  expect(link).toMatch(/\/set-password\?token=[\w-]{43}$/);
  const row = page.locator(`[data-testid="member-row"][data-email="${email}"]`);
  await expect(row).toContainText("待设置密码");
  await expect(row.getByTestId("member-access")).toHaveText("徐家汇店");
  await page.screenshot({ path: "e2e/screenshots/members-added.png", fullPage: true });

  // The new clerk, in their own browser.
  const clerk = await setPasswordFromLink(browser, link, "xiaowang-2026");
  await expect(clerk.locator('input[name="email"]')).toHaveValue(email);
  await clerk.locator('input[name="password"]').fill("xiaowang-2026");
  await clerk.locator('form button[type="submit"]').click();
  await expect(clerk).toHaveURL(/\/redeem/);
  await expect(clerk.getByTestId("current-store")).toContainText("徐家汇店");

  // The link worked once.
  const again = await fresh(browser);
  await again.goto(link);
  await expect(again.getByTestId("set-password-invalid")).toBeVisible();

  // Removed: the clerk's very next request is signed out.
  await page.reload();
  await row.getByTestId("member-remove").click();
  await page.locator("dialog[open]").getByTestId("member-remove-confirm").click();
  await expect(row).toHaveCount(0);
  await clerk.goto("/redeem");
  await expect(clerk).toHaveURL(/\/login/);
});

test("the only owner cannot remove themselves; a role change needs the role's stores", async ({ page }) => {
  await signIn(page, "owner");
  await page.goto("/settings/members");
  const self = page.locator('[data-testid="member-row"][data-email="owner@demo.local"]');
  await self.getByTestId("member-remove").click();
  await page.locator("dialog[open]").getByTestId("member-remove-confirm").click();
  await expect(page.locator("dialog[open]").getByTestId("member-remove-error")).toContainText("唯一的所有者");

  await page.keyboard.press("Escape");
  const marketer = page.locator('[data-testid="member-row"][data-email="marketer@demo.local"]');
  await marketer.getByTestId("member-edit").click();
  const dialog = page.locator("dialog[open]");
  await dialog.getByTestId("member-role").selectOption("clerk");
  for (const box of await dialog.getByTestId("member-stores").getByRole("checkbox").all()) await box.uncheck();
  await dialog.getByTestId("member-save").click();
  await expect(dialog).toContainText("店员至少需要一家门店");
  await expect(marketer.getByTestId("member-role-badge")).toHaveAttribute("data-role", "marketer");
});

test("a member changes their password: this browser stays signed in, the others are signed out", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const email = `rev-${Date.now()}@demo.local`;
  await signIn(page, "owner");
  await page.goto("/settings/members");
  const form = page.getByTestId("member-add-form");
  await form.getByTestId("member-email").fill(email);
  await form.getByTestId("member-role").selectOption("reviewer");
  await form.getByTestId("member-add").click();
  const link = await page.getByTestId("member-link-value").inputValue();
  await (await setPasswordFromLink(browser, link, "first-pass-1")).context().close();

  const laptop = await fresh(browser);
  const phone = await fresh(browser);
  for (const p of [laptop, phone]) {
    await p.goto("/login");
    await p.locator('input[name="email"]').fill(email);
    await p.locator('input[name="password"]').fill("first-pass-1");
    await p.locator('form button[type="submit"]').click();
    await expect(p).not.toHaveURL(/\/login/);
  }
  await laptop.getByTestId("account-link").click();
  await expect(laptop).toHaveURL(/\/account$/);
  await laptop.locator('input[name="currentPassword"]').fill("wrong-pass");
  await laptop.locator('input[name="password"]').fill("second-pass-2");
  await laptop.locator('input[name="confirmPassword"]').fill("second-pass-2");
  await laptop.getByTestId("change-password-submit").click();
  await expect(laptop.locator("#current-password-error")).toHaveText("当前密码不正确");
  await laptop.locator('input[name="currentPassword"]').fill("first-pass-1");
  await laptop.locator('input[name="password"]').fill("second-pass-2");
  await laptop.locator('input[name="confirmPassword"]').fill("second-pass-2");
  await laptop.getByTestId("change-password-submit").click();
  await expect(laptop.getByTestId("password-changed")).toBeVisible();
  await laptop.screenshot({ path: "e2e/screenshots/account-password.png", fullPage: true });

  await laptop.goto("/reviews");
  await expect(laptop).toHaveURL(/\/reviews/);
  await phone.goto("/reviews");
  await expect(phone).toHaveURL(/\/login/);
});

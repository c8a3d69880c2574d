import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

// What each demo role must see in the sidebar, in order (DESIGN.md "Who uses it").
const SIDEBAR: Record<string, string[]> = {
  owner: ["campaigns", "reviews", "influencers", "stores", "consumers", "analytics", "redeem", "links", "reconciliation", "audit", "settings"],
  marketer: ["campaigns", "influencers", "consumers", "analytics"],
  reviewer: ["reviews", "consumers", "reconciliation", "audit"],
  clerk: ["redeem"],
  influencer: ["links"],
};

async function sidebarKeys(page: Page) {
  const ids = await page.getByTestId("sidebar").locator('[data-testid^="nav-"]').evaluateAll((els) =>
    els.map((el) => el.getAttribute("data-testid")!.slice(4)),
  );
  return [...new Set(ids)];
}

for (const [role, expected] of Object.entries(SIDEBAR)) {
  test(`${role} signs in and sees only their sections`, async ({ page }) => {
    await signIn(page, role);
    expect(await sidebarKeys(page)).toEqual(expected);
    await page.screenshot({ path: `e2e/screenshots/shell-${role}.png`, fullPage: true });
  });
}

test("a clerk is refused the owner's settings, on the server", async ({ page }) => {
  await signIn(page, "clerk");
  const response = await page.goto("/settings");
  expect(response?.status()).toBe(403);
});

test("a wrong password is refused with a message and no session", async ({ page }) => {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill("marketer@demo.local");
  await page.locator('input[name="password"]').fill("wrong-password");
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId("form-error")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  const response = await page.goto("/campaigns");
  expect(new URL(response!.url()).pathname).toBe("/login");
});

test("signed-out visitors are sent to the login page", async ({ page }) => {
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/login\?next=%2Faudit/);
});

test("the language switch turns the console into English and back", async ({ page }) => {
  await signIn(page, "marketer");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.getByTestId("locale-en").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByTestId("nav-campaigns")).toContainText("Campaigns");
  await page.getByTestId("locale-zh-CN").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, "reviewer");
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/reviews");
  await expect(page).toHaveURL(/\/login/);
});

test("a session cookie kept from before signing out is void", async ({ page, context }) => {
  await signIn(page, "reviewer");
  // What a request still in flight at sign-out could set again: the session cookie as it was.
  const before = (await context.cookies()).filter((c) => c.name.includes("session-token"));
  expect(before).toHaveLength(1);
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/login/);
  await context.addCookies(before);
  await page.goto("/reviews");
  await expect(page).toHaveURL(/\/login/);
});

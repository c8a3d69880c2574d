import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { randomPhone, signIn } from "./helpers";

// axe (WCAG 2 A and AA) on the pages consumers and clerks use on a phone, and the campaign form with
// its preview: no serious or critical violation (colour contrast among them).
async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

test("the landing page, the code page and the countdown pass axe", async ({ page }) => {
  await page.goto("/c/demo-live");
  await expect(page.getByTestId("landing")).toHaveAttribute("data-state", "available");
  expect(await seriousViolations(page)).toEqual([]);

  await page.locator("#phone").fill(randomPhone());
  await page.getByTestId("claim-submit").click();
  await expect(page.getByTestId("claimed-code")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.goto("/c/demo-xmas");
  await expect(page.getByTestId("state-panel")).toContainText("距开抢还有");
  expect(await seriousViolations(page)).toEqual([]);
});

test("the counter and the campaign form pass axe", async ({ page }) => {
  await signIn(page, "clerk");
  await page.goto("/redeem");
  await expect(page.locator("#redeem-code")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().clearCookies();

  await signIn(page, "marketer");
  await page.goto("/campaigns/new");
  await expect(page.getByTestId("coupon-preview-name").first()).toBeAttached();
  expect(await seriousViolations(page)).toEqual([]);
});

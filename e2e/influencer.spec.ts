import { readFile } from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "./helpers";

// The influencer's view on the demo seed: influencer@demo.local is linked to 小鹿, whose group
// "小鹿直播间" (/c/demo-live) has 30 days of views, claims and redemptions; 阿May's "demo-lm888" is not theirs.


/** The group id behind a claim link, read from its QR dialog's image (`/links/<id>/qr?…`). */
async function groupIdOf(page: Page, slug: string): Promise<string> {
  await page.getByTestId(`qr-open-${slug}`).click();
  const src = await page.locator("dialog[open] img").getAttribute("src");
  await page.keyboard.press("Escape");
  const id = src?.match(/^\/links\/([0-9a-f-]{36})\/qr\?/)?.[1];
  expect(id, `QR image of ${slug}: ${src}`).toBeTruthy();
  return id!;
}

async function ownerGroupId(browser: Browser, slug: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "owner");
  await page.goto("/links");
  const id = await groupIdOf(page, slug);
  await context.close();
  return id;
}

test("an influencer sees only their own links, their numbers per day, and downloads their QR as PNG", async ({ page, browser }) => {
  const otherGroupId = await ownerGroupId(browser, "demo-lm888");

  await signIn(page, "influencer");
  await page.goto("/links");

  // Only their own group, with its claim link.
  const links = page.getByTestId("links-table");
  await expect(links.getByTestId("claim-link-demo-live")).toHaveText("/c/demo-live");
  await expect(links.locator("li")).toHaveCount(1);
  await expect(page.getByTestId("claim-link-demo-lm888")).toHaveCount(0);

  // Headline numbers, a drawn chart and a 30-day table with data.
  const insights = page.getByTestId("insights");
  await expect(insights).toBeVisible();
  const total = async (id: string) => Number((await page.getByTestId(id).textContent())!.replace(/,/g, ""));
  expect(await total("insights-total-views")).toBeGreaterThan(0);
  expect(await total("insights-total-claims")).toBeGreaterThan(0);
  expect(await total("insights-total-redemptions")).toBeGreaterThan(0);
  await expect(page.getByTestId("insights-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("insights-chart").locator(".recharts-line-curve")).toBeVisible();
  const days = page.getByTestId("insights-daily").locator("tbody tr");
  await expect(days).toHaveCount(30);
  const claimsPerDay = await days.evaluateAll((rows) => rows.map((r) => Number(r.querySelectorAll("td")[2].textContent!.replace(/,/g, ""))));
  expect(claimsPerDay.reduce((a, b) => a + b, 0)).toBe(await total("insights-total-claims"));
  await expect(page.getByTestId("insights-groups").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("insights-groups")).toContainText("小鹿直播间");
  await expect(page.getByTestId("insights-groups")).not.toContainText("阿May");

  // The QR of their link, as a PNG file.
  await page.getByTestId("qr-open-demo-live").click();
  const dialog = page.locator("dialog[open]");
  await expect(dialog.locator("img")).toHaveJSProperty("complete", true);
  const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByTestId("qr-png-print").click()]);
  expect(download.suggestedFilename()).toBe("qr-demo-live-print.png");
  const png = await readFile((await download.path())!);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ownId = (await dialog.locator("img").getAttribute("src"))!.split("/")[2];
  await page.keyboard.press("Escape");

  // Another influencer's QR is not there for them; nor is the console's group route.
  expect((await page.request.get(`/links/${otherGroupId}/qr?format=png`)).status()).toBe(404);
  expect((await page.request.get(`/groups/${ownId}/qr?format=png`)).status()).toBe(403);
  expect((await page.request.get(`/links/${ownId}/qr?format=svg`)).status()).toBe(200);

  await page.screenshot({ path: "e2e/screenshots/influencer-links.png", fullPage: true });
});

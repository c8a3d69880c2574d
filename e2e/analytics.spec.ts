import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

// The analytics dashboard on the demo seed (30 days of views, claims and redemptions across 小鹿, 阿May,
// 吃货老王 and a store poster; db/seed/demo-activity.ts). Other specs claim codes today, so the numbers
// compared with the CSV are read for a window that ends yesterday: nothing another spec does changes them.

const SHOTS = process.env.E2E_SHOTS_DIR ?? "e2e/screenshots";

/** A date in Shanghai, `daysBack` days before today. */
function shanghaiDay(daysBack: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(Date.now() - daysBack * 86_400_000),
  );
}

/** "¥1,234.50" / "1,234" → "1234.50" / "1234": the CSV writes plain numbers. */
const plain = (s: string) => s.replace(/[¥,\s]/g, "");

test("a marketer reads the dashboard, sorts the influencer leaderboard and downloads it as CSV that matches the screen", async ({ page }) => {
  await signIn(page, "marketer");
  await page.goto("/analytics");
  await expect(page.getByTestId("analytics-stats")).toBeVisible();
  expect(Number(plain((await page.getByTestId("stat-views").textContent())!))).toBeGreaterThan(0);
  await expect(page.getByTestId("daily-chart").locator(".recharts-line-curve")).toBeVisible();
  await expect(page.getByTestId("hours-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/analytics-dashboard.png`, fullPage: true });

  // A fixed window: the last 29 days up to yesterday.
  const from = shanghaiDay(29);
  const to = shanghaiDay(1);
  await page.getByTestId("range-from").fill(from);
  await page.getByTestId("range-to").fill(to);
  await page.getByTestId("range-apply").click();
  await expect(page).toHaveURL(new RegExp(`range=custom.*from=${from}.*to=${to}`));
  await expect(page.getByTestId("range-caption")).toContainText(`${from}`);

  // Sort by claims: most first, then the other way round (the table's buttons need the page hydrated).
  await page.waitForLoadState("networkidle");
  const board = page.getByTestId("leaderboard");
  await page.getByTestId("data-table-sort-claims").click();
  await expect(page).toHaveURL(/sort=claims&dir=desc/);
  await expect(board.locator("th[aria-sort=descending]")).toContainText("领取");
  const claimsColumn = async () => (await board.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.querySelectorAll("td")[2].textContent!))).map((s) => Number(plain(s)));
  const desc = await claimsColumn();
  expect(desc.length).toBeGreaterThanOrEqual(3);
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  await page.getByTestId("data-table-sort-claims").click();
  await expect(page).toHaveURL(/sort=claims&dir=asc/);
  await expect(board.locator("th[aria-sort=ascending]")).toContainText("领取");
  const asc = await claimsColumn();
  expect(asc).toEqual([...desc].reverse());

  // What is on screen, row by row: name, then the numbers.
  const screen = await board.locator("tbody tr").evaluateAll((rows) =>
    rows.map((r) => {
      const cells = [...r.querySelectorAll("td")];
      return [cells[0].querySelector('[data-testid="leaderboard-name"]')!.textContent!.trim(), ...cells.slice(1).map((c) => c.textContent!.trim())];
    }),
  );

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("influencers-csv").click()]);
  expect(download.suggestedFilename()).toBe(`analytics-influencers-${from.replaceAll("-", "")}-${to.replaceAll("-", "")}.csv`);
  const text = await readFile((await download.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff); // BOM, for Excel
  const [header, ...csvRows] = parse(text.slice(1)) as string[][];
  expect(header).toEqual(["网红", "平台", "浏览", "领取", "核销", "转化率", "优惠成本（元）", "储值支付（元）", "核销订单额（元）", "ROI"]);
  // Same influencers in the same (sorted) order, same numbers. The screen shows the stored-value column
  // only when a card was used in the range; the file always has it.
  const cardColumn = (await board.locator("thead th").allTextContents()).some((h) => h.includes("储值支付"));
  const asOnScreen = (r: string[]) => [r[0], ...r.slice(2)].filter((_, i) => cardColumn || i !== 6);
  expect(csvRows.map(asOnScreen)).toEqual(screen.map((r) => r.map((cell, i) => (i === 0 ? cell : plain(cell)))));

  // Every chart has its table.
  await page.getByTestId("hours-table-toggle").locator("summary").click();
  await expect(page.getByTestId("hours-table").locator("tbody tr")).toHaveCount(24);
  await page.getByTestId("stores-table-toggle").locator("summary").click();
  await expect(page.getByTestId("stores-table").locator("tbody tr")).toHaveCount(2);

  await page.screenshot({ path: `${SHOTS}/analytics-sorted.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/analytics");
  await expect(page.getByTestId("analytics-stats")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/analytics-narrow.png`, fullPage: true });
});

test("a marketer narrows the dashboard to one campaign and compares two campaigns side by side", async ({ page }) => {
  await signIn(page, "marketer");
  await page.goto("/analytics");
  await page.waitForLoadState("networkidle");
  await page.getByTestId("campaign-picker").selectOption({ label: "国庆第二杯半价" });
  await expect(page).toHaveURL(/campaign=[0-9a-f-]{36}/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("数据分析");
  await expect(page.getByTestId("analytics-campaign-link")).toBeVisible();
  // This campaign's groups: 阿May's notes (an influencer) and a poster (a channel, not in the leaderboard).
  await expect(page.getByTestId("leaderboard").getByTestId("leaderboard-name")).toHaveText(["阿May"]);

  await page.getByTestId("analytics-compare-link").click();
  await expect(page).toHaveURL(/\/analytics\/compare/);
  await expect(page.getByTestId("compare-need-two")).toBeVisible();
  const option = (name: string) => page.locator("label", { hasText: name }).getByTestId("compare-option");
  await option("双十一满 100 减 20").check();
  await option("国庆第二杯半价").check();
  await page.getByTestId("compare-submit").click();
  await expect(page.getByTestId("compare-table").locator("thead th")).toHaveCount(3);
  await expect(page.getByTestId("compare-row-redemptions").locator("td")).toHaveCount(2);
  await expect(page.getByTestId("compare-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/analytics-compare.png`, fullPage: true });

  // Influencers too.
  await page.getByTestId("compare-kind-influencer").click();
  await expect(page).toHaveURL(/kind=influencer/);
  await expect(page.getByTestId("compare-need-two")).toBeVisible();
  await page.getByTestId("compare-option").nth(0).check();
  await page.getByTestId("compare-option").nth(1).check();
  await page.getByTestId("compare-option").nth(2).check();
  await page.getByTestId("compare-submit").click();
  await expect(page.getByTestId("compare-table").locator("thead th")).toHaveCount(4);
});

test("a campaign's page links to its dashboard; a reviewer is refused the dashboard and its exports", async ({ page, browser }) => {
  await signIn(page, "marketer");
  await page.goto("/campaigns");
  await page.getByRole("link", { name: "国庆第二杯半价" }).first().click();
  await page.getByTestId("campaign-analytics").click();
  await expect(page).toHaveURL(/\/analytics\?campaign=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("campaign-picker").locator("option:checked")).toHaveText("国庆第二杯半价");

  const reviewer = await browser.newContext();
  const other = await reviewer.newPage();
  await signIn(other, "reviewer");
  expect((await other.goto("/analytics"))?.status()).toBe(403);
  const csv = await other.request.get("/analytics/export?table=influencers");
  expect(csv.status()).toBe(403);
  expect((await csv.json()).code).toBe("forbidden");
  await reviewer.close();
});

import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

// Code groups against the demo organisation: generate, browse and search codes, export, freeze,
// import a partner CSV. Each test names its own groups uniquely, so runs and workers do not collide.

const DEMO_CAMPAIGN = "双十一满 100 减 20";

/** The demo campaign's groups page, e.g. `/campaigns/<id>/groups`. */
async function demoGroupsPath(page: Page): Promise<string> {
  await page.goto("/campaigns");
  const href = await page.getByRole("link", { name: DEMO_CAMPAIGN }).first().getAttribute("href");
  expect(href).toMatch(/^\/campaigns\/[0-9a-f-]{36}$/);
  return `${href}/groups`;
}

const form = (page: Page) => page.getByTestId("group-form");
const importForm = (page: Page) => page.getByTestId("import-form");

test("a marketer generates 5,000 codes for an influencer, searches one, exports them, freezes and unfreezes", async ({ page }) => {
  const name = `E2E 包码 ${Date.now()}`;
  await signIn(page, "marketer");
  const groups = await demoGroupsPath(page);
  await page.goto(groups);
  await page.getByTestId("group-new").click();

  await form(page).getByTestId("group-name").fill(name);
  await form(page).getByTestId("group-influencer").selectOption({ label: "阿May · 小红书" });
  await form(page).getByTestId("group-quantity").fill("5000");
  await form(page).getByTestId("group-prefix").fill("ee");
  // the code space readout follows the quantity and calls the default length safe
  await expect(page.getByTestId("code-space")).toHaveAttribute("data-safe", "true");
  await expect(page.getByTestId("code-space-odds")).toContainText("1 /");
  await form(page).getByTestId("group-submit").click();

  // Written whole before the list shows it.
  await expect(page).toHaveURL(new RegExp(`${groups}$`));
  const row = page.locator("li", { has: page.getByRole("link", { name, exact: true }) });
  await expect(row).toContainText("0 / 5,000");
  await expect(row).toContainText("阿May");
  await row.getByRole("link", { name, exact: true }).click();

  await expect(page.getByTestId("group-quantity")).toHaveText("5,000");
  const first = (await page.getByTestId("code-value").first().textContent())!.trim();
  expect(first).toMatch(/^EE[2-9A-HJKMNP-Z]{8,}$/);
  const last = (await page.getByTestId("code-value").nth(10).textContent())!.trim();

  // Search by the start of a code (typed in lower case with a dash: normalised).
  await page.getByTestId("codes-search").fill(`${last.slice(0, 4)}-${last.slice(4, 8)}`.toLowerCase());
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByTestId("code-value").filter({ hasText: last })).toBeVisible();
  await expect(page.getByTestId("code-value").filter({ hasText: first })).toHaveCount(first.startsWith(last.slice(0, 8)) ? 1 : 0);

  // The whole group as CSV: a header and 5,000 distinct codes.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^codes-[a-z0-9-]+-\d{8}\.csv$/);
  const file = await readFile((await download.path())!);
  // A person's file: the console's words, with a byte-order mark so Excel reads the Chinese.
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = file.toString("utf8").trim().split(/\r?\n/);
  expect(lines[0]).toBe("券码,状态,领取时间,核销时间,过期时间");
  expect(lines).toHaveLength(5001);
  expect(new Set(lines.slice(1).map((l) => l.split(",")[0])).size).toBe(5000);
  expect(lines.some((l) => l.startsWith(`${last},未领取`))).toBe(true);

  // Freeze with a reason, then unfreeze.
  await page.getByTestId("group-freeze").click();
  await page.getByTestId("freeze-reason").fill("E2E 异常核销");
  await page.getByTestId("freeze-confirm").click();
  await expect(page.getByTestId("group-frozen")).toContainText("E2E 异常核销");
  await page.getByTestId("group-unfreeze").click();
  await expect(page.getByTestId("group-frozen")).toHaveCount(0);
  await expect(page.getByTestId("group-freeze")).toBeVisible();
});

test("a group above the inline limit is written in the background and its progress shown until it is whole", async ({ page }) => {
  const name = `E2E 大批量 ${Date.now()}`;
  await signIn(page, "marketer");
  const groups = await demoGroupsPath(page);
  await page.goto(`${groups}/new`);
  await form(page).getByTestId("group-name").fill(name);
  await form(page).getByTestId("group-bind-channel").check({ force: true });
  await form(page).getByTestId("group-channel").fill("门店海报");
  await form(page).getByTestId("group-quantity").fill("60,000");
  await form(page).getByTestId("group-submit").click();

  await expect(page.getByTestId("group-progress")).toBeVisible();
  await expect(page.getByTestId("group-job")).toHaveAttribute("data-state", /running|succeeded/);
  // When the job has written every code, the form moves on to the list, where the group now is.
  await expect(page).toHaveURL(new RegExp(`${groups}$`), { timeout: 60_000 });
  const row = page.locator("li", { has: page.getByRole("link", { name, exact: true }) });
  await expect(row).toContainText("0 / 60,000");
  await expect(row).toContainText("门店海报");
});

test("a partner CSV with a bad row is refused with a report per row, and nothing is imported", async ({ page }) => {
  const name = `E2E 导入 ${Date.now()}`;
  const stamp = String(Date.now()).slice(-6);
  await signIn(page, "marketer");
  const groups = await demoGroupsPath(page);
  await page.goto(`${groups}/new`);
  await page.getByTestId("group-tab-import").click();
  await importForm(page).getByTestId("import-name").fill(name);
  await importForm(page).getByTestId("import-bind-channel").check({ force: true });
  await importForm(page).getByTestId("import-channel").fill("合作方");

  const csv = ["code", `P${stamp}A1`, "not a code!", `P${stamp}A2`, `p${stamp}-a1`].join("\n");
  await importForm(page).getByTestId("import-file").setInputFiles({ name: "partner.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await importForm(page).getByTestId("import-submit").click();

  const report = page.getByTestId("import-report");
  await expect(report).toBeVisible();
  await expect(report).toContainText("2");
  const rows = report.getByTestId("import-report-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("3");
  await expect(rows.nth(0)).toContainText("券码格式不正确");
  await expect(rows.nth(1)).toContainText("5");
  await expect(rows.nth(1)).toContainText("文件中有重复的券码");

  // Nothing was imported: no group of that name.
  await page.goto(groups);
  await expect(page.getByTestId("groups-list")).toBeVisible();
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);

  // The fixed file goes in whole and opens the new group.
  await page.goto(`${groups}/new`);
  await page.getByTestId("group-tab-import").click();
  await importForm(page).getByTestId("import-name").fill(name);
  await importForm(page).getByTestId("import-bind-channel").check({ force: true });
  await importForm(page).getByTestId("import-channel").fill("合作方");
  await importForm(page)
    .getByTestId("import-file")
    .setInputFiles({ name: "partner.csv", mimeType: "text/csv", buffer: Buffer.from(["code", `P${stamp}A1`, `P${stamp}A2`].join("\n")) });
  await importForm(page).getByTestId("import-submit").click();
  await expect(page).toHaveURL(/\/groups\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("group-quantity")).toHaveText("2");
  await expect(page.getByTestId("code-value")).toHaveText([`P${stamp}A1`, `P${stamp}A2`]);
});

import { mkdir, readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { expect, test, type Page } from "@playwright/test";
import { api, as, claimOnLanding, inDays, signIn } from "./helpers";

// Finance against the demo organisation: a reviewer reads a closed day's statement, marks it checked
// and downloads the CSV, whose figures must equal the screen's to the fen; an owner sees an anomaly
// alert raised by claims from one device, and handles it.

const SHOTS = "e2e/screenshots";

/** "¥1,067.00" / "−¥20.00" → fen, by string. */
function fen(text: string): number {
  const m = /^([−-]?)¥([\d,]+)\.(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`not an amount: ${text}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replaceAll(",", "")) * 100 + Number(m[3]));
}
/** "1067.00" / "-20.00" (the CSV's yuan) → fen. */
function csvFen(text: string): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(text);
  if (!m) throw new Error(`not yuan: ${text}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
}

const CELLS = [
  "redemptions",
  "reversals",
  "orderTotal",
  "discount",
  "storedValue",
  "reversedOrderTotal",
  "reversedDiscount",
  "reversedStoredValue",
  "netOrderTotal",
  "netDiscount",
  "netStoredValue",
] as const;

/** A statement row's figures as shown: counts and fen (the stored-value columns are shown only when a card was used: 0 otherwise). */
async function screenFigures(page: Page, row: ReturnType<Page["locator"]>) {
  const out: Record<string, number> = {};
  for (const cell of CELLS) {
    const located = row.locator(`[data-cell="${cell}"]`);
    if (cell.toLowerCase().includes("storedvalue") && (await located.count()) === 0) {
      out[cell] = 0;
      continue;
    }
    const text = (await located.textContent())!.trim();
    // Reversals show as deductions ("−1", "−¥55.00"); the CSV has them as positive amounts in their own columns.
    out[cell] = cell === "redemptions" || cell === "reversals" ? Math.abs(Number(text.replace("−", "-").replaceAll(",", ""))) : Math.abs(fen(text));
  }
  return out;
}

/**
 * A CSV summary row as the same figures (columns: name, redeemed, reversed, net count, order, discount,
 * stored value, reversed order, reversed discount, reversed stored value, net order, net discount, net stored value).
 */
function csvFigures(r: string[]) {
  return {
    redemptions: Number(r[1]),
    reversals: Number(r[2]),
    orderTotal: csvFen(r[4]),
    discount: csvFen(r[5]),
    storedValue: csvFen(r[6]),
    reversedOrderTotal: csvFen(r[7]),
    reversedDiscount: csvFen(r[8]),
    reversedStoredValue: csvFen(r[9]),
    netOrderTotal: csvFen(r[10]),
    netDiscount: csvFen(r[11]),
    netStoredValue: csvFen(r[12]),
  };
}

// Several pages, downloads and a second browser: more than the default minute on a cold dev server.
test.describe.configure({ timeout: 150_000 });

test.beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
});

test("a reviewer reads a day's statement, marks it checked and downloads a CSV that matches the screen to the fen", async ({ page }) => {
  await signIn(page, "reviewer");
  await page.goto("/reconciliation");
  // The latest closed day first; walk back to a day with redemptions that nobody has checked yet.
  for (let i = 0; i < 28; i++) {
    const check = page.getByTestId("org-check");
    const state = (await check.count()) ? await check.getAttribute("data-state") : null;
    const count = Number((await page.getByTestId("stat-redemptions").textContent())!.replaceAll(",", ""));
    if (count > 0 && state === "unchecked") break;
    const label = await page.getByTestId("period-label").textContent();
    await page.getByTestId("period-previous").click();
    await expect(page.getByTestId("period-label")).not.toHaveText(label!);
  }
  const day = (await page.getByTestId("period-label").textContent())!.slice(0, 10);
  await expect(page.getByTestId("org-check")).toHaveAttribute("data-state", "unchecked");

  const total = page.getByTestId("statement-total");
  const shown = await screenFigures(page, total);
  expect(shown.redemptions).toBeGreaterThan(0);
  expect(Number((await page.getByTestId("stat-redemptions").textContent())!.replaceAll(",", ""))).toBe(shown.redemptions);
  expect(fen((await page.getByTestId("stat-net-discount").textContent())!)).toBe(shown.netDiscount);
  const stores = page.getByTestId("statement-row");
  const storeCount = await stores.count();
  expect(storeCount).toBeGreaterThan(0);
  await page.screenshot({ path: `${SHOTS}/recon-statement-desktop.png`, fullPage: true });

  // Mark the whole day as checked: who and when appear.
  await page.getByTestId("org-check-button").click();
  await expect(page.getByTestId("org-check")).toHaveAttribute("data-state", "checked");
  await expect(page.getByTestId("org-check")).toContainText("陈财务");

  // The CSV: a row per store and the total, equal to the screen.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("statement-export-csv").click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`-${day.replaceAll("-", "")}-.*\\.csv$`));
  const text = await readFile((await download.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const records: string[][] = parse(text.slice(1));
  expect(records[0].slice(0, 3)).toEqual(["门店", "核销笔数", "冲正笔数"]);
  expect(records.at(-1)![0]).toBe("合计");
  expect(csvFigures(records.at(-1)!)).toEqual(shown);
  expect(records).toHaveLength(1 + storeCount + 1);
  for (let i = 0; i < storeCount; i++) {
    const row = stores.nth(i);
    const name = (await row.getByTestId("statement-row-link").textContent())!.trim();
    const line = records.find((r) => r[0] === name);
    expect(line, name).toBeDefined();
    expect(csvFigures(line!)).toEqual(await screenFigures(page, row));
  }

  // The Excel file downloads too.
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("statement-export-xlsx").click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);

  // Drill down into the first store: its lines add up to its row.
  const first = await screenFigures(page, stores.first());
  await stores.first().getByTestId("statement-row-link").click();
  await expect(page.getByTestId("entries-table")).toBeVisible();
  await expect(page.getByTestId("data-table-range")).toContainText(`共 ${first.redemptions + first.reversals} 条`);
  await page.screenshot({ path: `${SHOTS}/recon-entries-desktop.png`, fullPage: true });

  // By campaign, the same day adds up to the same total.
  await page.goto(`/reconciliation?period=day&date=${day}&by=campaign`);
  expect(await screenFigures(page, page.getByTestId("statement-total"))).toEqual(shown);
  await expect(page.getByTestId("org-check")).toHaveAttribute("data-state", "checked");

  // The week holding that day, on a narrow screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId("period-week").click();
  await expect(page.getByTestId("period-label")).toContainText("周一至周日");
  await page.screenshot({ path: `${SHOTS}/recon-week-narrow.png`, fullPage: true });
});

test("an owner is alerted to many claims from one device, reads why and marks it handled", async ({ page, browser }) => {
  await signIn(page, "owner");
  // Flag (never freeze: other specs use the demo groups) more than one claim per device per hour.
  await page.goto("/settings/anomalies");
  const rule = page.getByTestId("rule-device_claims");
  await rule.getByTestId("rule-device_claims-threshold").fill("1");
  await rule.getByTestId("rule-device_claims-action").selectOption("flag");
  await page.getByTestId("anomaly-rules-submit").click();
  await expect(page.getByTestId("anomaly-rules-saved")).toBeVisible();

  try {
    // A consumer claims twice from one browser (one device cookie) with two numbers.
    const consumer = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
    const landing = await consumer.newPage();
    for (const phone of [`139${Date.now().toString().slice(-8)}`, `137${(Date.now() + 1).toString().slice(-8)}`]) {
      await landing.goto("/c/demo-lm888");
      await landing.locator("#phone").fill(phone);
      await landing.getByTestId("claim-submit").click();
      await expect(landing.getByTestId("code")).toHaveText("LM888", { timeout: 30_000 });
    }
    await consumer.close();

    // The bell counts it; the alerts page says what was seen and against which threshold.
    await expect(async () => {
      await page.goto("/alerts?status=open&rule=device_claims");
      await expect(page.getByTestId("alerts-bell").first()).toHaveAttribute("data-unread", /^[1-9]\d*$/);
      await expect(page.getByTestId("alert-observed").first()).toHaveText("60 分钟内 2 次，阈值 1");
    }).toPass({ timeout: 20_000 });
    await page.screenshot({ path: `${SHOTS}/recon-alerts-desktop.png`, fullPage: true });

    // Newest first: the first open row is this consumer's device.
    // Other specs' consumers may raise alerts meanwhile (threshold 1): follow this one by its id.
    const first = page.getByTestId("data-table-row").first();
    const alertId = await first.locator('input[name="alertId"]').inputValue();
    await first.getByTestId("alert-review").click();
    await expect(page.locator(`input[name="alertId"][value="${alertId}"]`)).toHaveCount(0);
    await page.goto("/alerts?status=reviewed&rule=device_claims");
    await expect(page.getByTestId("alert-reviewed").first()).toContainText("周老板");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/recon-alerts-narrow.png`, fullPage: true });
  } finally {
    // Back to the default.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/settings/anomalies");
    await page.getByTestId("rule-device_claims-threshold").fill("10");
    await page.getByTestId("anomaly-rules-submit").click();
    await expect(page.getByTestId("anomaly-rules-saved")).toBeVisible();
  }
});

test("a stored-value card's spend is its own line at the counter, in the day's statement and in analytics, never discount", async ({ browser }) => {
  const marketer = await as(browser, "marketer");
  const reviewer = await as(browser, "reviewer");
  const stamp = Date.now().toString(36);
  const card = await api<{ id: string }>(marketer, "POST", "/api/v1/campaigns", {
    name: `储值卡 充500送100 ${stamp}`,
    type: "stored_value",
    initialBalance: 60_000,
    validFrom: inDays(-1),
    validUntil: inDays(30),
  });
  await api(marketer, "POST", `/api/v1/campaigns/${card.id}/submit`);
  await api(reviewer, "POST", `/api/v1/campaigns/${card.id}/approve`);
  const group = await api<{ slug: string }>(marketer, "POST", `/api/v1/campaigns/${card.id}/groups`, { name: "会员储值卡", channel: "store", mode: "unique", quantity: 5 });
  const code = await claimOnLanding(browser, group.slug);

  // The clerk takes ¥120 from the card: the day's list says it was paid by card, not discounted.
  const clerk = await as(browser, "clerk");
  await clerk.goto("/redeem");
  await clerk.getByTestId("redeem-code").fill(code);
  await clerk.getByTestId("redeem-check").click();
  await clerk.getByTestId("redeem-amount").fill("120");
  await clerk.getByTestId("redeem-confirm").click();
  await expect(clerk.getByTestId("redeem-success")).toBeVisible();
  await expect(clerk.getByTestId("today-stored-value")).toContainText("¥120.00");

  // Today's statement by campaign: the card's row has ¥120.00 of stored value and no discount.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  await reviewer.goto(`/reconciliation?period=day&date=${today}&by=campaign`);
  const row = reviewer.locator(`[data-testid="statement-row"][data-scope="${card.id}"]`);
  await expect(row.locator('[data-cell="storedValue"]')).toHaveText("¥120.00");
  await expect(row.locator('[data-cell="discount"]')).toHaveText("¥0.00");
  await expect(row.locator('[data-cell="netStoredValue"]')).toHaveText("¥120.00");
  expect(fen((await reviewer.getByTestId("stat-net-stored-value").textContent())!)).toBeGreaterThanOrEqual(12_000);
  await reviewer.screenshot({ path: `${SHOTS}/recon-stored-value.png`, fullPage: true });

  // The campaign's analytics (a marketer's page): stored value apart, discount cost 0, so no ROI.
  await marketer.goto(`/analytics?campaign=${card.id}`);
  await expect(marketer.getByTestId("stat-stored-value")).toHaveText("¥120.00");
  await expect(marketer.getByTestId("stat-discount")).toHaveText("¥0.00");
  await expect(marketer.getByTestId("stat-roi")).toHaveText("—");
  await marketer.getByTestId("analytics-stats").screenshot({ path: `${SHOTS}/analytics-stored-value.png` });
});

import { expect, test, type Browser, type Page } from "@playwright/test";
import { claimOnLanding, signIn } from "./helpers";

// The newcomer's path on the embedded database (`npm install && npm run dev`, no server to set up):
// a marketer creates a campaign, a reviewer approves it, the marketer makes a code group, a consumer
// claims a code from its link and the clerk redeems it at the counter. The whole suite runs on
// PostgreSQL; this run keeps the embedded database honest.

const ZONE = "Asia/Shanghai";
const today = (days = 0) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(Date.now() + days * 86_400_000),
  );

async function as(browser: Browser, role: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: "zh-CN", timezoneId: ZONE })).newPage();
  await signIn(page, role);
  return page;
}

test("on PGlite: create a campaign, approve it, make a group, claim a code and redeem it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const name = `新人 满减 ${Date.now()}`;
  const field = (n: string) => page.locator(`[data-testid="campaign-form"] [name="${n}"]`).first();

  await signIn(page, "marketer");
  await page.goto("/campaigns/new");
  await field("name").fill(name);
  await field("value").fill("15");
  await field("minSpend").fill("60");
  await field("validFromDate").fill(today());
  await field("validUntilDate").fill(today(30));
  await page.getByTestId("campaign-save-submit").click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  const campaignUrl = page.url();

  const reviewer = await as(browser, "reviewer");
  await reviewer.goto(campaignUrl);
  await reviewer.getByTestId("campaign-approve").click();
  await reviewer.getByTestId("campaign-approve-confirm").click();
  await expect(reviewer.getByTestId("campaign-status")).toHaveAttribute("data-status", "active");
  await reviewer.context().close();

  await page.goto(`${campaignUrl}/groups/new`);
  await page.getByTestId("group-form").getByTestId("group-name").fill("新人 包码");
  await page.getByTestId("group-form").getByTestId("group-influencer").selectOption({ label: "小鹿 · 抖音" });
  await page.getByTestId("group-form").getByTestId("group-quantity").fill("20");
  await page.getByTestId("group-submit").click();
  await page.getByRole("link", { name: "新人 包码", exact: true }).click();
  const claimUrl = await page.getByTestId("group-claim-url").inputValue();
  const slug = new URL(claimUrl).pathname.split("/").pop()!;

  const code = await claimOnLanding(browser, slug);

  const clerk = await as(browser, "clerk");
  await clerk.goto("/redeem");
  await clerk.getByTestId("redeem-code").fill(code);
  await clerk.getByTestId("redeem-check").click();
  await expect(clerk.getByTestId("redeem-offer")).toHaveText("满 ¥60.00 减 ¥15.00");
  await clerk.getByTestId("redeem-amount").fill("80");
  await expect(clerk.getByTestId("redeem-payable")).toHaveText("¥65.00");
  await clerk.getByTestId("redeem-confirm").click();
  await expect(clerk.getByTestId("redeem-success")).toBeVisible();
  await expect(clerk.locator(`[data-testid="today-row"][data-code="${code}"]`)).toBeVisible();
});

import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "./helpers";

// Campaign form, four-eyes review and timeline, against the demo organisation (Asia/Shanghai).
// Each test makes its own campaign with a unique name, so runs and workers do not collide.

const ZONE = "Asia/Shanghai";

/** A second person in their own browser context (their own session cookie). */
async function as(browser: Browser, role: string): Promise<Page> {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: ZONE });
  const page = await context.newPage();
  await signIn(page, role);
  return page;
}

/** The calendar date `days` from now in the organisation's zone, as a date input takes it. */
function dayFromNow(days: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

const field = (page: Page, name: string) => page.locator(`[data-testid="campaign-form"] [name="${name}"]`).first();

test("a marketer's percent-off campaign is refused, fixed and submitted; only someone else approves it", async ({ page, browser }) => {
  const name = `E2E 折扣 ${Date.now()}`;
  const from = dayFromNow(7);
  const until = dayFromNow(37);

  await signIn(page, "marketer");
  await page.goto("/campaigns");
  await page.getByTestId("campaign-new").click();
  await expect(page.getByTestId("campaign-form")).toBeVisible();

  await field(page, "name").fill(name);
  await page.getByTestId("type-percent_off").click();
  await field(page, "percentOff").fill("150");
  await field(page, "maxDiscount").fill("30");
  await field(page, "validFromDate").fill(from);
  await field(page, "validUntilDate").fill(dayFromNow(2));
  await page.getByTestId("campaign-save").click();

  // Refused on the server, each message next to its field, in Chinese; what was typed stays.
  await expect(page.locator("#cf-percentOff-error")).toHaveText("折扣比例不能超过 100%");
  await expect(page.locator("#cf-validUntil-error")).toHaveText("结束时间必须晚于开始时间");
  await expect(page.getByTestId("form-error")).toBeVisible();
  await expect(field(page, "name")).toHaveValue(name);
  await expect(page).toHaveURL(/\/campaigns\/new$/);

  await field(page, "percentOff").fill("15");
  await field(page, "validUntilDate").fill(until);
  await field(page, "terms").fill("不与其他优惠同享");
  // The live preview follows the form.
  const preview = page.locator("aside").getByTestId("coupon-preview");
  await expect(preview.getByTestId("coupon-preview-figure")).toHaveText("8.5折");
  await expect(preview.getByTestId("coupon-preview-offer")).toHaveText("8.5 折，最高减 ¥30.00");
  await expect(preview.getByTestId("coupon-preview-terms")).toHaveText("不与其他优惠同享");

  await page.getByTestId("campaign-save-submit").click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  const campaignUrl = page.url();
  await expect(page.getByTestId("campaign-name")).toHaveText(name);
  await expect(page.getByTestId("campaign-status")).toHaveAttribute("data-status", "in_review");
  // A date-only "valid until" is the whole of that day in the organisation's zone.
  await expect(page.getByTestId("detail-validity")).toHaveText(`${from} 至 ${until}`);

  // The marketer who submitted it has no way to approve it.
  await expect(page.getByTestId("campaign-approve")).toHaveCount(0);
  expect((await page.goto("/reviews"))?.status()).toBe(403);

  // A reviewer approves it from the review queue.
  const reviewer = await as(browser, "reviewer");
  await reviewer.goto("/reviews");
  const item = reviewer.getByTestId("review-item").filter({ hasText: name });
  await expect(item).toBeVisible();
  await item.getByTestId("campaign-approve").click();
  // Approving asks first, then says it is done once the card has left the queue.
  await item.getByTestId("campaign-approve-confirm").click();
  await expect(reviewer.getByTestId("review-item").filter({ hasText: name })).toHaveCount(0);
  await expect(reviewer.getByTestId("review-done")).toContainText(name);

  // Approved with a start next week: scheduled; the timeline names both people.
  await reviewer.goto(campaignUrl);
  await expect(reviewer.getByTestId("campaign-status")).toHaveAttribute("data-status", "scheduled");
  await expect(reviewer.getByTestId("timeline-submit")).toContainText("林小市 提交审核");
  await expect(reviewer.getByTestId("timeline-approve")).toContainText("陈财务 批准了活动");
  await reviewer.context().close();

  // Back with the marketer: the campaign can now be paused, and the pause joins the timeline.
  await page.goto(campaignUrl);
  await expect(page.getByTestId("timeline-approve")).toContainText("陈财务");
  // Pausing asks how: new claims only, or everything.
  await page.getByTestId("campaign-pause").click();
  await expect(page.getByTestId("campaign-stopClaims-confirm")).toBeVisible();
  await page.getByTestId("campaign-pause-confirm").click();
  await expect(page.getByTestId("campaign-status")).toHaveAttribute("data-status", "paused");
  await expect(page.getByTestId("timeline-pause")).toContainText("林小市 暂停了活动");
  await page.screenshot({ path: "e2e/screenshots/campaign-detail.png", fullPage: true });
});

test("an owner cannot approve their own submission; a rejection comes back with its reason", async ({ page, browser }) => {
  const name = `E2E 满减 ${Date.now()}`;

  await signIn(page, "owner");
  await page.goto("/campaigns/new");
  await field(page, "name").fill(name);
  await field(page, "value").fill("20");
  await field(page, "minSpend").fill("10");
  await field(page, "validFromDate").fill(dayFromNow(0));
  await field(page, "validUntilDate").fill(dayFromNow(30));
  await page.getByTestId("campaign-save-submit").click();
  await expect(page.locator("#cf-minSpend-error")).toHaveText("使用门槛不能低于优惠金额");

  await field(page, "minSpend").fill("100");
  await page.getByTestId("campaign-save-submit").click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  const campaignUrl = page.url();

  // Four eyes: the owner's own submission shows why it cannot be approved by them.
  await page.goto("/reviews");
  const own = page.getByTestId("review-item").filter({ hasText: name });
  await expect(own.getByTestId("campaign-review-blocked")).toBeVisible();
  await expect(own.getByTestId("campaign-approve")).toBeDisabled();

  const reviewer = await as(browser, "reviewer");
  await reviewer.goto(campaignUrl);
  await reviewer.getByTestId("campaign-reject").click();
  await reviewer.getByTestId("campaign-reject-confirm").click();
  await expect(reviewer.locator("dialog[open]")).toContainText("驳回时请填写原因");
  await reviewer.getByTestId("campaign-reject-comment").fill("门槛太低，请改为满 150");
  await reviewer.getByTestId("campaign-reject-confirm").click();
  await expect(reviewer.getByTestId("campaign-status")).toHaveAttribute("data-status", "draft");
  await reviewer.context().close();

  await page.goto(campaignUrl);
  await expect(page.getByTestId("campaign-rejected")).toContainText("门槛太低，请改为满 150");
  await expect(page.getByTestId("timeline-reject")).toContainText("门槛太低，请改为满 150");
  await expect(page.getByTestId("campaign-edit")).toBeVisible();
});

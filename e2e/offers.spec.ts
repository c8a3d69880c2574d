import { expect, test, type Browser, type Page } from "@playwright/test";
import { api, as, claimOnLanding, inDays } from "./helpers";

// Richer offers (issue 16) in the browser: a tiered 满减 with a budget and a drinks-only offer, built
// over the API, claimed on their landing pages, then redeemed together as one order at the counter,
// on a counter PC and on a phone; and the marketer's side: templates, tiers and budget in the form,
// claims stopped while issued codes stay good.

const SHOTS = "e2e/screenshots";

type Created = { id: string; name: string };

/** An approved campaign with one landing group; returns the campaign and the group's slug. */
async function liveCampaign(browser: Browser, marketer: Page, body: Record<string, unknown>): Promise<{ campaign: Created; slug: string }> {
  const reviewer = await as(browser, "reviewer");
  const campaign = await api<Created>(marketer, "POST", "/api/v1/campaigns", { validFrom: inDays(-1), validUntil: inDays(14), ...body });
  await api(marketer, "POST", `/api/v1/campaigns/${campaign.id}/submit`);
  await api(reviewer, "POST", `/api/v1/campaigns/${campaign.id}/approve`);
  await reviewer.context().close();
  const group = await api<{ slug: string }>(marketer, "POST", `/api/v1/campaigns/${campaign.id}/groups`, { name: "门店海报", channel: "store", mode: "unique", quantity: 10 });
  return { campaign, slug: group.slug };
}

async function offersOf(browser: Browser) {
  const marketer = await as(browser, "marketer");
  const stamp = Date.now().toString(36);
  const tiered = await liveCampaign(browser, marketer, {
    name: `满100减10 满200减30 ${stamp}`,
    type: "tiered_off",
    tiers: [
      { minSpend: 10_000, value: 1000 },
      { minSpend: 20_000, value: 3000 },
    ],
    stackable: true,
    budget: { total: 50_000, daily: 20_000 },
  });
  const drinks = await liveCampaign(browser, marketer, {
    name: `饮品立减5元 ${stamp}`,
    type: "amount_off",
    value: 500,
    minSpend: 0,
    stackable: true,
    productScope: { categories: ["饮品"] },
  });
  return { marketer, tiered, drinks };
}

/** Types a code into the counter's box and checks it. */
async function scan(clerk: Page, code: string) {
  await clerk.getByTestId("redeem-code").fill(code);
  await clerk.getByTestId("redeem-check").click();
}

for (const viewport of [
  { name: "desktop", size: { width: 1280, height: 900 } },
  { name: "phone", size: { width: 390, height: 844 } },
]) {
  test(`two codes on one order at the counter (${viewport.name}): the next tier, the eligible amount, one redemption, reversed whole`, async ({ browser }) => {
    test.setTimeout(150_000);
    const { marketer, tiered, drinks } = await offersOf(browser);
    const a = await claimOnLanding(browser, tiered.slug);
    const b = await claimOnLanding(browser, drinks.slug);

    const clerk = await as(browser, "clerk");
    await clerk.setViewportSize(viewport.size);
    await clerk.goto("/redeem");
    await scan(clerk, a);
    await expect(clerk.getByTestId("redeem-offer")).toHaveText("满100减10，满200减30");
    await clerk.getByTestId("redeem-amount").fill("162");
    // ¥162 reaches the ¥100 tier; the clerk can tell the customer what ¥38 more would give.
    await expect(clerk.getByTestId("redeem-discount")).toHaveText("−¥10.00");
    await expect(clerk.getByTestId("redeem-next-tier")).toHaveText("再买 ¥38 可减 ¥30");

    // The customer shows a second code: it joins the order.
    await clerk.getByTestId("redeem-add-code").click();
    await expect(clerk.getByTestId("redeem-order-code")).toHaveCount(1);
    await expect(clerk.getByTestId("redeem-code")).toBeFocused();
    await scan(clerk, b);
    await expect(clerk.getByTestId("redeem-offer")).toContainText("¥5.00");
    await expect(clerk.getByTestId("redeem-scope")).toContainText("饮品");
    // Limited to drinks: nothing is quoted until the clerk types what the drinks come to.
    const eligible = clerk.getByTestId("redeem-eligible");
    await expect(eligible).toBeVisible();
    await expect(clerk.getByTestId("redeem-confirm")).toBeDisabled();
    await eligible.fill("32");
    await expect(clerk.getByTestId("redeem-discount")).toHaveText("−¥15.00");
    await expect(clerk.getByTestId("redeem-line-discount")).toHaveText(["−¥10.00", "−¥5.00"]);
    await expect(clerk.getByTestId("redeem-payable")).toHaveText("¥147.00");
    await clerk.screenshot({ path: `${SHOTS}/offers-counter-order-${viewport.name}.png`, fullPage: true });

    await clerk.getByTestId("redeem-confirm").click();
    await expect(clerk.getByTestId("redeem-success")).toContainText("核销成功 · 2 张券");
    await expect(clerk.getByTestId("redeem-success-payable")).toHaveText("¥147.00");
    await expect(clerk.getByTestId("redeem-order")).toHaveCount(0);

    // Today's list: one order of two codes; "reverse the whole order" undoes both.
    const order = clerk.getByTestId("today-order").first();
    await expect(order.getByTestId("today-row")).toHaveCount(2);
    await expect(order.getByTestId("today-order-summary")).toHaveText("订单 ¥162.00 · 共优惠 ¥15.00 · 实付 ¥147.00");
    await clerk.screenshot({ path: `${SHOTS}/offers-counter-done-${viewport.name}.png`, fullPage: true });
    await order.getByTestId("reverse-order-open").click();
    await expect(order.getByRole("dialog")).toContainText("本单 2 张券将全部恢复为可用");
    await order.getByTestId("reverse-reason").first().fill("顾客取消订单");
    await order.getByTestId("reverse-confirm").first().click();
    await expect(order.locator('[data-testid="today-row"][data-reversed="true"]')).toHaveCount(2);

    // The tiered campaign's page shows its budget: what was spent went back with the reversal.
    await marketer.goto(`/campaigns/${tiered.campaign.id}`);
    await expect(marketer.getByTestId("budget-total")).toContainText("¥0.00");
    await marketer.context().close();
    await clerk.context().close();
  });
}

test("a code that does not combine is refused when it joins an order; removing the first brings the counter back", async ({ browser }) => {
  test.setTimeout(120_000);
  const { marketer, tiered } = await offersOf(browser);
  const loner = await liveCampaign(browser, marketer, { name: `单用券 ${Date.now().toString(36)}`, type: "amount_off", value: 800, minSpend: 0, stackable: false });
  const a = await claimOnLanding(browser, tiered.slug);
  const l = await claimOnLanding(browser, loner.slug);
  const clerk = await as(browser, "clerk");
  await clerk.goto("/redeem");
  await scan(clerk, a);
  await clerk.getByTestId("redeem-add-code").click();
  await scan(clerk, l);
  await expect(clerk.getByTestId("redeem-refusal")).toHaveAttribute("data-reason", "not_stackable");
  await expect(clerk.getByTestId("redeem-refusal")).toContainText("不可与其他优惠同享，请单独核销");
  // A code that does not combine offers no "add another code" on its own either.
  await clerk.getByTestId("redeem-order-remove").click();
  await scan(clerk, l);
  await expect(clerk.getByTestId("redeem-not-stackable")).toBeVisible();
  await expect(clerk.getByTestId("redeem-add-code")).toHaveCount(0);
  await marketer.context().close();
  await clerk.context().close();
});

test("templates, tiers and budget in the campaign form; claims stopped while issued codes stay redeemable", async ({ browser }) => {
  test.setTimeout(120_000);
  const marketer = await as(browser, "marketer");
  await marketer.goto("/campaigns/new");
  await marketer.getByTestId("campaign-templates").getByRole("link").nth(1).click();
  await expect(marketer).toHaveURL(/template=tiered/);
  await expect(marketer.getByLabel("第 1 档门槛")).toHaveValue("100");
  await expect(marketer.getByLabel("第 2 档减免金额")).toHaveValue("30");
  await marketer.locator("#cf-budgetTotal").fill("5000");
  await marketer.locator("#cf-budgetDaily").fill("8000");
  await marketer.getByTestId("campaign-save").click();
  // A daily budget above the total is refused on its field, nothing saved.
  await expect(marketer.locator("#cf-budgetDaily")).toHaveAttribute("aria-invalid", "true");
  await marketer.screenshot({ path: `${SHOTS}/offers-form-tiered.png`, fullPage: true });

  // Claims stopped on a live campaign: the landing page says so, an issued code still redeems.
  const { tiered } = await offersOf(browser);
  const issued = await claimOnLanding(browser, tiered.slug);
  await marketer.goto(`/campaigns/${tiered.campaign.id}`);
  await marketer.getByTestId("campaign-claims-close").click();
  await expect(marketer.getByTestId("campaign-claims-reopen")).toBeVisible();
  await expect(marketer.getByTestId("claims-closed-badge")).toBeVisible();
  await marketer.screenshot({ path: `${SHOTS}/offers-campaign-claims-closed.png`, fullPage: true });

  const consumer = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" })).newPage();
  await consumer.goto(`/c/${tiered.slug}`);
  await expect(consumer.getByText("本活动已停止领取，已领取的券仍可正常使用").first()).toBeVisible();
  await expect(consumer.getByTestId("claim-submit")).toHaveCount(0);
  await consumer.screenshot({ path: `${SHOTS}/offers-landing-claims-closed-phone.png`, fullPage: true });
  await consumer.context().close();

  const clerk = await as(browser, "clerk");
  await clerk.goto("/redeem");
  await scan(clerk, issued);
  await clerk.getByTestId("redeem-amount").fill("230");
  await expect(clerk.getByTestId("redeem-discount")).toHaveText("−¥30.00");
  await clerk.getByTestId("redeem-confirm").click();
  await expect(clerk.getByTestId("redeem-success-payable")).toHaveText("¥200.00");
  await marketer.context().close();
  await clerk.context().close();
});

test("A/B variants on one link: each consumer gets one offer, the group page compares them, one variant for everyone", async ({ browser }) => {
  test.setTimeout(180_000);
  const marketer = await as(browser, "marketer");
  const reviewer = await as(browser, "reviewer");
  const stamp = Date.now().toString(36);
  const campaign = await api<Created>(marketer, "POST", "/api/v1/campaigns", {
    name: `立减测试 ${stamp}`,
    type: "amount_off",
    value: 1000,
    minSpend: 0,
    validFrom: inDays(-1),
    validUntil: inDays(14),
  });
  await api(marketer, "POST", `/api/v1/campaigns/${campaign.id}/submit`);
  await api(reviewer, "POST", `/api/v1/campaigns/${campaign.id}/approve`);
  await reviewer.context().close();
  const group = await api<{ id: string; slug: string }>(marketer, "POST", `/api/v1/campaigns/${campaign.id}/groups`, { name: "A/B 海报", channel: "store", mode: "unique", quantity: 30 });

  // Before any claim: A keeps ¥10 off, B gives ¥15.
  await marketer.goto(`/groups/${group.id}`);
  const ab = marketer.getByTestId("ab-section");
  await ab.getByTestId("variant-value-1").fill("15");
  await ab.getByTestId("variant-save").click();
  await expect(ab).toContainText("方案已保存");

  // Six consumers claim; the counter reads each code's own offer.
  const claimed: string[] = [];
  for (let i = 0; i < 6; i++) claimed.push(await claimOnLanding(browser, group.slug));
  const clerk = await as(browser, "clerk");
  await clerk.goto("/redeem");
  const offers: string[] = [];
  for (const code of claimed) {
    await scan(clerk, code);
    await expect(clerk.getByTestId("redeem-offer")).toHaveText(/立减 ¥1[05]\.00/);
    offers.push((await clerk.getByTestId("redeem-offer").textContent())!);
  }
  // The last one redeemed: today's list says which variant it was.
  await clerk.getByTestId("redeem-amount").fill("50");
  await clerk.getByTestId("redeem-confirm").click();
  await expect(clerk.getByTestId("redeem-success")).toBeVisible();
  const row = clerk.locator(`[data-testid="today-row"]`).first();
  await expect(row.getByTestId("today-variant")).toHaveText(offers.at(-1)!.includes("15") ? "方案 B" : "方案 A");

  // The group page: a row per variant, their claims adding up to the six.
  await marketer.reload();
  const rows = ab.locator('[data-testid^="variant-row-"]');
  await expect(rows).toHaveCount(2);
  const counts = await ab.getByTestId("variant-claims").allTextContents();
  expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(6);
  await marketer.screenshot({ path: `${SHOTS}/offers-group-ab.png`, fullPage: true });

  // B for everyone from now on: the next claim gets ¥15 off whatever its phone.
  await ab.getByTestId("variant-fix").nth(1).click();
  await expect(ab.getByTestId("variant-fixed")).toBeVisible();
  for (let i = 0; i < 2; i++) {
    const next = await claimOnLanding(browser, group.slug);
    await scan(clerk, next);
    await expect(clerk.getByTestId("redeem-offer")).toHaveText("立减 ¥15.00");
  }
  await marketer.context().close();
  await clerk.context().close();
});

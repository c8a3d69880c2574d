import { expect, test, type Page } from "@playwright/test";
import { api, as, inDays, randomPhone, signIn } from "./helpers";

// The consumer side, as a marketer, a reviewer, a clerk and a consumer use it: the directory, tags by
// hand and from a CSV, a segment with its live size, a targeted send, a campaign for a segment (and
// the words a consumer outside it reads), and a follow-up coupon at the counter.

/** A fresh phone whose last four digits no consumer of the demo organisation has yet. */
async function phoneWithUnusedLastFour(page: Page): Promise<string> {
  for (;;) {
    const phone = randomPhone();
    await page.goto(`/consumers?q=${phone.slice(-4)}`);
    if ((await page.getByTestId("consumer-link").count()) === 0) return phone;
  }
}

test("a marketer finds a consumer by the last four digits, tags them, imports tags and builds a segment with its live size", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "marketer");
  await page.getByTestId("nav-consumers").click();
  await expect(page).toHaveURL(/\/consumers$/);
  const table = page.getByTestId("consumers-table");
  await expect(table.getByTestId("consumer-link").first()).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/consumers-list.png", fullPage: true });

  // A CSV from the CRM: one bad row refuses the file and is listed by its line; fixed, it imports.
  const tag = `e2e${Date.now().toString(36)}`;
  // The first phone's last four digits are nobody else's yet, so the search below finds exactly it.
  const first = await phoneWithUnusedLastFour(page);
  const other = () => {
    for (;;) {
      const p = randomPhone();
      if (p.slice(-4) !== first.slice(-4)) return p;
    }
  };
  const phones = [first, other(), other()];
  await page.goto("/consumers/import");
  await page.getByTestId("tag-import-file").setInputFiles({ name: "tags.csv", mimeType: "text/csv", buffer: Buffer.from(`phone,tag\n${phones[0]},${tag}\nnot-a-phone,${tag}\n`) });
  await page.getByTestId("tag-import-submit").click();
  await expect(page.getByTestId("tag-import-refused")).toBeVisible();
  await expect(page.getByTestId("tag-import-bad-row")).toHaveCount(1);
  await expect(page.getByTestId("tag-import-bad-row")).toContainText("3");
  await page.getByTestId("tag-import-file").setInputFiles({ name: "tags.csv", mimeType: "text/csv", buffer: Buffer.from(`phone,tag\n${phones.map((p) => `${p},${tag}`).join("\n")}\n`) });
  await page.getByTestId("tag-import-submit").click();
  await expect(page.getByTestId("tag-import-done")).toContainText("3");

  // Found by the last four digits; tagged by hand on their page.
  await page.goto("/consumers");
  await page.getByPlaceholder("手机号后四位或完整号码").fill(phones[0].slice(-4));
  await expect(page).toHaveURL(/q=/);
  const row = page.getByTestId("consumer-link").filter({ hasText: phones[0].slice(-4) });
  await expect(row).toBeVisible();
  await row.first().click();
  await expect(page.getByTestId("consumer-tags")).toContainText(tag);
  await page.getByTestId("tag-input").fill("VIP");
  await page.getByTestId("tag-add").click();
  await expect(page.getByTestId("consumer-tag").filter({ hasText: "vip" })).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/consumer-detail.png", fullPage: true });

  // A segment of that tag: the size is counted while the rules are typed.
  await page.goto("/consumers/segments/new");
  await page.getByTestId("segment-name").fill(`导入 ${tag}`);
  await page.getByTestId("segment-tags-any").fill(tag);
  await expect(page.getByTestId("segment-preview-size")).toHaveText("3");
  await page.getByTestId("segment-tags-all").fill("vip");
  await expect(page.getByTestId("segment-preview-size")).toHaveText("1");
  await page.getByTestId("segment-tags-all").fill("");
  await page.getByTestId("segment-who-new").check();
  await expect(page.getByTestId("segment-preview-size")).toHaveText("3");
  await page.screenshot({ path: "e2e/screenshots/segment-editor.png", fullPage: true });
  await page.getByTestId("segment-save").click();
  await expect(page).toHaveURL(/\/consumers\/segments\/[0-9a-f-]{36}\?saved=1/);
  await expect(page.getByTestId("segment-title")).toHaveText(`导入 ${tag}`);

  // Sent one code each from a live group, without texts; the progress ends done, 3 of 3.
  await page.getByTestId("send-group").selectOption({ index: 1 });
  await page.getByTestId("send-sms").uncheck();
  await expect(page.getByTestId("send-counts")).toContainText("3");
  await page.getByTestId("send-submit").click();
  await expect(page.getByTestId("send-started")).toBeVisible();
  const sent = page.getByTestId("send-row").first();
  await expect(sent).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  await expect(sent.getByTestId("send-counts-line")).toContainText("3 / 3");
  await page.screenshot({ path: "e2e/screenshots/segment-send.png", fullPage: true });
});

test("a campaign for a segment tells an outsider who it is for; a follow-up coupon is announced at the counter", async ({ browser }) => {
  test.setTimeout(150_000);
  const marketer = await as(browser, "marketer");
  const reviewer = await as(browser, "reviewer");
  const stamp = Date.now().toString(36);

  // A segment of returning customers, and a campaign only for it.
  const segment = await api<{ id: string }>(marketer, "POST", "/api/v1/segments", { name: `回头客 ${stamp}`, rules: { newConsumer: false } });
  const groups = await api<{ items: { id: string; name: string }[] }>(marketer, "GET", "/api/v1/campaigns?limit=100").then(async (c) => {
    const latte = (c as unknown as { items: { id: string; name: string }[] }).items.find((x) => x.name === "国庆第二杯半价")!;
    return api<{ items: { id: string; name: string; mode: string }[] }>(marketer, "GET", `/api/v1/campaigns/${latte.id}/groups`);
  });
  const poster = groups.items.find((g) => g.name === "门店海报")!;
  const campaign = await api<{ id: string }>(marketer, "POST", "/api/v1/campaigns", {
    name: `老客专享 ${stamp}`,
    type: "amount_off",
    value: 1000,
    minSpend: 5000,
    validFrom: inDays(-1),
    validUntil: inDays(20),
    perConsumerLimit: 1,
    audience: "segment",
    segmentId: segment.id,
    followUp: { groupId: poster.id },
    reminders: { onClaim: true, daysBeforeExpiry: [3] },
  });
  await api(marketer, "POST", `/api/v1/campaigns/${campaign.id}/submit`);
  await api(reviewer, "POST", `/api/v1/campaigns/${campaign.id}/approve`);
  const group = await api<{ slug: string }>(marketer, "POST", `/api/v1/campaigns/${campaign.id}/groups`, { name: "老客短信", channel: "sms", mode: "unique", quantity: 20 });

  // A first-time number is refused, in words; the offer says up front who it is for.
  const phone = await (await browser.newContext({ viewport: { width: 360, height: 780 }, locale: "zh-CN" })).newPage();
  await phone.goto(`/c/${group.slug}`);
  await expect(phone.getByTestId("audience-hint")).toHaveText("本活动仅限老顾客领取");
  await phone.locator("#phone").fill(randomPhone());
  await phone.getByTestId("claim-submit").click();
  await expect(phone.getByTestId("claim-error")).toContainText("本活动仅限老顾客领取");
  await phone.screenshot({ path: "e2e/screenshots/landing-segment-refused.png", fullPage: true });

  // A returning customer (claimed before, on the live offer) gets a code…
  const regular = randomPhone();
  await phone.goto("/c/demo-live");
  await phone.locator("#phone").fill(regular);
  await phone.getByTestId("claim-submit").click();
  await expect(phone.getByTestId("claimed-code")).toBeVisible();
  await phone.goto(`/c/${group.slug}`);
  await phone.locator("#phone").fill(regular);
  await phone.getByTestId("claim-submit").click();
  await expect(phone.getByTestId("claimed-code")).toBeVisible();
  const code = (await phone.getByTestId("code").textContent())!.trim();

  // …and redeeming it at the counter gives them a follow-up coupon, which the clerk is told about.
  const clerk = await as(browser, "clerk");
  await clerk.goto("/redeem");
  await clerk.getByTestId("redeem-code").fill(code);
  await clerk.getByTestId("redeem-check").click();
  await clerk.getByTestId("redeem-amount").fill("80");
  await clerk.getByTestId("redeem-confirm").click();
  await expect(clerk.getByTestId("redeem-success")).toBeVisible();
  await expect(clerk.getByTestId("redeem-follow-up")).toHaveText("顾客获得一张复购券：国庆第二杯半价");
  await clerk.getByTestId("redeem-counter").screenshot({ path: "e2e/screenshots/redeem-follow-up.png" });
});

import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { verifySignature } from "../lib/webhooks/signing";
import { startReceiver, type Receiver } from "../test/webhook-receiver";

// Webhooks against the demo organisation: the owner registers an endpoint pointing at a receiver this
// spec starts on loopback, copies the secret shown once, sends a test event and sees it delivered,
// signed with that secret. The endpoint has a unique path and is deleted at the end.

const SHOTS = process.env.E2E_SHOTS_DIR ?? ".test-results/screenshots";

let receiver: Receiver;

test.beforeAll(async () => {
  receiver = await startReceiver();
});

test.afterAll(async () => {
  await receiver?.close();
});

test("the owner registers an endpoint, sees the secret once, sends a test event and sees it delivered", async ({ page }) => {
  // A long flow with a real delivery in the middle; the default minute is tight against a dev server.
  test.setTimeout(120_000);
  const url = `${receiver.url}/e2e-${randomUUID().slice(0, 8)}`;
  await signIn(page, "owner");
  await page.goto("/settings");
  // The settings tab (a dev server compiles the page on first visit, hence the longer wait).
  await page.getByRole("navigation", { name: "设置" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(page).toHaveURL(/\/settings\/webhooks$/, { timeout: 30_000 });

  // A URL that is not http(s) is refused in words, and what was typed stays.
  const form = page.getByTestId("webhook-form");
  await form.getByLabel("接收地址").fill("ftp://example.com/hooks");
  await page.getByTestId("webhook-submit").click();
  await expect(form.getByText("请填写以 http:// 或 https:// 开头的完整地址")).toBeVisible();
  await expect(form.getByLabel("接收地址")).toHaveValue("ftp://example.com/hooks");

  await form.getByLabel("接收地址").fill(url);
  await form.getByLabel("备注（可选）").fill("E2E 接收端");
  await form.getByLabel("核销被撤销").check();
  await page.getByTestId("webhook-submit").click();

  const secretBox = page.getByTestId("webhook-secret");
  await expect(secretBox).toBeVisible();
  const secret = await page.getByTestId("webhook-secret-value").inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: `${SHOTS}/webhooks-created.png`, fullPage: true });
  await secretBox.getByRole("button", { name: "我已保存" }).click();
  await expect(secretBox).toBeHidden();

  // Listed with its events; the secret is never shown again.
  const row = page.getByTestId("webhook-row").filter({ has: page.getByText(url, { exact: true }) });
  await expect(row).toContainText("code.claimed");
  await expect(row).toContainText("redemption.reversed");
  await expect(row).toContainText("E2E 接收端");
  await page.reload();
  await expect(page.locator("body")).not.toContainText(secret);

  await row.click();
  await expect(page.getByTestId("webhook-url")).toHaveText(url);
  await page.getByTestId("webhook-send-test").click();
  await expect(page.getByTestId("webhook-action-message")).toContainText("测试事件已加入队列");

  // The worker in the app sends it at once; the list refreshes itself while deliveries wait.
  await receiver.waitFor((requests) => requests.some((r) => r.path === new URL(url).pathname));
  const delivered = page.getByTestId("webhook-delivery").filter({ has: page.getByText("webhook.test", { exact: false }) });
  await expect(delivered.first()).toHaveAttribute("data-status", "delivered", { timeout: 15_000 });
  await expect(delivered.first()).toContainText("已送达");
  await delivered.first().getByTitle("查看响应").click();
  await expect(delivered.first()).toContainText("200");

  const got = receiver.requests.find((r) => r.path === new URL(url).pathname)!;
  expect(got.json).toMatchObject({ type: "webhook.test", id: expect.stringMatching(/^evt_\d+$/) });
  expect(verifySignature(secret, got.headers["x-signature"] as string, got.body)).toBe(true);
  await page.screenshot({ path: `${SHOTS}/webhooks-delivered.png`, fullPage: true });

  // Disable, then delete (confirmed in a dialog); the list no longer shows it.
  await page.getByTestId("webhook-toggle").click();
  await expect(page.getByTestId("webhook-action-message")).toContainText("已停用");
  await expect(page.getByTestId("webhook-send-test")).toBeDisabled();
  await page.getByTestId("webhook-delete").click();
  await page.getByTestId("webhook-delete-confirm").click();
  await expect(page).toHaveURL(/\/settings\/webhooks\?deleted=1$/, { timeout: 20_000 });
  await expect(page.getByTestId("webhook-deleted")).toBeVisible();
  await expect(page.getByText(url, { exact: true })).toHaveCount(0);
});

test("a marketer cannot open the webhook settings", async ({ page }) => {
  await signIn(page, "marketer");
  const response = await page.goto("/settings/webhooks");
  expect(response?.status()).toBe(403);
});

import { expect, type Browser, type Page } from "@playwright/test";

/** A fresh mainland number per call, so reruns on one database never meet their own claims. */
export const randomPhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

/** A consumer, in their own phone-sized browser, claims a code on the influencer's offer; returns it as shown. */
export async function claimOnLanding(browser: Browser, slug = "demo-live"): Promise<string> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`/c/${slug}`);
  await page.locator("#phone").fill(randomPhone());
  await page.getByTestId("claim-submit").click();
  await expect(page.getByTestId("claimed-code")).toBeVisible({ timeout: 30_000 });
  const code = (await page.getByTestId("code").textContent())!.trim();
  await context.close();
  return code;
}

/** Signs in a demo user (password demo12345) and waits to leave the login page. */
export async function signInAs(page: Page, email: string) {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill("demo12345");
  await page.locator('form button[type="submit"]').click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Signs in the demo organisation's `<role>@demo.local` and waits for the console shell. */
export async function signIn(page: Page, role: string) {
  await signInAs(page, `${role}@demo.local`);
  await expect(page.getByTestId("sidebar")).toBeAttached();
}

/** A signed-in `<role>@demo.local` in a browser context of its own (Chinese, Shanghai time). */
export async function as(browser: Browser, role: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" })).newPage();
  await signIn(page, role);
  return page;
}

/** A JSON call of the console's own API with this page's session (same-origin, as a browser sends it). */
export async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const origin = new URL(page.url()).origin;
  const res = await page.request.fetch(path, { method, headers: { origin, "content-type": "application/json" }, data: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json().catch(() => null)) as T;
}

/** An instant `n` days from now, as ISO text. */
export const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

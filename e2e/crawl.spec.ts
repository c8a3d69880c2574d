import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

// For each demo role: every console page its navigation reaches (links followed breadth-first from
// the landing page, a few variants per path) answers without a 5xx and without an error in the page.

const ROLES = ["owner", "marketer", "reviewer", "clerk", "influencer"] as const;
const MAX_PAGES = 60;
const VARIANTS_PER_PATH = 2;

/** A console page worth opening: same origin, not a file download, an image, the API or a consumer page. */
function crawlable(href: string, origin: string): string | null {
  const url = new URL(href, origin);
  if (url.origin !== origin) return null;
  if (/^\/(api|c)\//.test(url.pathname)) return null;
  if (/\/(export|qr|sheet)(\/|$)|\/jobs\//.test(url.pathname)) return null;
  url.hash = "";
  return url.pathname + url.search;
}

/** Paths that differ only by an id stand for one page. */
const shape = (path: string) => path.split("?")[0].replace(/[0-9a-f]{8}-[0-9a-f-]{27}|\d+/g, ":id");

for (const role of ROLES) {
  test(`${role}: every page the navigation reaches answers without a server or page error`, async ({ page, baseURL }) => {
    test.setTimeout(240_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
    await signIn(page, role);
    const origin = new URL(baseURL!).origin;
    const queue = [crawlable(page.url(), origin)!];
    const seen = new Set(queue);
    const perShape = new Map<string, number>();
    const visited: string[] = [];
    while (queue.length && visited.length < MAX_PAGES) {
      const path = queue.shift()!;
      const response = await page.goto(path);
      visited.push(path);
      expect(response?.status(), `${role} ${path}`).toBeLessThan(500);
      // A link in the role's own navigation never leads to a refusal.
      expect(response?.status(), `${role} ${path}`).not.toBe(403);
      await page.waitForLoadState("load");
      const hrefs = await page.$$eval("a[href]:not([download]):not([target=_blank])", (as) => as.map((a) => a.getAttribute("href")!));
      for (const href of hrefs) {
        const next = crawlable(href, origin);
        if (!next || seen.has(next)) continue;
        const count = perShape.get(shape(next)) ?? 0;
        if (count >= VARIANTS_PER_PATH) continue;
        perShape.set(shape(next), count + 1);
        seen.add(next);
        queue.push(next);
      }
    }
    expect(errors).toEqual([]);
    // The crawl really went somewhere: more than the landing page.
    expect(visited.length, visited.join("\n")).toBeGreaterThan(role === "clerk" || role === "influencer" ? 1 : 5);
    console.log(`${role}: ${visited.length} pages`);
  });
}

import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { signIn } from "./helpers";

// Junk input against the real server (Next.js routing included): every API and console route, every
// page and every server action, fed a corpus of malformed paths, queries and bodies — NUL characters,
// broken percent-encoding, dates far out of range, wrong types, cross-site calls. Nothing may answer 5xx.

const APP = path.join(process.cwd(), "app");

/** Every file named `name` under app/, as its URL template (route groups dropped). */
function templates(name: "route.ts" | "page.tsx"): { template: string; file: string }[] {
  const out: { template: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === name) {
        const rel = path.relative(APP, dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
        out.push({ template: `/${rel.join("/")}`.replace(/\/$/, "") || "/", file: full });
      }
    }
  };
  walk(APP);
  return out;
}

const methodsOf = (file: string) => [...fs.readFileSync(file, "utf8").matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);

const JUNK_SEGMENTS = ["%ff", "%00", "%E4%B8", "not-an-id", "00000000-0000-0000-0000-000000000000", "x".repeat(300), "%2e%2e%2f", "1e309", "鹿鸣"];
const JUNK_QUERIES = [
  "q=%00",
  "q=%ff",
  "cursor=%00&q=1%00",
  "from=0000-01-01&to=9999-12-31",
  "date=0000-01-01&period=week",
  "date=9999-12-31&period=day&by=store",
  "to=9999-12-31",
  "status=%00&sort=%00&dir=sideways&page=-1&pageSize=1e9",
  "format=xlsx&size=huge&table=%00&range=custom&from=2026-02-30",
  "scope=store:%00&kind=x&ids=a&ids=b&entityId=%00&actor=user:%00",
  "campaignId=not-a-uuid&tag=%00&segmentId=%00&token=%00&next=%ff",
];
const JUNK_BODIES: { type: string; body: string }[] = [
  { type: "application/json", body: JSON.stringify({ name: "a\u0000b", phone: "139\u00000000000", code: "\u0000", reason: "\u0000", url: "http://\u0000", email: "\u0000@x.y", storeId: "\u0000", orderAmount: "\u0000", tags: ["\u0000"] }) },
  { type: "application/json", body: JSON.stringify({ "\u0000": 1 }) },
  { type: "application/json", body: "{not json" },
  { type: "application/json", body: "[]" },
  { type: "application/json", body: "null" },
  { type: "application/json", body: '"text"' },
  { type: "application/json", body: JSON.stringify({ name: { deep: [1, { x: null }] }, orderAmount: 1e308, quantity: -1, validFrom: "0000-01-01T00:00:00Z", validUntil: "9999-12-31T23:59:59Z", codes: [{}], items: "x", role: ["owner"], storeIds: "x", eventTypes: [1] }) },
  { type: "application/json", body: JSON.stringify({ phone: "13900000000", code: "%ff", storeId: "00000000-0000-0000-0000-000000000000", orderAmount: 100, reason: "x" }) },
  { type: "text/plain", body: "\u0000" },
  { type: "application/x-www-form-urlencoded", body: "phone=%00&name=%ff" },
];

type Ids = { campaign: string; group: string; slug: string; store: string; user: string };

/** Real rows of the demo organisation, for routes whose parameters must name something to go deep. */
async function demoIds(request: APIRequestContext): Promise<Ids> {
  // The demo's campaign with groups (other specs add campaigns of their own, some without any).
  const campaigns = (await (await request.get("/api/v1/campaigns?limit=100")).json()).items as { id: string; name: string }[];
  const campaign = campaigns.find((c) => c.name === "双十一满 100 减 20")!.id;
  const groups = await (await request.get(`/api/v1/campaigns/${campaign}/groups`)).json();
  const stores = await (await request.get("/api/v1/stores")).json();
  const members = await (await request.get("/api/v1/members")).json();
  return { campaign, group: groups.items[0].id, slug: groups.items[0].slug, store: stores.items[0].id, user: members.items[0].userId };
}

/** The template with each dynamic segment filled from `values` (by name), or with `junk` for all. */
function fill(template: string, junk: string | null, ids: Ids): string {
  return template.replace(/\[(\w+)\]/g, (_, name: string) => {
    if (junk !== null) return junk;
    if (name === "slug") return ids.slug;
    if (name === "userId") return ids.user;
    if (name === "code") return "LM888";
    if (name === "action") return "not-an-action";
    if (template.includes("/campaigns/")) return ids.campaign;
    if (template.includes("/groups/")) return ids.group;
    if (template.includes("/stores/")) return ids.store;
    return "00000000-0000-0000-0000-000000000000";
  });
}

const failures: string[] = [];
function check(label: string, res: APIResponse) {
  if (res.status() >= 500) failures.push(`${res.status()} ${label}`);
}

test("routes and pages answer junk without a server error", async ({ page, baseURL }) => {
  test.setTimeout(600_000);
  await signIn(page, "owner");
  const request = page.request;
  const ids = await demoIds(request);
  const origin = new URL(baseURL!).origin;
  failures.length = 0;

  const routes = templates("route.ts");
  expect(routes.length).toBeGreaterThan(30);
  let sent = 0;
  for (const { template, file } of routes) {
    for (const method of methodsOf(file)) {
      // Writes only ever name junk ids: a junk body must not touch a real row either way.
      const segments = template.includes("[") ? [...JUNK_SEGMENTS, ...(method === "GET" ? [null] : [])] : [null];
      for (const junk of segments) {
        const url = fill(template, junk, ids);
        for (const q of method === "GET" ? ["", ...JUNK_QUERIES] : ["", JUNK_QUERIES[0]]) {
          const target = q ? `${url}?${q}` : url;
          if (method === "GET") {
            check(`GET ${target}`, await request.get(target, { maxRedirects: 0 }));
            sent++;
            continue;
          }
          for (const { type, body } of JUNK_BODIES) {
            const res = await request.fetch(target, { method, headers: { "content-type": type, origin }, data: body, maxRedirects: 0 });
            check(`${method} ${target} ${body.slice(0, 40)}`, res);
            sent++;
          }
        }
      }
    }
  }

  for (const { template } of templates("page.tsx")) {
    const segments = template.includes("[") ? [...JUNK_SEGMENTS, null] : [null];
    for (const junk of segments) {
      const url = fill(template, junk, ids);
      for (const q of ["", ...JUNK_QUERIES]) {
        const target = q ? `${url}?${q}` : url;
        check(`GET ${target}`, await request.get(target, { maxRedirects: 0 }));
        sent++;
      }
    }
  }
  expect(sent).toBeGreaterThan(1000);
  expect(failures).toEqual([]);
});

/** Server actions of the build, with a page each is reachable from. */
function serverActions(): { id: string; name: string; file: string; page: string }[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8"));
  return Object.entries(manifest.node as Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>).map(([id, a]) => {
    const worker = Object.keys(a.workers).sort((x, y) => Number(x.includes("[")) - Number(y.includes("[")))[0];
    const page = `/${worker.replace(/^app\//, "").replace(/\/page$/, "").split("/").filter((s) => !/^\(.*\)$/.test(s)).join("/")}`.replace(/\[\w+\]/g, "demo-live");
    return { id, name: a.exportedName, file: a.filename, page };
  });
}

// Slugs name no offer here, so no call spends the shared per-IP claim limit other specs rely on.
const ACTION_ARGS = ['[123, {"a": 1}]', "[null, null, null]", '["no-such-offer", "not a form"]', "[]", '[{"then": "x"}]', '["x".repeat]', '["no-such-offer", "\\u0000"]'];
// These act without any input, as designed (sign out, mark alerts read): called signed out only, so the
// owner's sessions and alerts stay as the other specs expect them.
const NO_INPUT = new Set(["signOutAction", "markAlertsReadAction"]);

test("every server action answers junk arguments, NUL characters and cross-site calls without a server error", async ({ page, baseURL, browser }) => {
  test.setTimeout(300_000);
  const actions = serverActions();
  expect(actions.map((a) => a.name)).toEqual(expect.arrayContaining(["claimAction", "sendCodeAction", "sendMyCodeAction", "verifyMyPhoneAction", "setPasswordAction", "signInAction", "registerAction"]));
  const origin = new URL(baseURL!).origin;
  failures.length = 0;

  const anonymous = (await browser.newContext()).request;
  await signIn(page, "owner");
  for (const [who, request] of [["anonymous", anonymous], ["owner", page.request]] as const) {
    for (const a of actions) {
      if (who === "owner" && NO_INPUT.has(a.name)) continue;
      for (const body of ACTION_ARGS) {
        const res = await request.post(a.page, { headers: { "next-action": a.id, "content-type": "text/plain;charset=UTF-8", origin }, data: body, maxRedirects: 0 });
        check(`${who} ${a.name}(${body}) at ${a.page}`, res);
      }
    }
  }
  // A call from another site is refused, not failed.
  const claim = actions.find((a) => a.name === "claimAction")!;
  const cross = await anonymous.post(claim.page, { headers: { "next-action": claim.id, "content-type": "text/plain;charset=UTF-8", origin: "https://evil.example" }, data: '["demo-live"]', maxRedirects: 0 });
  expect(cross.status()).toBe(403);
  // A NUL character anywhere in an action's form is refused at the door.
  const nul = await anonymous.post(claim.page, { headers: { "next-action": claim.id, "content-type": "text/plain;charset=UTF-8", origin }, data: '["demo-live", "\\u0000"]', maxRedirects: 0 });
  expect(nul.status()).toBe(400);
  expect(failures).toEqual([]);
});

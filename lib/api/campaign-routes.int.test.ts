import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as campaignAction } from "@/app/api/v1/campaigns/[id]/[action]/route";
import { GET as getGroups, POST as postGroup } from "@/app/api/v1/campaigns/[id]/groups/route";
import { GET as getCampaign, PATCH as patchCampaign } from "@/app/api/v1/campaigns/[id]/route";
import { GET as listCampaigns, POST as postCampaign } from "@/app/api/v1/campaigns/route";
import { GET as getCodes } from "@/app/api/v1/groups/[id]/codes/route";
import { POST as freeze } from "@/app/api/v1/groups/[id]/freeze/route";
import { GET as getQr } from "@/app/api/v1/groups/[id]/qr/route";
import { GET as getGroup } from "@/app/api/v1/groups/[id]/route";
import { POST as unfreeze } from "@/app/api/v1/groups/[id]/unfreeze/route";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { auditLogs } from "@/db/schema";
import { seedStore, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { transitionCampaign } from "@/lib/campaigns/mutations";
import type { RouteHandler } from "./handler";
import { createApiKey } from "./keys";

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
let storeId: string;
const keys = {} as Record<"marketer" | "reviewer" | "clerk" | "otherMarketer", string>;
const actor = (role: "owner" | "reviewer", x = f): Actor => ({ orgId: x.org.id, role, userId: x.users[role].id, apiKeyId: null });

function call(handler: RouteHandler, method: string, path: string, key: string, params: Record<string, string> = {}, body?: unknown) {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  return handler(new Request(`http://localhost${path}`, init), { params: Promise.resolve(params) });
}

const valid = () => ({
  name: "周末 8 折",
  type: "percent_off",
  percentOff: 20,
  maxDiscount: 3000,
  validFrom: "2026-12-01T00:00:00+08:00",
  validUntil: "2026-12-31T23:59:59+08:00",
  perConsumerLimit: 2,
  storeIds: [storeId],
  usableHours: { weekdays: [6, 7], slots: [{ from: "10:00", to: "22:00" }] },
});

beforeAll(async () => {
  f = await seedTestOrg(db, `capi-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `capi-${randomUUID().slice(0, 8)}`);
  storeId = (await seedStore(db, { orgId: f.org.id, name: "南京路店" })).id;
  for (const role of ["marketer", "reviewer", "clerk"] as const) {
    keys[role] = (await createApiKey(actor("owner"), { name: role, role, storeIds: role === "clerk" ? [storeId] : undefined })).secret;
  }
  keys.otherMarketer = (await createApiKey(actor("owner", other), { name: "m", role: "marketer" })).secret;
});

describe("campaigns over the API", () => {
  it("creates, lists, edits while draft, and moves through review with four eyes", async () => {
    const bad = await call(postCampaign, "POST", "/api/v1/campaigns", keys.marketer, {}, { ...valid(), percentOff: 120, validUntil: "2026-11-01T00:00:00+08:00" });
    expect(bad.status).toBe(400);
    const problem = await bad.json();
    expect(problem.code).toBe("invalid_input");
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(["percentOff", "validUntil"]);

    const created = await call(postCampaign, "POST", "/api/v1/campaigns", keys.marketer, {}, valid());
    expect(created.status).toBe(201);
    const c = await created.json();
    expect(c).toMatchObject({ status: "draft", percentOff: 20, maxDiscount: 3000, storeIds: [storeId], validFrom: "2026-11-30T16:00:00.000Z" });
    const id = c.id as string;

    const second = await call(postCampaign, "POST", "/api/v1/campaigns", keys.marketer, {}, { ...valid(), name: "second" });
    expect(second.status).toBe(201);
    const page1 = await (await call(listCampaigns, "GET", "/api/v1/campaigns?limit=1", keys.reviewer)).json();
    expect(page1.items.map((x: { name: string }) => x.name)).toEqual(["second"]);
    const page2 = await (await call(listCampaigns, "GET", `/api/v1/campaigns?limit=1&cursor=${page1.nextCursor}`, keys.reviewer)).json();
    expect(page2.items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await call(listCampaigns, "GET", "/api/v1/campaigns?cursor=garbage", keys.reviewer)).status).toBe(400);

    const patched = await call(patchCampaign, "PATCH", `/api/v1/campaigns/${id}`, keys.marketer, { id }, { name: "周末八折", percentOff: 15 });
    expect(await patched.json()).toMatchObject({ name: "周末八折", percentOff: 15, maxDiscount: 3000 });
    const impossible = await call(patchCampaign, "PATCH", `/api/v1/campaigns/${id}`, keys.marketer, { id }, { validUntil: "2026-11-01T00:00:00Z" });
    expect(impossible.status).toBe(400);

    const submitted = await call(campaignAction, "POST", `/api/v1/campaigns/${id}/submit`, keys.marketer, { id, action: "submit" });
    expect((await submitted.json()).status).toBe("in_review");
    const late = await call(patchCampaign, "PATCH", `/api/v1/campaigns/${id}`, keys.marketer, { id }, { name: "x" });
    expect(late.status).toBe(409);
    expect((await late.json()).code).toBe("invalid_state");

    // A marketer key may not decide; a reviewer key made by the same person who submitted may not either.
    expect((await call(campaignAction, "POST", `/api/v1/campaigns/${id}/approve`, keys.marketer, { id, action: "approve" })).status).toBe(403);
    const own = await call(campaignAction, "POST", `/api/v1/campaigns/${id}/approve`, keys.reviewer, { id, action: "approve" });
    expect(own.status).toBe(403);
    const noComment = await call(campaignAction, "POST", `/api/v1/campaigns/${id}/reject`, keys.reviewer, { id, action: "reject" }, {});
    expect(noComment.status).toBe(400);

    await transitionCampaign(actor("reviewer"), id, "approve");
    const paused = await call(campaignAction, "POST", `/api/v1/campaigns/${id}/pause`, keys.marketer, { id, action: "pause" });
    expect((await paused.json()).status).toBe("paused");
    const again = await call(campaignAction, "POST", `/api/v1/campaigns/${id}/pause`, keys.marketer, { id, action: "pause" });
    expect(again.status).toBe(409);
  });

  it("takes tiers, a budget, product limits and claimMode; a live campaign's claims close through PATCH", async () => {
    const body = {
      ...valid(),
      type: "tiered_off",
      percentOff: undefined,
      maxDiscount: undefined,
      stackable: true,
      tiers: [
        { minSpend: 10000, value: 1000 },
        { minSpend: 20000, value: 3000 },
      ],
      budget: { total: 200000, daily: 20000 },
      productScope: { categories: ["饮品"], excludeSkus: ["A1"] },
    };
    const unordered = await call(postCampaign, "POST", "/api/v1/campaigns", keys.marketer, {}, { ...body, tiers: [...body.tiers].reverse() });
    expect(unordered.status).toBe(400);
    expect((await unordered.json()).errors).toEqual([expect.objectContaining({ path: "tiers.1.minSpend" })]);
    const created = await call(postCampaign, "POST", "/api/v1/campaigns", keys.marketer, {}, body);
    expect(created.status).toBe(201);
    const c = await created.json();
    expect(c).toMatchObject({ minSpend: 10000, tiers: body.tiers, budget: { total: 200000, daily: 20000, spent: 0 }, productScope: body.productScope, claimMode: "open" });

    // A patch changes only what it names: left-out fields keep their stored values, defaults do not creep in.
    const renamed = await (await call(patchCampaign, "PATCH", `/api/v1/campaigns/${c.id}`, keys.marketer, { id: c.id }, { name: "满减 API" })).json();
    expect(renamed).toMatchObject({ name: "满减 API", stackable: true, perConsumerLimit: 2, tiers: body.tiers, budget: { total: 200000 } });

    await call(campaignAction, "POST", `/api/v1/campaigns/${c.id}/submit`, keys.marketer, { id: c.id, action: "submit" });
    await transitionCampaign(actor("reviewer"), c.id, "approve");
    const closed = await call(patchCampaign, "PATCH", `/api/v1/campaigns/${c.id}`, keys.marketer, { id: c.id }, { claimMode: "closed_keep_issued" });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ status: "approved", claimMode: "closed_keep_issued" });
    // Anything else on a live campaign is still refused.
    expect((await call(patchCampaign, "PATCH", `/api/v1/campaigns/${c.id}`, keys.marketer, { id: c.id }, { claimMode: "open", name: "x" })).status).toBe(409);
    expect((await call(patchCampaign, "PATCH", `/api/v1/campaigns/${c.id}`, keys.reviewer, { id: c.id }, { claimMode: "open" })).status).toBe(403);
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.entityId, c.id), eq(auditLogs.action, "campaign.claimsClosed")));
    expect(audit).toBeTruthy();
  });

  it("answers not_found for another organisation's campaign and forbidden for a clerk", async () => {
    const c = await (await call(postCampaign, "POST", "/api/v1/campaigns", keys.marketer, {}, valid())).json();
    expect((await call(getCampaign, "GET", `/api/v1/campaigns/${c.id}`, keys.otherMarketer, { id: c.id })).status).toBe(404);
    expect((await call(getCampaign, "GET", "/api/v1/campaigns/not-a-uuid", keys.marketer, { id: "not-a-uuid" })).status).toBe(404);
    expect((await call(listCampaigns, "GET", "/api/v1/campaigns", keys.clerk)).status).toBe(403);
  });
});

describe("code groups over the API", () => {
  it("creates a whole group, pages its codes, freezes and unfreezes it", async () => {
    const c = await (await call(postCampaign, "POST", "/api/v1/campaigns", keys.marketer, {}, valid())).json();
    const res = await call(postGroup, "POST", `/api/v1/campaigns/${c.id}/groups`, keys.marketer, { id: c.id }, { name: "小红书 A", mode: "unique", quantity: 300, prefix: "wk" });
    expect(res.status).toBe(201);
    const g = await res.json();
    expect(g).toMatchObject({ quantity: 300, mode: "unique", prefix: "WK", status: "active", claimUrl: `http://localhost/c/${g.slug}` });

    const listed = await (await call(getGroups, "GET", `/api/v1/campaigns/${c.id}/groups`, keys.reviewer, { id: c.id })).json();
    expect(listed.items.map((x: { id: string }) => x.id)).toEqual([g.id]);

    const seen = new Set<string>();
    let cursor = "";
    do {
      const page = await (await call(getCodes, "GET", `/api/v1/groups/${g.id}/codes?limit=120${cursor ? `&cursor=${cursor}` : ""}`, keys.reviewer, { id: g.id })).json();
      for (const item of page.items) {
        expect(item).toMatchObject({ status: "available", claimedAt: null });
        seen.add(item.code);
      }
      cursor = page.nextCursor ?? "";
    } while (cursor);
    expect(seen.size).toBe(300);
    // Every page a key listed is audited, with how many codes it handed out.
    const audited = await db
      .select({ after: auditLogs.after })
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, f.org.id), eq(auditLogs.action, "codes.listed"), eq(auditLogs.entityId, g.id)));
    expect(audited.map((r) => (r.after as { codes: number }).codes).sort((a, b) => a - b)).toEqual([60, 120, 120]);

    // the whole group as CSV, streamed, for a role with code:export
    const csvReq = new Request(`http://localhost/api/v1/groups/${g.id}/codes`, { headers: { authorization: `Bearer ${keys.reviewer}`, accept: "text/csv" } });
    const csv = await getCodes(csvReq, { params: Promise.resolve({ id: g.id }) });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(301);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[0]))).toEqual(seen);

    const svg = await call(getQr, "GET", `/api/v1/groups/${g.id}/qr`, keys.marketer, { id: g.id });
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    expect(await svg.text()).toContain("<svg");
    const png = await call(getQr, "GET", `/api/v1/groups/${g.id}/qr?format=png&size=print`, keys.marketer, { id: g.id });
    expect([...new Uint8Array(await png.arrayBuffer()).slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    expect((await call(getQr, "GET", `/api/v1/groups/${g.id}/qr?format=gif`, keys.marketer, { id: g.id })).status).toBe(400);
    expect([...seen].every((code) => code.startsWith("WK"))).toBe(true);

    expect((await call(freeze, "POST", `/api/v1/groups/${g.id}/freeze`, keys.reviewer, { id: g.id }, { reason: "x" })).status).toBe(403);
    expect((await call(freeze, "POST", `/api/v1/groups/${g.id}/freeze`, keys.marketer, { id: g.id }, {})).status).toBe(400);
    const frozen = await call(freeze, "POST", `/api/v1/groups/${g.id}/freeze`, keys.marketer, { id: g.id }, { reason: "异常核销" });
    expect(await frozen.json()).toMatchObject({ status: "frozen", frozenReason: "异常核销" });
    expect((await call(freeze, "POST", `/api/v1/groups/${g.id}/freeze`, keys.marketer, { id: g.id }, { reason: "again" })).status).toBe(409);
    const thawed = await call(unfreeze, "POST", `/api/v1/groups/${g.id}/unfreeze`, keys.marketer, { id: g.id });
    expect((await thawed.json()).status).toBe("active");
    expect((await call(getGroup, "GET", `/api/v1/groups/${g.id}`, keys.otherMarketer, { id: g.id })).status).toBe(404);
  });

  it("refuses a code space that is too easy to guess, on the field", async () => {
    const c = await (await call(postCampaign, "POST", "/api/v1/campaigns", keys.marketer, {}, valid())).json();
    const res = await call(postGroup, "POST", `/api/v1/campaigns/${c.id}/groups`, keys.marketer, { id: c.id }, { name: "x", mode: "unique", quantity: 100000, codeLength: 8 });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([{ path: "codeLength", message: expect.any(String) }]);
  });
});

import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getConsumer } from "@/app/api/v1/consumers/[id]/route";
import { GET as listConsumers } from "@/app/api/v1/consumers/route";
import { POST as importRoute } from "@/app/api/v1/consumers/tags/import/route";
import { PUT as putTags } from "@/app/api/v1/consumers/tags/route";
import { GET as getJob } from "@/app/api/v1/jobs/[id]/route";
import { POST as sendAction } from "@/app/api/v1/sends/[id]/[action]/route";
import { DELETE as deleteSegment, GET as getSegment, PATCH as patchSegment } from "@/app/api/v1/segments/[id]/route";
import { POST as sendToSegment } from "@/app/api/v1/segments/[id]/send/route";
import { GET as listSegments, POST as postSegment } from "@/app/api/v1/segments/route";
import { db } from "@/db";
import { organizations } from "@/db/schema";
import { seedCampaign, seedGroup, seedTestOrg } from "@/db/seed/builders";
import { createApiKey } from "@/lib/api/keys";
import type { RouteHandler } from "@/lib/api/handler";
import type { Actor } from "@/lib/auth/actor";
import { createSend, workSends } from "@/lib/sends/sends";

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
const keys = {} as Record<"marketer" | "reviewer" | "other", string>;
const owner = (x: typeof f): Actor => ({ orgId: x.org.id, role: "owner", userId: x.users.owner.id, apiKeyId: null });

function call(handler: RouteHandler, method: string, path: string, key: string, opts: { params?: Record<string, string>; body?: unknown; raw?: string; type?: string; accept?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (opts.body !== undefined || opts.raw !== undefined) headers["content-type"] = opts.type ?? "application/json";
  if (opts.accept) headers.accept = opts.accept;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  return handler(new Request(`http://localhost${path}`, { method, headers, body }), { params: Promise.resolve(opts.params ?? {}) });
}

beforeAll(async () => {
  f = await seedTestOrg(db, `capi-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `capi-${randomUUID().slice(0, 8)}`);
  for (const role of ["marketer", "reviewer"] as const) keys[role] = (await createApiKey(owner(f), { name: role, role })).secret;
  keys.other = (await createApiKey(owner(other), { name: "other", role: "marketer" })).secret;
});

describe("/api/v1/consumers", () => {
  it("takes tags from a CRM by phone and from a CSV, and lists consumers by tag and number", async () => {
    const put = await call(putTags, "PUT", "/api/v1/consumers/tags", keys.marketer, { body: { phone: "13900001111", tags: ["VIP", "北京"] } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ tags: ["vip", "北京"], created: true });
    expect((await call(putTags, "PUT", "/api/v1/consumers/tags", keys.marketer, { body: { phone: "x", tags: [] } })).status).toBe(400);
    expect((await call(putTags, "PUT", "/api/v1/consumers/tags", keys.reviewer, { body: { phone: "13900001111", tags: [] } })).status).toBe(403);

    const ok = await call(importRoute, "POST", "/api/v1/consumers/tags/import", keys.marketer, { raw: "phone,tag\n13900001112,vip\n13900001113,vip\n", type: "text/csv" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, rows: 2, consumers: 2, created: 2 });
    const bad = await call(importRoute, "POST", "/api/v1/consumers/tags/import", keys.marketer, { raw: "13900001114,vip\nnope,vip\n", type: "text/csv" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "invalid_input", errors: [{ path: "line 2", message: "consumers.import.badPhone" }] });
    const streamed = await call(importRoute, "POST", "/api/v1/consumers/tags/import", keys.marketer, { raw: "13900001115,学生\n", type: "text/csv", accept: "application/x-ndjson" });
    const lines = (await streamed.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.at(-1)).toEqual({ phase: "done", ok: true, rows: 1, consumers: 1, created: 1 });

    const vip = await (await call(listConsumers, "GET", "/api/v1/consumers?tag=vip", keys.reviewer)).json();
    expect(vip.items.map((c: { phone: string }) => c.phone).sort()).toEqual(["+86 139****1111", "+86 139****1112", "+86 139****1113"]);
    const byDigits = await (await call(listConsumers, "GET", "/api/v1/consumers?q=1115", keys.marketer)).json();
    expect(byDigits.items).toHaveLength(1);
    expect(byDigits.items[0]).toMatchObject({ tags: ["学生"], claims: 0, redemptions: 0, orderTotal: 0 });
    const one = await (await call(getConsumer, "GET", `/api/v1/consumers/${byDigits.items[0].id}`, keys.marketer, { params: { id: byDigits.items[0].id } })).json();
    expect(one).toMatchObject({ id: byDigits.items[0].id, timeline: [] });
    // Another organisation's key sees none of them.
    expect((await (await call(listConsumers, "GET", "/api/v1/consumers", keys.other)).json()).items).toEqual([]);
    expect((await call(getConsumer, "GET", `/api/v1/consumers/${byDigits.items[0].id}`, keys.other, { params: { id: byDigits.items[0].id } })).status).toBe(404);
  });
});

describe("/api/v1/segments and sends", () => {
  it("saves segments with their size, sends to one, and follows the job; a reviewer approves a big one", async () => {
    const created = await call(postSegment, "POST", "/api/v1/segments", keys.marketer, { body: { name: "VIP 客户", rules: { tagsAny: ["VIP"] } } });
    expect(created.status).toBe(201);
    const seg = await created.json();
    expect(seg).toMatchObject({ name: "VIP 客户", rules: { tagsAny: ["vip"] }, size: 3 });
    expect((await call(postSegment, "POST", "/api/v1/segments", keys.marketer, { body: { name: "VIP 客户", rules: {} } })).status).toBe(409);
    expect((await call(postSegment, "POST", "/api/v1/segments", keys.marketer, { body: { name: "bad", rules: { withinDays: 30 } } })).status).toBe(400);
    const patched = await (await call(patchSegment, "PATCH", `/api/v1/segments/${seg.id}`, keys.marketer, { params: { id: seg.id }, body: { rules: { tagsAny: ["vip", "学生"] } } })).json();
    expect(patched.size).toBe(4);
    expect((await (await call(listSegments, "GET", "/api/v1/segments", keys.reviewer)).json()).items).toHaveLength(1);
    expect((await call(getSegment, "GET", `/api/v1/segments/${seg.id}`, keys.other, { params: { id: seg.id } })).status).toBe(404);

    const campaign = await seedCampaign(db, { orgId: f.org.id });
    const group = await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: "定向", slug: `capi-${randomUUID().slice(0, 8)}`, mode: "unique", quantity: 10 });
    const sent = await call(sendToSegment, "POST", `/api/v1/segments/${seg.id}/send`, keys.marketer, { params: { id: seg.id }, body: { groupId: group.id, sms: false } });
    expect(sent.status).toBe(202);
    const { jobId, status } = await sent.json();
    expect(status).toBe("queued");
    await workSends({ orgId: f.org.id });
    const job = await (await call(getJob, "GET", `/api/v1/jobs/${jobId}`, keys.reviewer, { params: { id: jobId } })).json();
    expect(job).toMatchObject({ status: "done", done: 4, total: 4, issued: 4, errors: {} });

    // With a threshold of 1, a send waits for a reviewer, who is not its author.
    await db.update(organizations).set({ settings: sql`${organizations.settings} || '{"sendApprovalThreshold": 1}'::jsonb` }).where(eq(organizations.id, f.org.id));
    const waiting = await createSend({ orgId: f.org.id, role: "marketer", userId: f.users.marketer.id, apiKeyId: null }, seg.id, { groupId: group.id, sms: true });
    expect(waiting.status).toBe("pending_approval");
    expect((await call(sendAction, "POST", `/api/v1/sends/${waiting.id}/approve`, keys.marketer, { params: { id: waiting.id, action: "approve" }, body: {} })).status).toBe(403);
    const approved = await call(sendAction, "POST", `/api/v1/sends/${waiting.id}/approve`, keys.reviewer, { params: { id: waiting.id, action: "approve" }, body: {} });
    expect(approved.status).toBe(200);
    expect((await approved.json()).status).toBe("queued");
    // The segment cannot go while… it can: no campaign uses it as its audience.
    expect((await call(deleteSegment, "DELETE", `/api/v1/segments/${seg.id}`, keys.marketer, { params: { id: seg.id } })).status).toBe(204);
  });
});

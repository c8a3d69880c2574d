import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as redeliver } from "@/app/api/v1/webhook-deliveries/[id]/redeliver/route";
import { GET as listDeliveries } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { POST as rotate } from "@/app/api/v1/webhooks/[id]/rotate-secret/route";
import { DELETE as remove, GET as getOne, PATCH as patch } from "@/app/api/v1/webhooks/[id]/route";
import { POST as sendTest } from "@/app/api/v1/webhooks/[id]/test/route";
import { GET as list, POST as create } from "@/app/api/v1/webhooks/route";
import { db } from "@/db";
import { webhookDeliveries } from "@/db/schema";
import { seedTestOrg } from "@/db/seed/builders";
import { createApiKey } from "@/lib/api/keys";
import type { Actor } from "@/lib/auth/actor";
import type { ConsoleContext } from "@/lib/auth/session";
import { drainWebhooks } from "./worker";

// Webhook routes need `webhook:manage`, which only owners hold, and API keys cannot be owners:
// so they answer a signed-in owner's session. The session is stubbed here.
let session: ConsoleContext | null = null;
// The endpoint below points at loopback: private targets are allowed here explicitly (off by default).
vi.stubEnv("WEBHOOK_ALLOW_PRIVATE", "1");
vi.mock("@/lib/auth/session", () => ({ getConsoleContext: async () => session }));

type Fixture = Awaited<ReturnType<typeof seedTestOrg>>;
let a: Fixture;
let b: Fixture;
let marketerKey: string;

function signIn(f: Fixture | null, role: "owner" | "marketer" = "owner") {
  session = f
    ? ({
        kind: "user",
        userId: f.users[role].id,
        email: f.users[role].email,
        name: role,
        orgId: f.org.id,
        org: { orgId: f.org.id, slug: f.org.slug, name: f.org.name, role, timeZone: "Asia/Shanghai" },
        role,
        memberships: [],
      } satisfies ConsoleContext)
    : null;
}

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;

function call(handler: Handler, method: string, path: string, opts: { body?: unknown; params?: Record<string, string>; key?: string } = {}) {
  const headers: Record<string, string> = { origin: "http://localhost" };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  return handler(
    new Request(`http://localhost${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }),
    { params: Promise.resolve(opts.params ?? {}) },
  );
}

const owner = (f: Fixture): Actor => ({ orgId: f.org.id, role: "owner", userId: f.users.owner.id, apiKeyId: null });

beforeAll(async () => {
  a = await seedTestOrg(db, `whr-a-${randomUUID().slice(0, 8)}`);
  b = await seedTestOrg(db, `whr-b-${randomUUID().slice(0, 8)}`);
  marketerKey = (await createApiKey(owner(a), { name: "CRM", role: "marketer" })).secret;
});

describe("/api/v1/webhooks", () => {
  it("refuses keys (never owners), other roles and signed-out callers", async () => {
    signIn(null);
    expect((await call(list, "GET", "/api/v1/webhooks")).status).toBe(401);
    expect((await call(list, "GET", "/api/v1/webhooks", { key: marketerKey })).status).toBe(403);
    signIn(a, "marketer");
    expect((await call(create, "POST", "/api/v1/webhooks", { body: { url: "https://x.example.com", eventTypes: ["code.claimed"] } })).status).toBe(403);
  });

  it("registers, lists, changes, tests, shows deliveries of and deletes an endpoint for the owner", async () => {
    signIn(a);
    const bad = await call(create, "POST", "/api/v1/webhooks", { body: { url: "ftp://x", eventTypes: [] } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(["eventTypes", "url"]);

    const created = await call(create, "POST", "/api/v1/webhooks", {
      body: { url: "http://127.0.0.1:9/hook", eventTypes: ["code.claimed", "group.frozen"], description: "ERP" },
    });
    expect(created.status).toBe(201);
    const endpoint = await created.json();
    expect(endpoint).toMatchObject({ url: "http://127.0.0.1:9/hook", eventTypes: ["code.claimed", "group.frozen"], description: "ERP", active: true });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const params = { id: endpoint.id };

    const listed = await (await call(list, "GET", "/api/v1/webhooks")).json();
    expect(listed.items.map((e: { id: string }) => e.id)).toContain(endpoint.id);
    expect(JSON.stringify(listed)).not.toContain(endpoint.secret);
    expect(await (await call(getOne, "GET", `/api/v1/webhooks/${endpoint.id}`, { params })).json()).not.toHaveProperty("secret");

    const queued = await call(sendTest, "POST", `/api/v1/webhooks/${endpoint.id}/test`, { params });
    expect(queued.status).toBe(202);
    const { deliveryId, eventId } = await queued.json();
    expect(eventId).toMatch(/^evt_\d+$/);

    // Nothing listens on port 9: the delivery fails, and can then be redelivered.
    await drainWebhooks({ orgId: a.org.id, timeoutMs: 3000 });
    const page = await (await call(listDeliveries, "GET", `/api/v1/webhooks/${endpoint.id}/deliveries?limit=10`, { params })).json();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: deliveryId, eventId, eventType: "webhook.test", status: "failed", attempts: 1, lastStatusCode: null });
    expect(page.items[0].lastError).toEqual(expect.any(String));
    expect(page.items[0].nextAttemptAt).toEqual(expect.any(String));
    const filtered = await (await call(listDeliveries, "GET", `/api/v1/webhooks/${endpoint.id}/deliveries?status=delivered`, { params })).json();
    expect(filtered.items).toEqual([]);

    const again = await call(redeliver, "POST", `/api/v1/webhook-deliveries/${deliveryId}/redeliver`, { params: { id: deliveryId } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: deliveryId, status: "pending", attempts: 0 });
    const twice = await call(redeliver, "POST", `/api/v1/webhook-deliveries/${deliveryId}/redeliver`, { params: { id: deliveryId } });
    expect(twice.status).toBe(409);
    expect((await twice.json()).code).toBe("invalid_state");
    expect((await call(redeliver, "POST", "/api/v1/webhook-deliveries/abc/redeliver", { params: { id: "abc" } })).status).toBe(404);

    const off = await call(patch, "PATCH", `/api/v1/webhooks/${endpoint.id}`, { params, body: { active: false } });
    expect(await off.json()).toMatchObject({ active: false });
    expect((await call(sendTest, "POST", `/api/v1/webhooks/${endpoint.id}/test`, { params })).status).toBe(409);

    const rotated = await (await call(rotate, "POST", `/api/v1/webhooks/${endpoint.id}/rotate-secret`, { params })).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(endpoint.secret);

    // Another organisation's owner sees none of it.
    signIn(b);
    expect((await call(getOne, "GET", `/api/v1/webhooks/${endpoint.id}`, { params })).status).toBe(404);
    expect((await call(listDeliveries, "GET", `/api/v1/webhooks/${endpoint.id}/deliveries`, { params })).status).toBe(404);
    expect((await call(redeliver, "POST", `/api/v1/webhook-deliveries/${deliveryId}/redeliver`, { params: { id: deliveryId } })).status).toBe(404);
    expect((await call(remove, "DELETE", `/api/v1/webhooks/${endpoint.id}`, { params })).status).toBe(404);

    signIn(a);
    expect((await call(remove, "DELETE", `/api/v1/webhooks/${endpoint.id}`, { params })).status).toBe(204);
    expect((await call(getOne, "GET", `/api/v1/webhooks/${endpoint.id}`, { params })).status).toBe(404);
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id))).toEqual([]);
  });

  it("refuses a cross-site write made with the session cookie", async () => {
    signIn(a);
    const res = await create(
      new Request("http://localhost/api/v1/webhooks", {
        method: "POST",
        headers: { origin: "https://evil.example", "content-type": "application/json" },
        body: JSON.stringify({ url: "https://x.example.com", eventTypes: ["code.claimed"] }),
      }),
    );
    expect(res.status).toBe(403);
  });
});

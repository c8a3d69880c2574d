import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { webhookDeliveries } from "@/db/schema";
import { seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { startReceiver, type Receiver } from "@/test/webhook-receiver";
import { createWebhookEndpoint, sendTestEvent } from "./endpoints";
import { drainWebhooks } from "./worker";

// With the deployment's defaults (WEBHOOK_ALLOW_PRIVATE unset), an owner cannot make the server post to
// its own network and read the answer: not by the URL, and not by a host name that resolves there at
// delivery time (DNS rebinding). And what is kept of any answer is a short text excerpt.

let fixture: Awaited<ReturnType<typeof seedTestOrg>>;
let internal: Receiver;
const owner = (): Actor => ({ orgId: fixture.org.id, role: "owner", userId: fixture.users.owner.id, apiKeyId: null });

beforeAll(async () => {
  fixture = await seedTestOrg(db, `ssrf-${randomUUID().slice(0, 8)}`);
  // An "internal service" on loopback with something worth stealing.
  internal = await startReceiver(() => ({ status: 200, body: "root:x:0:0:internal-secret" }));
});

afterAll(async () => {
  await internal.close();
});

async function deliverTestEventTo(url: string) {
  // Registered as if the name had resolved to a public address when it was saved.
  const { endpoint } = await createWebhookEndpoint(owner(), { url, eventTypes: ["code.claimed"] }, { allowPrivate: true });
  const { deliveryId } = await sendTestEvent(owner(), endpoint.id);
  await drainWebhooks({ orgId: fixture.org.id, timeoutMs: 3000 });
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
  return row;
}

describe("webhook targets on the server's own network", () => {
  it("are refused by default", () => {
    expect(env().WEBHOOK_ALLOW_PRIVATE).toBe(false);
  });

  it("are not reached at delivery time, by address or by a name that resolves to one", async () => {
    const port = new URL(internal.url).port;
    for (const url of [`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`, `http://[::ffff:127.0.0.1]:${port}/hook`]) {
      const row = await deliverTestEventTo(url);
      expect(row.status, url).toBe("failed");
      expect(row.lastStatusCode, url).toBeNull();
      expect(row.lastResponse, url).toBeNull();
      expect(row.lastError, url).toMatch(/private address/);
    }
    expect(internal.requests).toHaveLength(0);
  });

  it("are not reached through a redirect, and an answer is kept only as a short text excerpt", async () => {
    const redirecting = await startReceiver(() => ({ status: 302, body: "moved" }));
    const chatty = await startReceiver(() => ({ status: 500, body: `${"x".repeat(10_000)}` }));
    try {
      const moved = await drainOne(`${redirecting.url}/hook`);
      expect(moved).toMatchObject({ status: "failed", lastStatusCode: 302, lastError: "redirects are not followed" });
      const long = await drainOne(`${chatty.url}/hook`);
      expect(long.lastStatusCode).toBe(500);
      expect(long.lastResponse!.length).toBeLessThanOrEqual(201);
    } finally {
      await redirecting.close();
      await chatty.close();
    }
  });
});

/** One test event to a receiver this test allows explicitly (both the URL and the delivery). */
async function drainOne(url: string) {
  const { endpoint } = await createWebhookEndpoint(owner(), { url, eventTypes: ["code.claimed"] }, { allowPrivate: true });
  const { deliveryId } = await sendTestEvent(owner(), endpoint.id);
  await drainWebhooks({ orgId: fixture.org.id, timeoutMs: 3000, allowPrivate: true });
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
  return row;
}

import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLogs, outbox, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/permissions";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookEndpoint,
} from "./endpoints";

type Fixture = Awaited<ReturnType<typeof seedTestOrg>>;
let a: Fixture;
let b: Fixture;
const as = (role: Role, f: Fixture = a): Actor => ({ orgId: f.org.id, role, userId: f.users[role].id, apiKeyId: null });

async function auditOf(entityId: string) {
  return db
    .select({ action: auditLogs.action, actor: auditLogs.actorUserId, before: auditLogs.before, after: auditLogs.after })
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, a.org.id), eq(auditLogs.entityId, entityId)))
    .orderBy(auditLogs.createdAt, auditLogs.id);
}

beforeAll(async () => {
  a = await seedTestOrg(db, `wh-a-${randomUUID().slice(0, 8)}`);
  b = await seedTestOrg(db, `wh-b-${randomUUID().slice(0, 8)}`);
});

describe("webhook endpoints", () => {
  it("are registered by owners, the secret returned once and never listed, audited without it", async () => {
    const { endpoint, secret } = await createWebhookEndpoint(as("owner"), {
      url: " https://crm.example.com/hooks ",
      eventTypes: ["code.claimed", "code.redeemed", "code.claimed"],
      description: "CRM",
    });
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ url: "https://crm.example.com/hooks", eventTypes: ["code.claimed", "code.redeemed"], description: "CRM", active: true });
    expect(JSON.stringify(endpoint)).not.toContain(secret);

    const listed = await listWebhookEndpoints(a.org.id);
    const mine = listed.find((e) => e.id === endpoint.id)!;
    expect(mine).toMatchObject({ queued: 0, lastDelivery: null });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(await listWebhookEndpoints(b.org.id)).toEqual([]);

    const [stored] = await db.select({ secret: webhookEndpoints.secret }).from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(stored.secret).toBe(secret);
    const audit = await auditOf(endpoint.id);
    expect(audit.map((x) => x.action)).toEqual(["webhook.created"]);
    expect(audit[0].actor).toBe(a.users.owner.id);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("are refused to every role but the owner", async () => {
    for (const role of ["marketer", "reviewer", "clerk", "influencer"] as const) {
      await expect(createWebhookEndpoint(as(role), { url: "https://x.example.com", eventTypes: ["code.claimed"] })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
  });

  it("validate the URL, the event types and the description", async () => {
    const bad = async (input: Parameters<typeof createWebhookEndpoint>[1], opts?: { allowPrivate?: boolean }) => {
      try {
        await createWebhookEndpoint(as("owner"), input, opts);
      } catch (e) {
        return e as { code?: string; errors?: { path: string; message: string }[]; issues?: { path: string[]; message: string }[] };
      }
      throw new Error("accepted");
    };
    expect((await bad({ url: "ftp://x.example.com", eventTypes: ["code.claimed"] })).issues?.[0].message).toBe("webhooks.errors.url");
    expect((await bad({ url: "", eventTypes: ["code.claimed"] })).issues?.[0].message).toBe("webhooks.errors.urlRequired");
    expect((await bad({ url: "https://x.example.com", eventTypes: [] })).issues?.[0].message).toBe("webhooks.errors.eventTypes");
    expect((await bad({ url: "https://x.example.com", eventTypes: ["code.stolen" as "code.claimed"] })).issues?.[0].message).toBe("webhooks.errors.eventTypes");
    expect((await bad({ url: "https://x.example.com", eventTypes: ["code.claimed"], description: "x".repeat(201) })).issues?.[0].message).toBe(
      "webhooks.errors.description",
    );
    const creds = await bad({ url: "https://u:p@x.example.com", eventTypes: ["code.claimed"] });
    expect(creds).toMatchObject({ code: "invalid_input", errors: [{ path: "url", message: "webhooks.errors.urlCredentials" }] });
    // Refused by default (WEBHOOK_ALLOW_PRIVATE off): loopback, private, link-local (cloud metadata), mapped, internal names.
    for (const url of ["http://127.0.0.1:9/x", "http://10.0.0.7/x", "http://169.254.169.254/latest/meta-data", "http://[::ffff:127.0.0.1]/x", "http://localhost:3000/x", "http://db.internal/x"]) {
      expect(await bad({ url, eventTypes: ["code.claimed"] }), url).toMatchObject({ code: "invalid_input", errors: [{ path: "url", message: "webhooks.errors.urlPrivate" }] });
    }
    // Allowed when the deployment says so: a self-hosted console may post to an internal system.
    const { endpoint } = await createWebhookEndpoint(as("owner"), { url: "http://10.0.0.7:8080/x", eventTypes: ["code.claimed"] }, { allowPrivate: true });
    await deleteWebhookEndpoint(as("owner"), endpoint.id);
  });

  it("are disabled and enabled, edited, with before and after audited", async () => {
    const { endpoint } = await createWebhookEndpoint(as("owner"), { url: "https://a.example.com", eventTypes: ["code.claimed"] });
    const off = await updateWebhookEndpoint(as("owner"), endpoint.id, { active: false });
    expect(off.active).toBe(false);
    expect(off.updatedAt.getTime()).toBeGreaterThanOrEqual(endpoint.updatedAt.getTime());
    await updateWebhookEndpoint(as("owner"), endpoint.id, { active: true });
    const edited = await updateWebhookEndpoint(as("owner"), endpoint.id, { url: "https://b.example.com", eventTypes: ["group.frozen"] });
    expect(edited).toMatchObject({ url: "https://b.example.com", eventTypes: ["group.frozen"], active: true });
    const audit = await auditOf(endpoint.id);
    expect(audit.map((x) => x.action)).toEqual(["webhook.created", "webhook.disabled", "webhook.enabled", "webhook.updated"]);
    expect(audit[1]).toMatchObject({ before: { active: true }, after: { active: false } });
    expect(audit[3]).toMatchObject({ before: { url: "https://a.example.com", eventTypes: ["code.claimed"] }, after: { url: "https://b.example.com" } });
  });

  it("rotate the secret: the new one is returned once and replaces the old at once", async () => {
    const { endpoint, secret } = await createWebhookEndpoint(as("owner"), { url: "https://r.example.com", eventTypes: ["code.claimed"] });
    const rotated = await rotateWebhookSecret(as("owner"), endpoint.id);
    expect(rotated.secret).not.toBe(secret);
    const [stored] = await db.select({ secret: webhookEndpoints.secret }).from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(stored.secret).toBe(rotated.secret);
    const audit = await auditOf(endpoint.id);
    expect(audit.map((x) => x.action)).toEqual(["webhook.created", "webhook.secretRotated"]);
    expect(JSON.stringify(audit)).not.toContain(rotated.secret);
  });

  it("are deleted with their deliveries", async () => {
    const { endpoint } = await createWebhookEndpoint(as("owner"), { url: "https://d.example.com", eventTypes: ["code.claimed"] });
    const { deliveryId } = await sendTestEvent(as("owner"), endpoint.id);
    await deleteWebhookEndpoint(as("owner"), endpoint.id);
    expect(await getWebhookEndpoint(a.org.id, endpoint.id)).toBeNull();
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId))).toEqual([]);
    expect((await auditOf(endpoint.id)).map((x) => x.action)).toEqual(["webhook.created", "webhook.testSent", "webhook.deleted"]);
    await expect(deleteWebhookEndpoint(as("owner"), endpoint.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("of another organisation are not found, for every verb", async () => {
    const { endpoint } = await createWebhookEndpoint(as("owner", b), { url: "https://b.example.com", eventTypes: ["code.claimed"] });
    const other = as("owner");
    expect(await getWebhookEndpoint(a.org.id, endpoint.id)).toBeNull();
    await expect(updateWebhookEndpoint(other, endpoint.id, { active: false })).rejects.toMatchObject({ code: "not_found" });
    await expect(rotateWebhookSecret(other, endpoint.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteWebhookEndpoint(other, endpoint.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(sendTestEvent(other, endpoint.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(listWebhookDeliveries(a.org.id, endpoint.id, { limit: 10 })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateWebhookEndpoint(other, "not-a-uuid", { active: false })).rejects.toMatchObject({ code: "not_found" });
    expect((await getWebhookEndpoint(b.org.id, endpoint.id))?.active).toBe(true);
  });

  it("list their deliveries newest first, page by page, with the event type", async () => {
    const { endpoint } = await createWebhookEndpoint(as("owner"), { url: "https://l.example.com", eventTypes: ["code.claimed"] });
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push((await sendTestEvent(as("owner"), endpoint.id)).deliveryId);
    const first = await listWebhookDeliveries(a.org.id, endpoint.id, { limit: 3 });
    expect(first.items.map((d) => d.id)).toEqual([sent[4], sent[3], sent[2]]);
    expect(first.items[0]).toMatchObject({ eventType: "webhook.test", status: "pending", attempts: 0 });
    const second = await listWebhookDeliveries(a.org.id, endpoint.id, { limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((d) => d.id)).toEqual([sent[1], sent[0]]);
    expect(second.nextCursor).toBeNull();
    expect((await listWebhookDeliveries(a.org.id, endpoint.id, { limit: 10, status: "dead" })).items).toEqual([]);
    const summary = (await listWebhookEndpoints(a.org.id)).find((e) => e.id === endpoint.id)!;
    expect(summary.queued).toBe(5);
    expect(summary.lastDelivery?.status).toBe("pending");
    // Test events are written fanned-out: no other endpoint is offered them.
    const events = await db.select({ fannedOutAt: outbox.fannedOutAt }).from(outbox).where(and(eq(outbox.orgId, a.org.id), eq(outbox.type, "webhook.test")));
    expect(events.every((e) => e.fannedOutAt !== null)).toBe(true);
  });
});

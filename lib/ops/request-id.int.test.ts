import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLogs, outbox, webhookEndpoints } from "@/db/schema";
import { seedCampaign, seedGroup, seedTestOrg } from "@/db/seed/builders";
import { claimCode } from "@/lib/claims/claim";
import { freezeGroup } from "@/lib/codes/groups";
import { runInRequest } from "@/lib/http/request-context";
import { buildRequest, claimDueDeliveries, fanOutEvents } from "@/lib/webhooks/worker";

// The id of the HTTP request reaches the audit rows and events it caused — those the claim function
// writes inside the database as well as those written from TypeScript — and their webhook deliveries.

describe("request ids", () => {
  it("reach audit rows, outbox events and webhook deliveries, and nothing outside a request", async () => {
    const f = await seedTestOrg(db, `rid-${randomUUID().slice(0, 8)}`);
    const orgId = f.org.id;
    const campaign = await seedCampaign(db, { orgId });
    const group = await seedGroup(db, { orgId, campaignId: campaign.id, name: "g", slug: `rid-${randomUUID().slice(0, 8)}`, mode: "unique", quantity: 10 });
    await db.insert(webhookEndpoints).values({ orgId, url: "https://example.com/hook", secret: "s", eventTypes: ["code.claimed", "group.frozen"] });

    const claimed = await runInRequest({ id: "req-claim-0001" }, () => claimCode({ slug: group.slug, phone: "13800138001" }));
    const outside = await claimCode({ slug: group.slug, phone: "13800138002" });
    await runInRequest({ id: "req-freeze-0001" }, () => freezeGroup({ orgId, role: "owner", userId: f.users.owner.id, apiKeyId: null }, group.id, "test"));

    const audits = await db.select({ action: auditLogs.action, entityId: auditLogs.entityId, requestId: auditLogs.requestId }).from(auditLogs).where(eq(auditLogs.orgId, orgId));
    expect(audits.filter((a) => a.action === "code.claimed").map((a) => a.requestId).sort()).toEqual(["req-claim-0001", null].sort());
    expect(audits.find((a) => a.action === "group.frozen")?.requestId).toBe("req-freeze-0001");

    const events = await db.select({ type: outbox.type, subject: outbox.subject, requestId: outbox.requestId }).from(outbox).where(eq(outbox.orgId, orgId));
    expect(events.filter((e) => e.subject === `code:${claimed.codeId}`).map((e) => e.requestId)).toEqual(["req-claim-0001"]);
    expect(events.filter((e) => e.subject === `code:${outside.codeId}`).map((e) => e.requestId)).toEqual([null]);
    expect(events.find((e) => e.type === "group.frozen")?.requestId).toBe("req-freeze-0001");

    await fanOutEvents({ orgId });
    const deliveries = await claimDueDeliveries(10, { orgId });
    const headers = deliveries.map((d) => buildRequest(d, new Date()).headers["x-request-id"] ?? null).sort();
    expect(headers).toEqual(["req-claim-0001", "req-freeze-0001", null].sort());
    const [again] = await db.select().from(outbox).where(and(eq(outbox.orgId, orgId), eq(outbox.type, "group.frozen")));
    expect(again.requestId).toBe("req-freeze-0001");
  });
});

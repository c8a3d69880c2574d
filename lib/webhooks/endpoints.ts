import { currentRequestId } from "@/lib/http/request-context";
import "server-only";
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { db, rows } from "@/db";
import { outbox, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { decodeCursor, toPage, type Page, type PageQuery } from "@/lib/api/paging";
import { writeAudit } from "@/lib/audit/log";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { TEST_EVENT_TYPE } from "./events";
import { eventId, RETRY_WINDOW_MS, webhookUrlIssue } from "./rules";
import {
  createWebhookSchema,
  updateWebhookSchema,
  type CreateWebhookInput,
  type DeliveryDto,
  type DeliveryStatus,
  type UpdateWebhookInput,
  type WebhookDto,
} from "./schemas";
import { generateWebhookSecret } from "./signing";

// Webhook endpoints and their deliveries, for owners (`webhook:manage`). Every function takes the
// organisation from the actor and puts it in its where clause; another organisation's id is not_found.

/** An endpoint as the console and API see it: never its secret. */
export type WebhookEndpoint = {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
};

const endpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  eventTypes: webhookEndpoints.eventTypes,
  active: webhookEndpoints.active,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function notFound(): AppError {
  return new AppError("not_found", "No such webhook endpoint.");
}

/** Refuses a URL the deployment does not allow (private targets when WEBHOOK_ALLOW_PRIVATE is off). */
function assertUrlAllowed(url: string, allowPrivate: boolean) {
  const issue = webhookUrlIssue(url, { allowPrivate });
  if (!issue) return;
  const message = issue === "private" ? "webhooks.errors.urlPrivate" : issue === "credentials" ? "webhooks.errors.urlCredentials" : "webhooks.errors.url";
  throw new AppError("invalid_input", "The webhook URL is not allowed.", { errors: [{ path: "url", message }] });
}

function uniqueTypes(types: readonly string[]): string[] {
  return [...new Set(types)];
}

export function toWebhookDto(e: WebhookEndpoint): WebhookDto {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    active: e.active,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** An endpoint with how its deliveries stand: how many wait to be sent, and the latest one's state. */
export type WebhookEndpointSummary = WebhookEndpoint & {
  queued: number;
  lastDelivery: { status: DeliveryStatus; at: Date } | null;
};

/** The organisation's endpoints, oldest first. */
export async function listWebhookEndpoints(orgId: string): Promise<WebhookEndpointSummary[]> {
  const endpoints = await db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.orgId, orgId))
    .orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);
  if (endpoints.length === 0) return [];
  // Per endpoint: the queue (partial index) and the newest delivery (endpoint index, one row each).
  const stats = await rows<{ endpoint_id: string; queued: number; last_status: DeliveryStatus | null; last_at_ms: number | null }>(
    db,
    sql`
      select e.id as endpoint_id,
        (select count(*) from webhook_deliveries q
          where q.endpoint_id = e.id and q.status in ('pending', 'failed'))::int as queued,
        l.status as last_status,
        (extract(epoch from coalesce(l.delivered_at, l.dead_at, l.last_attempt_at, l.created_at)) * 1000)::float8 as last_at_ms
      from webhook_endpoints e
      left join lateral (
        select d.status, d.delivered_at, d.dead_at, d.last_attempt_at, d.created_at
        from webhook_deliveries d where d.endpoint_id = e.id order by d.id desc limit 1
      ) l on true
      where e.org_id = ${orgId}::uuid`,
  );
  const byId = new Map(stats.map((s) => [s.endpoint_id, s]));
  return endpoints.map((e) => {
    const s = byId.get(e.id);
    return {
      ...e,
      queued: Number(s?.queued ?? 0),
      lastDelivery: s?.last_status ? { status: s.last_status, at: new Date(Number(s.last_at_ms)) } : null,
    };
  });
}

/** One endpoint of the organisation, or null. */
export async function getWebhookEndpoint(orgId: string, id: string): Promise<WebhookEndpoint | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, orgId)));
  return row ?? null;
}

/** Registers an endpoint; the plain `secret` is returned here (and on rotation) only. */
export async function createWebhookEndpoint(
  actor: Actor,
  input: CreateWebhookInput,
  opts: { allowPrivate?: boolean } = {},
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  assertCan(actor, "webhook:manage");
  const parsed = createWebhookSchema.parse(input);
  assertUrlAllowed(parsed.url, opts.allowPrivate ?? env().WEBHOOK_ALLOW_PRIVATE);
  const eventTypes = uniqueTypes(parsed.eventTypes);
  const secret = generateWebhookSecret();
  const endpoint = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ orgId: actor.orgId, url: parsed.url, description: parsed.description, eventTypes, secret })
      .returning(endpointColumns);
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "webhook.created",
      entityType: "webhook_endpoint",
      entityId: row.id,
      after: { url: row.url, eventTypes, description: row.description },
    });
    return row;
  });
  return { endpoint, secret };
}

/** Changes an endpoint's URL, types, description or enabled state (audited with before and after). */
export async function updateWebhookEndpoint(
  actor: Actor,
  id: string,
  patch: UpdateWebhookInput,
  opts: { allowPrivate?: boolean } = {},
): Promise<WebhookEndpoint> {
  assertCan(actor, "webhook:manage");
  const parsed = updateWebhookSchema.parse(patch);
  if (!UUID.test(id)) throw notFound();
  if (parsed.url !== undefined) assertUrlAllowed(parsed.url, opts.allowPrivate ?? env().WEBHOOK_ALLOW_PRIVATE);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select(endpointColumns)
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, actor.orgId)))
      .for("update");
    if (!before) throw notFound();
    const changes = {
      ...(parsed.url !== undefined ? { url: parsed.url } : {}),
      ...(parsed.description !== undefined ? { description: parsed.description } : {}),
      ...(parsed.eventTypes !== undefined ? { eventTypes: uniqueTypes(parsed.eventTypes) } : {}),
      ...(parsed.active !== undefined ? { active: parsed.active } : {}),
    };
    if (Object.keys(changes).length === 0) return before;
    const [after] = await tx
      .update(webhookEndpoints)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, actor.orgId)))
      .returning(endpointColumns);
    const action =
      Object.keys(changes).length === 1 && parsed.active !== undefined
        ? parsed.active
          ? "webhook.enabled"
          : "webhook.disabled"
        : "webhook.updated";
    await writeAudit(tx, {
      ...auditActor(actor),
      action,
      entityType: "webhook_endpoint",
      entityId: id,
      before: pick(before, Object.keys(changes)),
      after: pick(after, Object.keys(changes)),
    });
    return after;
  });
}

function pick(e: WebhookEndpoint, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, e[k as keyof WebhookEndpoint]]));
}

/** Replaces the endpoint's secret at once; deliveries from now on are signed with the new one. */
export async function rotateWebhookSecret(actor: Actor, id: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  assertCan(actor, "webhook:manage");
  if (!UUID.test(id)) throw notFound();
  const secret = generateWebhookSecret();
  const endpoint = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ secret, updatedAt: sql`now()` })
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, actor.orgId)))
      .returning(endpointColumns);
    if (!row) throw notFound();
    await writeAudit(tx, { ...auditActor(actor), action: "webhook.secretRotated", entityType: "webhook_endpoint", entityId: id, after: { url: row.url } });
    return row;
  });
  return { endpoint, secret };
}

/** Deletes the endpoint and its delivery history (the audit log keeps what it was). */
export async function deleteWebhookEndpoint(actor: Actor, id: string): Promise<void> {
  assertCan(actor, "webhook:manage");
  if (!UUID.test(id)) throw notFound();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, actor.orgId)))
      .returning(endpointColumns);
    if (!row) throw notFound();
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "webhook.deleted",
      entityType: "webhook_endpoint",
      entityId: id,
      before: { url: row.url, eventTypes: row.eventTypes, description: row.description, active: row.active },
    });
  });
}

/**
 * Queues a `webhook.test` event for this endpoint only (written fanned-out, with its one delivery, so
 * no other endpoint sees it). Refused for a disabled endpoint: it would not be sent.
 */
export async function sendTestEvent(actor: Actor, id: string): Promise<{ deliveryId: number; eventId: string }> {
  assertCan(actor, "webhook:manage");
  if (!UUID.test(id)) throw notFound();
  return db.transaction(async (tx) => {
    const [endpoint] = await tx
      .select({ id: webhookEndpoints.id, active: webhookEndpoints.active, url: webhookEndpoints.url })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, actor.orgId)));
    if (!endpoint) throw notFound();
    if (!endpoint.active) throw new AppError("invalid_state", "Enable the endpoint before sending it a test event.");
    const now = new Date();
    const [event] = await tx
      .insert(outbox)
      .values({
        orgId: actor.orgId,
        type: TEST_EVENT_TYPE,
        subject: `webhook:${id}`,
        data: { endpointId: id, message: "This is a test event sent from the console." },
        fannedOutAt: now,
        requestId: currentRequestId(),
      })
      .returning({ id: outbox.id });
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({
        orgId: actor.orgId,
        outboxId: event.id,
        endpointId: id,
        subject: `webhook:${id}`,
        retryUntil: new Date(now.getTime() + RETRY_WINDOW_MS),
        requestId: currentRequestId(),
      })
      .returning({ id: webhookDeliveries.id });
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "webhook.testSent",
      entityType: "webhook_endpoint",
      entityId: id,
      after: { eventId: eventId(event.id), url: endpoint.url },
    });
    return { deliveryId: delivery.id, eventId: eventId(event.id) };
  });
}

/** A delivery as the console lists it. */
export type WebhookDelivery = {
  id: number;
  endpointId: string;
  outboxId: number;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastResponse: string | null;
  lastError: string | null;
  deliveredAt: Date | null;
  deadAt: Date | null;
  createdAt: Date;
};

const deliveryColumns = {
  id: webhookDeliveries.id,
  endpointId: webhookDeliveries.endpointId,
  outboxId: webhookDeliveries.outboxId,
  eventType: outbox.type,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  lastAttemptAt: webhookDeliveries.lastAttemptAt,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  lastResponse: webhookDeliveries.lastResponse,
  lastError: webhookDeliveries.lastError,
  deliveredAt: webhookDeliveries.deliveredAt,
  deadAt: webhookDeliveries.deadAt,
  createdAt: webhookDeliveries.createdAt,
};

export function toDeliveryDto(d: WebhookDelivery): DeliveryDto {
  const iso = (v: Date | null) => (v ? v.toISOString() : null);
  const waiting = d.status === "pending" || d.status === "failed";
  return {
    id: String(d.id),
    endpointId: d.endpointId,
    eventId: eventId(d.outboxId),
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: waiting ? d.nextAttemptAt.toISOString() : null,
    lastAttemptAt: iso(d.lastAttemptAt),
    lastStatusCode: d.lastStatusCode,
    lastResponse: d.lastResponse,
    lastError: d.lastError,
    deliveredAt: iso(d.deliveredAt),
    deadAt: iso(d.deadAt),
    createdAt: d.createdAt.toISOString(),
  };
}

const cursorShape = z.tuple([z.number().int().positive()]);

/** A page of the endpoint's deliveries, newest first (`not_found` for another organisation's endpoint). */
export async function listWebhookDeliveries(
  orgId: string,
  endpointId: string,
  query: Pick<PageQuery, "limit"> & { cursor?: string; status?: DeliveryStatus },
): Promise<Page<WebhookDelivery>> {
  const endpoint = await getWebhookEndpoint(orgId, endpointId);
  if (!endpoint) throw notFound();
  const before = query.cursor ? decodeCursor(query.cursor, cursorShape)[0] : null;
  const list = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(outbox, eq(outbox.id, webhookDeliveries.outboxId))
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        eq(webhookDeliveries.orgId, orgId),
        query.status ? eq(webhookDeliveries.status, query.status) : undefined,
        before ? lt(webhookDeliveries.id, before) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(query.limit + 1);
  return toPage(list, query.limit, (d) => [d.id]);
}

/**
 * Sends a failed or dead delivery again, now: back to pending with a fresh 24 h window and backoff.
 * Refused (invalid_state) for one that is pending or delivered.
 */
export async function redeliverWebhook(actor: Actor, deliveryId: number): Promise<WebhookDelivery> {
  assertCan(actor, "webhook:manage");
  if (!Number.isSafeInteger(deliveryId) || deliveryId <= 0) throw new AppError("not_found", "No such delivery.");
  const now = new Date();
  const id = await db.transaction(async (tx) => {
    // Conditional update: two clicks cannot both reset (and both audit).
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now, retryUntil: new Date(now.getTime() + RETRY_WINDOW_MS), deadAt: null })
      .where(
        and(
          eq(webhookDeliveries.id, deliveryId),
          eq(webhookDeliveries.orgId, actor.orgId),
          inArray(webhookDeliveries.status, ["failed", "dead"]),
        ),
      )
      .returning({ id: webhookDeliveries.id, endpointId: webhookDeliveries.endpointId, outboxId: webhookDeliveries.outboxId });
    if (!row) {
      const [existing] = await tx
        .select({ status: webhookDeliveries.status })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.orgId, actor.orgId)));
      if (!existing) throw new AppError("not_found", "No such delivery.");
      throw new AppError("invalid_state", `Only failed or dead deliveries can be sent again (this one is ${existing.status}).`);
    }
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "webhook.redelivered",
      entityType: "webhook_delivery",
      entityId: String(row.id),
      after: { endpointId: row.endpointId, eventId: eventId(row.outboxId) },
    });
    return row.id;
  });
  const [delivery] = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(outbox, eq(outbox.id, webhookDeliveries.outboxId))
    .where(eq(webhookDeliveries.id, id));
  return delivery;
}

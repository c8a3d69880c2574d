import "server-only";
import { and, asc, eq, isNull, lt, sql } from "drizzle-orm";
import { db, rows, type Executor } from "@/db";
import { abuseEvents, claims, codes, consumers, consumerTags, phoneVerifications, redemptions, smsMessages, smsQueue } from "@/db/schema";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { maskPhone, normalizePhone } from "@/lib/claims/phone";
import { AppError } from "@/lib/errors";
import { normalizeTag } from "@/lib/segments/rules";
import { textArray } from "@/lib/segments/sql";

// Tags, opt-outs and privacy (PIPL) for consumers. Every function takes the organisation from the
// actor and puts it in its where clause.

const notFound = () => new AppError("not_found", "No such consumer in this organisation.");

function phoneOrThrow(raw: string): string {
  const phone = normalizePhone(raw);
  if (!phone) throw new AppError("invalid_input", "Enter a mobile number: 11 digits for mainland China, or + and the country code.", { errors: [{ path: "phone", message: "consumers.errors.phone" }] });
  return phone;
}

/** A consumer's tags, sorted. */
async function tagsOf(tx: Executor, consumerId: string): Promise<string[]> {
  const found = await tx.select({ tag: consumerTags.tag }).from(consumerTags).where(eq(consumerTags.consumerId, consumerId)).orderBy(asc(consumerTags.tag));
  return found.map((r) => r.tag);
}

/** The consumer row, locked, when it is the organisation's (and not erased, when `live`). */
async function lockConsumer(tx: Executor, orgId: string, consumerId: string, live: boolean): Promise<void> {
  const [row] = await tx
    .select({ id: consumers.id })
    .from(consumers)
    .where(and(eq(consumers.id, consumerId), eq(consumers.orgId, orgId), live ? isNull(consumers.erasedAt) : undefined))
    .for("update");
  if (!row) throw notFound();
}

/** Adds one tag to a consumer (kept once). */
export async function addConsumerTag(actor: Actor, consumerId: string, rawTag: string) {
  assertCan(actor, "consumer:write");
  const tag = normalizeTag(rawTag);
  return db.transaction(async (tx) => {
    await lockConsumer(tx, actor.orgId, consumerId, true);
    await tx.insert(consumerTags).values({ consumerId, tag, orgId: actor.orgId }).onConflictDoNothing();
    await writeAudit(tx, { ...auditActor(actor), action: "consumer.tagged", entityType: "consumer", entityId: consumerId, after: { tag } });
    return { id: consumerId, tags: await tagsOf(tx, consumerId) };
  });
}

/** Takes one tag off a consumer. */
export async function removeConsumerTag(actor: Actor, consumerId: string, rawTag: string) {
  assertCan(actor, "consumer:write");
  const tag = normalizeTag(rawTag);
  return db.transaction(async (tx) => {
    await lockConsumer(tx, actor.orgId, consumerId, false);
    await tx.delete(consumerTags).where(and(eq(consumerTags.consumerId, consumerId), eq(consumerTags.tag, tag)));
    await writeAudit(tx, { ...auditActor(actor), action: "consumer.untagged", entityType: "consumer", entityId: consumerId, before: { tag } });
    return { id: consumerId, tags: await tagsOf(tx, consumerId) };
  });
}

/**
 * A CRM sets a consumer's whole tag list by phone (`PUT /api/v1/consumers/tags`); a phone not seen
 * before becomes a consumer (one upsert, so two syncs of a new phone make one consumer; the upsert
 * also locks the row, so two syncs of one phone take turns and the last one's list is what stays).
 */
export async function putTagsByPhone(actor: Actor, rawPhone: string, tags: string[]) {
  assertCan(actor, "consumer:write");
  const phone = phoneOrThrow(rawPhone);
  const sorted = [...new Set(tags.map(normalizeTag))].sort();
  return db.transaction(async (tx) => {
    const [row] = await rows<{ id: string; created: boolean }>(
      tx,
      sql`insert into consumers as k (org_id, phone) values (${actor.orgId}::uuid, ${phone})
          on conflict (org_id, phone) do update set phone = excluded.phone
          returning k.id, (xmax = 0) as created`,
    );
    await tx
      .delete(consumerTags)
      .where(and(eq(consumerTags.consumerId, row.id), sorted.length ? sql`not (${consumerTags.tag} = any (${textArray(sorted)}))` : undefined));
    if (sorted.length) await tx.insert(consumerTags).values(sorted.map((tag) => ({ consumerId: row.id, tag, orgId: actor.orgId }))).onConflictDoNothing();
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "consumer.tagsSet",
      entityType: "consumer",
      entityId: row.id,
      after: { phone: maskPhone(phone), tags: sorted, created: row.created },
    });
    return { id: row.id, tags: sorted, created: row.created };
  });
}

/** Marks a consumer as not wanting marketing texts (or lifts it); audited. */
export async function setOptOut(actor: Actor, consumerId: string, optedOut: boolean) {
  assertCan(actor, "consumer:write");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(consumers)
      .set({ optedOutAt: optedOut ? sql`coalesce(${consumers.optedOutAt}, now())` : null })
      .where(and(eq(consumers.id, consumerId), eq(consumers.orgId, actor.orgId)))
      .returning({ id: consumers.id });
    if (!row) throw notFound();
    await writeAudit(tx, { ...auditActor(actor), action: optedOut ? "consumer.optedOut" : "consumer.optedIn", entityType: "consumer", entityId: consumerId });
  });
}

/**
 * The consumer's own opt-out (the unsubscribe link in a text, or a gateway's "T" reply): no actor,
 * audited as the system. Idempotent.
 */
export async function optOutConsumer(orgId: string, consumerId: string, via: "link" | "reply") {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(consumers)
      .set({ optedOutAt: sql`coalesce(${consumers.optedOutAt}, now())` })
      .where(and(eq(consumers.id, consumerId), eq(consumers.orgId, orgId)))
      .returning({ id: consumers.id });
    if (row) await writeAudit(tx, { orgId, action: "consumer.optedOut", entityType: "consumer", entityId: consumerId, after: { via } });
  });
}

/** A gateway's inbound "T" reply, by phone. */
export async function optOutByPhone(actor: Actor, rawPhone: string) {
  assertCan(actor, "consumer:write");
  const phone = phoneOrThrow(rawPhone);
  const [row] = await db.select({ id: consumers.id }).from(consumers).where(and(eq(consumers.orgId, actor.orgId), eq(consumers.phone, phone)));
  if (!row) return { optedOut: false };
  await optOutConsumer(actor.orgId, row.id, "reply");
  return { optedOut: true };
}

/** Everything held about one consumer (PIPL access request), for the owner to hand over. */
export async function exportConsumerData(actor: Actor, consumerId: string) {
  assertCan(actor, "consumer:privacy");
  const [k] = await db.select().from(consumers).where(and(eq(consumers.id, consumerId), eq(consumers.orgId, actor.orgId)));
  if (!k) throw notFound();
  const phone = k.erasedAt ? null : k.phone;
  const [claimRows, redemptionRows, texts, verifications, queued] = await Promise.all([
    db
      .select({ id: claims.id, campaignId: claims.campaignId, groupId: claims.groupId, code: codes.code, createdAt: claims.createdAt, expiresAt: claims.expiresAt })
      .from(claims)
      .innerJoin(codes, eq(codes.id, claims.codeId))
      .where(and(eq(claims.orgId, actor.orgId), eq(claims.consumerId, consumerId))),
    db
      .select({ id: redemptions.id, storeId: redemptions.storeId, orderAmount: redemptions.orderAmount, discount: redemptions.discount, createdAt: redemptions.createdAt, reversedAt: redemptions.reversedAt })
      .from(redemptions)
      .where(and(eq(redemptions.orgId, actor.orgId), eq(redemptions.consumerId, consumerId))),
    phone
      ? db.select({ body: smsMessages.body, createdAt: smsMessages.createdAt }).from(smsMessages).where(and(eq(smsMessages.orgId, actor.orgId), eq(smsMessages.phone, phone)))
      : [],
    phone
      ? db
          .select({ createdAt: phoneVerifications.createdAt, verifiedAt: phoneVerifications.verifiedAt })
          .from(phoneVerifications)
          .where(and(eq(phoneVerifications.orgId, actor.orgId), eq(phoneVerifications.phone, phone)))
      : [],
    db.select({ kind: smsQueue.kind, notBefore: smsQueue.notBefore, sentAt: smsQueue.sentAt, skippedReason: smsQueue.skippedReason }).from(smsQueue).where(eq(smsQueue.consumerId, consumerId)),
  ]);
  await writeAudit(db, { ...auditActor(actor), action: "consumer.exported", entityType: "consumer", entityId: consumerId });
  return {
    consumer: {
      id: k.id,
      phone,
      tags: await tagsOf(db, consumerId),
      firstSeenAt: k.firstSeenAt,
      optedOutAt: k.optedOutAt,
      erasedAt: k.erasedAt,
      counters: { claims: k.claimCount, redemptions: k.redemptionCount, orderTotal: k.orderTotal, discountTotal: k.discountTotal, lastClaimAt: k.lastClaimAt, lastRedemptionAt: k.lastRedemptionAt },
    },
    claims: claimRows,
    redemptions: redemptionRows,
    textMessages: texts,
    phoneVerifications: verifications,
    scheduledTexts: queued,
    exportedAt: new Date().toISOString(),
  };
}

/**
 * Erases a consumer (PIPL): the phone is removed from every table — the consumer row keeps a
 * placeholder, texts, one-time codes and refusal counters for it are deleted, pending texts dropped —
 * while claims, redemptions and the counters stay, so every report still adds up. Audited (without the phone).
 */
export async function eraseConsumerIn(tx: Executor, orgId: string, consumerId: string): Promise<boolean> {
  const [k] = await tx
    .select({ phone: consumers.phone, erasedAt: consumers.erasedAt })
    .from(consumers)
    .where(and(eq(consumers.id, consumerId), eq(consumers.orgId, orgId)))
    .for("update");
  if (!k) throw notFound();
  if (k.erasedAt) return false;
  await tx.delete(smsMessages).where(and(eq(smsMessages.orgId, orgId), eq(smsMessages.phone, k.phone)));
  await tx.delete(phoneVerifications).where(and(eq(phoneVerifications.orgId, orgId), eq(phoneVerifications.phone, k.phone)));
  await tx.delete(abuseEvents).where(and(eq(abuseEvents.orgId, orgId), eq(abuseEvents.source, `phone:${maskPhone(k.phone)}`)));
  await tx.delete(smsQueue).where(and(eq(smsQueue.consumerId, consumerId), isNull(smsQueue.sentAt)));
  await tx.delete(consumerTags).where(eq(consumerTags.consumerId, consumerId));
  await tx
    .update(consumers)
    .set({ phone: `erased:${consumerId}`, erasedAt: sql`now()`, optedOutAt: sql`coalesce(${consumers.optedOutAt}, now())` })
    .where(eq(consumers.id, consumerId));
  return true;
}

export async function eraseConsumer(actor: Actor, consumerId: string): Promise<void> {
  assertCan(actor, "consumer:privacy");
  await db.transaction(async (tx) => {
    const erased = await eraseConsumerIn(tx, actor.orgId, consumerId);
    if (!erased) throw new AppError("invalid_state", "This consumer was already erased.");
    await writeAudit(tx, { ...auditActor(actor), action: "consumer.erased", entityType: "consumer", entityId: consumerId });
  });
}

/**
 * The retention setting: consumers with no claim, redemption or first visit in the last `months` are
 * erased, a batch at a time (small transactions, no long locks). Returns how many were erased.
 */
export async function eraseInactiveConsumers(orgId: string, months: number, batch = 200, now = new Date()): Promise<number> {
  const cutoff = new Date(now);
  cutoff.setMonth(cutoff.getMonth() - months);
  const stale = await db
    .select({ id: consumers.id })
    .from(consumers)
    .where(
      and(
        eq(consumers.orgId, orgId),
        isNull(consumers.erasedAt),
        lt(sql`greatest(${consumers.firstSeenAt}, coalesce(${consumers.lastClaimAt}, ${consumers.firstSeenAt}), coalesce(${consumers.lastRedemptionAt}, ${consumers.firstSeenAt}))`, sql`${cutoff.toISOString()}::timestamptz`),
      ),
    )
    .limit(batch);
  if (stale.length === 0) return 0;
  await db.transaction(async (tx) => {
    for (const { id } of stale) await eraseConsumerIn(tx, orgId, id);
    await writeAudit(tx, { orgId, action: "consumer.retentionErased", entityType: "consumer", after: { count: stale.length, months, ids: stale.map((s) => s.id) } });
  });
  return stale.length;
}


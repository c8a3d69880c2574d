import "server-only";
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { db, preparedRows } from "@/db";
import { stampRequest } from "@/db/request-stamp";
import { metrics } from "@/lib/ops/metrics";
import { abuseEvents, campaigns, codeGroups, codes, organizations } from "@/db/schema";
import { AppError, raisedCode, raisedDetail, type ErrorCode } from "@/lib/errors";
import { consume, publicLimiters } from "@/lib/security/rate-limit";
import { wakeWebhookWorker } from "@/lib/webhooks/outbox";
import { zoneDay } from "@/lib/time";
import { maskPhone, normalizePhone } from "./phone";

export type ClaimResult = {
  claimId: string;
  codeId: number;
  code: string;
  expiresAt: Date | null;
  /** The phone already held this code: it was handed back, not a second one. */
  repeat: boolean;
  consumerId: string;
  campaignId: string;
  groupId: string;
  orgId: string;
  /** A/B test: the variant of the offer this claim was given (null outside a test). */
  variantId: string | null;
};

// The refusals claim_code raises (SQLSTATE P0001, message = code), and what each means for a person.
const REFUSALS: Partial<Record<ErrorCode, string>> = {
  not_found: "There is no such offer.",
  sold_out: "All codes of this offer have been claimed.",
  limit_reached: "This phone number has already claimed as many codes as the offer allows.",
  not_eligible: "This offer is for other customers (new customers only, or a member group).",
  not_started: "This offer is not open yet.",
  ended: "This offer has ended.",
  paused: "This offer is paused for now.",
  frozen: "This offer is suspended.",
  claims_closed: "This offer has stopped taking new claims; codes already claimed can still be used.",
};

const ipHashes = new Map<string, string>();

/**
 * A one-way token for an IP (per deployment secret), so claims and events never store raw IPs.
 * A claim asks three times (rate limit, claim row, anomaly rules): recent answers are kept.
 */
export function hashIp(ip: string): string {
  const input = `${process.env.AUTH_SECRET ?? ""}:ip:${ip}`;
  let h = ipHashes.get(input);
  if (h === undefined) {
    h = createHash("sha256").update(input).digest("base64url").slice(0, 22);
    if (ipHashes.size >= 10_000) ipHashes.clear();
    ipHashes.set(input, h);
  }
  return h;
}

/** What a public link's last segment can be; anything else (a non-string from a hand-made action call, NUL, junk) names no group. */
export function isPublicSlug(slug: unknown): slug is string {
  return typeof slug === "string" && /^[A-Za-z0-9-]{1,64}$/.test(slug);
}

/** The group behind a public slug with what the landing page and the claim need. */
export async function findGroupBySlug(slug: string) {
  if (!isPublicSlug(slug)) return null;
  const [row] = await db
    .select({ group: codeGroups, campaign: campaigns, org: organizations })
    .from(codeGroups)
    .innerJoin(campaigns, eq(campaigns.id, codeGroups.campaignId))
    .innerJoin(organizations, eq(organizations.id, codeGroups.orgId))
    .where(eq(codeGroups.slug, slug.toLowerCase()));
  return row ?? null;
}

type FoundGroup = NonNullable<Awaited<ReturnType<typeof findGroupBySlug>>>;
const SLUG_CACHE_MS = 5_000;
const SLUG_CACHE_MAX = 2_000;
const globalForSlugs = globalThis as unknown as { __couponSlugCache?: Map<string, { at: number; found: FoundGroup }> };

/**
 * findGroupBySlug for the claim hot path, remembered for 5 s per process. Safe because it only routes
 * the request (organisation for rate limits, whether the offer verifies phones, the offer's wording):
 * claim_code re-reads the group and campaign and applies every state and limit itself, and an approved
 * campaign's offer cannot be edited. Unknown slugs are not remembered.
 */
export async function findGroupBySlugCached(slug: string, now = Date.now()): Promise<FoundGroup | null> {
  if (!isPublicSlug(slug)) return null;
  const cache = (globalForSlugs.__couponSlugCache ??= new Map());
  const key = slug.toLowerCase();
  const hit = cache.get(key);
  if (hit && now - hit.at < SLUG_CACHE_MS) return hit.found;
  const found = await findGroupBySlug(key);
  if (found) {
    if (cache.size >= SLUG_CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(key, { at: now, found });
  }
  return found;
}

/** Unique codes still in a group's pool (index-only count on (group_id, status, seq)). */
export async function availableCount(groupId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(codes)
    .where(and(eq(codes.groupId, groupId), eq(codes.status, "available")));
  return Number(r.n);
}

/**
 * Claims a code of the group `slug` for `phone`: a unique code from the pool, or the shared code.
 * The same phone claiming again gets the code it holds. Every rule (dates, states, limits, audience,
 * quantity) is applied atomically by the database function claim_code (drizzle/0003_…).
 */
export async function claimCode(input: {
  slug: string;
  phone: string;
  ip?: string | null;
  deviceId?: string | null;
  referrerId?: string | null;
  now?: Date;
  /** The group, when the caller already loaded it by slug (saves a query on the hot path). */
  found?: NonNullable<Awaited<ReturnType<typeof findGroupBySlug>>>;
}): Promise<ClaimResult> {
  const phone = normalizePhone(input.phone);
  if (!phone) {
    throw new AppError("invalid_input", "Enter a mobile number: 11 digits for mainland China, or + and the country code.", {
      errors: [{ path: "phone", message: "claim.errors.phone" }],
    });
  }
  const found = input.found ?? (await findGroupBySlug(input.slug));
  if (!found) throw new AppError("not_found", REFUSALS.not_found!);
  const now = input.now ?? new Date();
  const { day, start: dayStart } = zoneDay(now, found.org.timeZone);
  const referrer = input.referrerId && /^[0-9a-f-]{36}$/i.test(input.referrerId) ? input.referrerId : null;
  try {
    const [r] = await preparedRows<{
      claim_id: string;
      code_id: string | number;
      code: string;
      expires_at: Date | string | null;
      is_repeat: boolean;
      consumer_id: string;
      campaign_id: string;
      variant_id: string | null;
    }>(
      sql`select r.* from ${stampRequest(now)} cross join lateral claim_code(${found.group.id}::uuid, ${phone}, s.at, ${day}::date,
            ${dayStart.toISOString()}::timestamptz,
            ${input.ip ? hashIp(input.ip) : null}, ${input.deviceId ?? null}, ${referrer}::uuid) r`,
    );
    if (!r.is_repeat) wakeWebhookWorker();
    metrics().claims.inc({ result: r.is_repeat ? "repeat" : "issued" });
    return {
      claimId: r.claim_id,
      codeId: Number(r.code_id),
      code: r.code,
      expiresAt: r.expires_at ? new Date(r.expires_at) : null,
      repeat: r.is_repeat,
      consumerId: r.consumer_id,
      campaignId: r.campaign_id,
      groupId: found.group.id,
      orgId: found.group.orgId,
      variantId: r.variant_id ?? null,
    };
  } catch (e) {
    const refused = refusal(e);
    if (refused) metrics().claimRefusals.inc({ reason: refused.code });
    throw refused ?? e;
  }
}

function refusal(e: unknown): AppError | null {
  const code = raisedCode(e);
  if (code === "limit_reached" && raisedDetail(e) === "daily") {
    return new AppError(code, "This phone number has claimed as many codes today as the offer allows a day; come back tomorrow.", { details: { limit: "daily" } });
  }
  const text = code ? REFUSALS[code] : undefined;
  return code && text ? new AppError(code, text) : null;
}

/**
 * The rate limits of a public claim or code request: per IP, per phone and per device cookie
 * (RATE_LIMIT_PUBLIC_*). A refusal is counted against its source, so owners see who keeps trying.
 */
export async function guardPublicRequest(orgId: string | null, who: { ip?: string | null; phone?: string | null; deviceId?: string | null }) {
  const limits = publicLimiters();
  const checks: [keyof typeof limits, string | null][] = [
    ["ip", who.ip ? hashIp(who.ip) : null],
    ["phone", who.phone ? normalizePhone(who.phone) : null],
    ["device", who.deviceId ?? null],
  ];
  // The three counters are independent: spend them in parallel (one round trip of latency, not three).
  const present = checks.filter((c): c is [keyof typeof limits, string] => c[1] !== null);
  const results = await Promise.allSettled(present.map(([kind, key]) => consume(limits[kind], key)));
  const refused = results.findIndex((r) => r.status === "rejected");
  if (refused === -1) return;
  const e = (results[refused] as PromiseRejectedResult).reason;
  const [kind, key] = present[refused];
  metrics().publicRateLimited.inc({ limit: kind });
  if (orgId && e instanceof AppError && e.code === "rate_limited") {
    await recordAbuse(orgId, kind === "phone" ? `phone:${maskPhone(key)}` : `${kind}:${key.slice(0, 12)}`, "rate_limited");
  }
  throw e;
}

/** Counts one refused request against its source (upsert), for the owner's security view. */
export async function recordAbuse(orgId: string, source: string, kind: string) {
  await db
    .insert(abuseEvents)
    .values({ orgId, source, kind, count: 1 })
    .onConflictDoUpdate({
      target: [abuseEvents.orgId, abuseEvents.source, abuseEvents.kind],
      set: { count: sql`${abuseEvents.count} + 1`, lastAt: sql`now()` },
    });
}


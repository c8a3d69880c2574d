import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { db, preparedRows } from "@/db";
import { apiKeys, stores } from "@/db/schema";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import type { Role } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { logError } from "@/lib/log";

// An API key is `cc_live_` + 32 random base62 characters (~190 bits). Only its SHA-256 is stored:
// the key is random, so a fast hash resists guessing and keeps the lookup one unique-index probe.

export const API_KEY_PREFIX = "cc_live_";
const SECRET_LENGTH = 32;
/** How many leading characters are kept in clear, so people can tell keys apart. */
export const API_KEY_PREFIX_LENGTH = 12;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${SECRET_LENGTH}}$`);
// last_used_at is informational; writing it on every call would turn each read into a write.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Roles a key may carry. Not `owner`: a key sits in a till or a CRM's config, and an owner key that
 * leaked would let its holder manage members, keys, webhooks and settings, i.e. take the organisation
 * over. Owners act in the console as themselves.
 */
export const API_KEY_ROLES = ["marketer", "reviewer", "clerk", "influencer"] as const satisfies readonly Role[];
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/**
 * The create form and the domain function share this; messages are message keys. A clerk key sits in
 * a store's till, so it names the stores it may redeem at (one at least); other roles have none.
 */
export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1, "apiKeys.errors.name").max(80, "apiKeys.errors.name"),
    role: z.enum(API_KEY_ROLES, "apiKeys.errors.role"),
    storeIds: z.array(z.uuid("apiKeys.errors.storesUnknown"), "apiKeys.errors.stores").max(500, "apiKeys.errors.stores").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role === "clerk" && !v.storeIds?.length) ctx.addIssue({ code: "custom", path: ["storeIds"], message: "apiKeys.errors.stores" });
  })
  .transform((v) => ({ ...v, storeIds: v.role === "clerk" ? [...new Set(v.storeIds!.map((id) => id.toLowerCase()))] : null }));
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

/** A key as the console lists it; never the secret or its hash. */
export type ApiKeySummary = {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** A clerk key's stores; null for other roles. */
  storeIds: string[] | null;
};

const summaryColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  role: apiKeys.role,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  storeIds: apiKeys.storeIds,
};

/** A new random key in the `cc_live_…` format (rejection sampling: no base62 modulo bias). */
export function generateApiKey(): string {
  let out = "";
  while (out.length < SECRET_LENGTH) {
    for (const byte of randomBytes(SECRET_LENGTH)) {
      if (byte < 248 && out.length < SECRET_LENGTH) out += BASE62[byte % 62];
    }
  }
  return API_KEY_PREFIX + out;
}

/** The stored form of a key: SHA-256 of the whole key, hex. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organisation's keys, active ones first, newest first; a clerk key with its stores' names. */
export async function listApiKeys(orgId: string): Promise<(ApiKeySummary & { stores: { id: string; name: string }[] | null })[]> {
  const keys = await db
    .select(summaryColumns)
    .from(apiKeys)
    .where(eq(apiKeys.orgId, orgId))
    .orderBy(sql`${apiKeys.revokedAt} is not null`, desc(apiKeys.createdAt), desc(apiKeys.id));
  const ids = [...new Set(keys.flatMap((k) => k.storeIds ?? []))];
  const named = ids.length
    ? await db.select({ id: stores.id, name: stores.name }).from(stores).where(and(eq(stores.orgId, orgId), inArray(stores.id, ids)))
    : [];
  const names = new Map(named.map((s) => [s.id, s.name]));
  return keys.map((k) => ({
    ...k,
    stores: k.storeIds ? k.storeIds.flatMap((id) => (names.has(id) ? [{ id, name: names.get(id)! }] : [])).sort((a, b) => a.name.localeCompare(b.name)) : null,
  }));
}

/** Refuses store ids that are not open stores of the organisation (a key must not name another tenant's store). */
async function assertOwnStores(orgId: string, storeIds: string[]): Promise<void> {
  if (storeIds.length === 0) return;
  const found = await db
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.orgId, orgId), isNull(stores.archivedAt), inArray(stores.id, storeIds)));
  if (found.length !== storeIds.length) {
    throw new AppError("invalid_input", "A chosen store does not exist in this organisation or is archived.", {
      errors: [{ path: "storeIds", message: "apiKeys.errors.storesUnknown" }],
    });
  }
}

/** Creates a key for the actor's organisation; the plain `secret` is returned here and never again. */
export async function createApiKey(
  actor: Actor,
  input: CreateApiKeyInput,
): Promise<{ key: ApiKeySummary; secret: string }> {
  assertCan(actor, "apikey:manage");
  const parsed = createApiKeySchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? "_form"), message: i.message }));
    throw new AppError("invalid_input", "The API key is not valid.", { errors });
  }
  const { name, role, storeIds } = parsed.data;
  await assertOwnStores(actor.orgId, storeIds ?? []);
  const secret = generateApiKey();
  const prefix = secret.slice(0, API_KEY_PREFIX_LENGTH);
  const key = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ orgId: actor.orgId, name, role, prefix, keyHash: hashApiKey(secret), createdBy: actor.userId, storeIds })
      .returning(summaryColumns);
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "apiKey.created",
      entityType: "api_key",
      entityId: row.id,
      after: { name, role, prefix, storeIds },
    });
    return row;
  });
  return { key, secret };
}

/** Revokes a key of the actor's organisation at once; `not_found` for another organisation's key. */
export async function revokeApiKey(actor: Actor, id: string): Promise<ApiKeySummary> {
  assertCan(actor, "apikey:manage");
  if (!UUID.test(id)) throw new AppError("not_found", "No such API key.");
  return db.transaction(async (tx) => {
    // Conditional update: two concurrent revokes cannot both succeed (and both audit).
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.orgId, actor.orgId), isNull(apiKeys.revokedAt)))
      .returning(summaryColumns);
    if (!row) {
      const [existing] = await tx
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(and(eq(apiKeys.id, id), eq(apiKeys.orgId, actor.orgId)));
      if (!existing) throw new AppError("not_found", "No such API key.");
      throw new AppError("invalid_state", "This API key is already revoked.");
    }
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "apiKey.revoked",
      entityType: "api_key",
      entityId: row.id,
      before: { name: row.name, role: row.role, prefix: row.prefix },
    });
    return row;
  });
}

/**
 * The actor of a live key (`userId` = the key's creator, `apiKeyId` = the key), or null for a malformed,
 * unknown or revoked key. `bearer` may be the raw key or a whole `Bearer …` header value.
 */
export async function authenticateApiKey(
  bearer: string | null | undefined,
  meta: { ip?: string | null; userAgent?: string | null } = {},
): Promise<Actor | null> {
  const key = bearer?.replace(/^Bearer\s+/i, "").trim();
  if (!key || !KEY_PATTERN.test(key)) return null;
  // Every API call runs this: a prepared statement (see preparedRows).
  const [row] = await preparedRows<{ id: string; org_id: string; role: Role; created_by: string; last_used_at: Date | string | null }>(
    sql`select id, org_id, role, created_by, last_used_at from api_keys where key_hash = ${hashApiKey(key)} and revoked_at is null`,
  );
  if (!row) return null;
  const lastUsed = row.last_used_at == null ? null : new Date(row.last_used_at);
  if (!lastUsed || Date.now() - lastUsed.getTime() >= LAST_USED_RESOLUTION_MS) await touchApiKey(row.id);
  return { orgId: row.org_id, role: row.role, userId: row.created_by, apiKeyId: row.id, ip: meta.ip ?? null, userAgent: meta.userAgent ?? null };
}

// The where clause repeats the one-minute test so concurrent requests write once at most.
async function touchApiKey(id: string) {
  try {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiKeys.id, id),
          sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`,
        ),
      );
  } catch (e) {
    // Losing a last-used stamp must not fail the request it belongs to.
    logError("[api-keys] could not record last use", { id }, e);
  }
}

import "server-only";
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { db, rows } from "@/db";
import { apiKeys, auditLogs, campaigns, codeGroups, influencers, memberships, stores, users } from "@/db/schema";
import { pageOffset } from "@/components/data-table/params";
import { addDays, startOfDayInZone } from "@/lib/time";
import { auditChanges, plainIp } from "./diff";
import type { AuditFilters, AuditListParams } from "./schemas";

/** The latest audit rows of the organisation with the acting user or API key named. */
export async function listAuditLogs(orgId: string, limit = 100) {
  return db
    .select({
      id: auditLogs.id,
      createdAt: auditLogs.createdAt,
      action: auditLogs.action,
      entityType: auditLogs.entityType,
      entityId: auditLogs.entityId,
      ip: auditLogs.ip,
      userName: users.name,
      userEmail: users.email,
      apiKeyName: apiKeys.name,
    })
    .from(auditLogs)
    .leftJoin(users, eq(users.id, auditLogs.actorUserId))
    // The key must belong to the same organisation as the row; a join on id alone would trust the row.
    .leftJoin(apiKeys, and(eq(apiKeys.id, auditLogs.actorApiKeyId), eq(apiKeys.orgId, orgId)))
    .where(eq(auditLogs.orgId, orgId))
    .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
    .limit(limit);
}

export type AuditRow = Awaited<ReturnType<typeof listAuditLogs>>[number];

/** Counting stops here: the audit log holds a row per claim and redemption, and nobody pages that far. */
export const AUDIT_COUNT_CAP = 10_000;

/** The WHERE of a filtered view: organisation, person, action, object type and id, local dates. */
function auditWhere(orgId: string, f: AuditFilters, timeZone: string): SQL {
  const c: SQL[] = [eq(auditLogs.orgId, orgId)];
  if (f.actor === "system") c.push(isNull(auditLogs.actorUserId), isNull(auditLogs.actorApiKeyId));
  else if (f.actor?.startsWith("user:")) c.push(eq(auditLogs.actorUserId, f.actor.slice(5)));
  else if (f.actor?.startsWith("key:")) c.push(eq(auditLogs.actorApiKeyId, f.actor.slice(4)));
  if (f.action) c.push(inArray(auditLogs.action, f.action.split(",")));
  if (f.entity) c.push(eq(auditLogs.entityType, f.entity));
  if (f.entityId) c.push(eq(auditLogs.entityId, f.entityId));
  if (f.from) c.push(gte(auditLogs.createdAt, startOfDayInZone(f.from, timeZone)));
  if (f.to) c.push(lt(auditLogs.createdAt, startOfDayInZone(addDays(f.to, 1), timeZone)));
  return and(...c)!;
}

const columns = {
  id: auditLogs.id,
  createdAt: auditLogs.createdAt,
  action: auditLogs.action,
  entityType: auditLogs.entityType,
  entityId: auditLogs.entityId,
  ip: auditLogs.ip,
  requestId: auditLogs.requestId,
  before: auditLogs.before,
  after: auditLogs.after,
  actorUserId: auditLogs.actorUserId,
  actorApiKeyId: auditLogs.actorApiKeyId,
  userName: users.name,
  userEmail: users.email,
  apiKeyName: apiKeys.name,
};

function select(orgId: string) {
  return db
    .select(columns)
    .from(auditLogs)
    .leftJoin(users, eq(users.id, auditLogs.actorUserId))
    .leftJoin(apiKeys, and(eq(apiKeys.id, auditLogs.actorApiKeyId), eq(apiKeys.orgId, orgId)));
}

type Raw = Awaited<ReturnType<ReturnType<typeof select>["where"]>>[number];

function actorOf(r: Raw) {
  if (r.actorApiKeyId) return { kind: "apiKey" as const, id: r.actorApiKeyId, name: r.apiKeyName ?? r.actorApiKeyId.slice(0, 8), email: null };
  if (r.actorUserId) return { kind: "user" as const, id: r.actorUserId, name: r.userName ?? r.actorUserId.slice(0, 8), email: r.userEmail };
  return { kind: "system" as const, id: null, name: null, email: null };
}

/**
 * A row as the viewer shows it: the actor resolved, the object's name, a plain IP, and the before →
 * after as a list of changes (with a time zone: money as ¥ and instants on the organisation's clock).
 */
function toViewRow(r: Raw, timeZone?: string, names?: Map<string, string>) {
  return {
    id: r.id,
    createdAt: r.createdAt,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    entityName: r.entityId ? (names?.get(`${r.entityType}:${r.entityId}`) ?? null) : null,
    ip: plainIp(r.ip),
    /** The HTTP request that made the change (X-Request-Id: the same id is on the server's log lines). */
    requestId: r.requestId,
    actor: actorOf(r),
    changes: auditChanges(r.before, r.after, timeZone),
  };
}

const NAMED = {
  campaign: { table: campaigns, name: campaigns.name, id: campaigns.id, org: campaigns.orgId },
  code_group: { table: codeGroups, name: codeGroups.name, id: codeGroups.id, org: codeGroups.orgId },
  store: { table: stores, name: stores.name, id: stores.id, org: stores.orgId },
  influencer: { table: influencers, name: influencers.displayName, id: influencers.id, org: influencers.orgId },
} as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The names of the campaigns, groups, stores and influencers a page of rows points at (one query per kind). */
async function objectNames(orgId: string, page: Raw[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    (Object.keys(NAMED) as (keyof typeof NAMED)[]).map(async (type) => {
      const ids = [...new Set(page.filter((r) => r.entityType === type && r.entityId && UUID.test(r.entityId)).map((r) => r.entityId!))];
      if (ids.length === 0) return;
      const n = NAMED[type];
      const found = await db.select({ id: n.id, name: n.name }).from(n.table).where(and(eq(n.org, orgId), inArray(n.id, ids)));
      for (const f of found) names.set(`${type}:${f.id}`, f.name);
    }),
  );
  return names;
}

export type AuditViewRow = ReturnType<typeof toViewRow>;

/** One page of the filtered audit log, newest first (or oldest), with a total counted up to AUDIT_COUNT_CAP. */
export async function listAuditTable(orgId: string, params: AuditListParams, timeZone: string) {
  const where = auditWhere(orgId, params, timeZone);
  const order = params.dir === "asc" ? [asc(auditLogs.createdAt), asc(auditLogs.id)] : [desc(auditLogs.createdAt), desc(auditLogs.id)];
  const [page, [{ n }]] = await Promise.all([
    select(orgId)
      .where(where)
      .orderBy(...order)
      .limit(params.pageSize)
      .offset(pageOffset(params)),
    rows<{ n: number | string }>(db, sql`select count(*)::int as n from (select 1 from ${auditLogs} where ${where} limit ${AUDIT_COUNT_CAP + 1}) x`),
  ]);
  const total = Number(n);
  const names = await objectNames(orgId, page);
  return { rows: page.map((r) => toViewRow(r, timeZone, names)), total: Math.min(total, AUDIT_COUNT_CAP), capped: total > AUDIT_COUNT_CAP };
}

/** Every row of a filtered view, newest first, in batches (keyset on created_at, id) for the CSV export. */
export async function* iterateAuditRows(orgId: string, filters: AuditFilters, timeZone: string, batchSize = 1000) {
  const where = auditWhere(orgId, filters, timeZone);
  let cursor: { at: Date; id: string } | null = null;
  for (;;) {
    const after: SQL | undefined = cursor
      ? or(lt(auditLogs.createdAt, cursor.at), and(eq(auditLogs.createdAt, cursor.at), lt(auditLogs.id, cursor.id)))
      : undefined;
    const batch: Raw[] = await select(orgId)
      .where(and(where, after))
      .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
      .limit(batchSize);
    if (batch.length === 0) return;
    yield batch.map((r) => ({ ...toViewRow(r), before: r.before, after: r.after }));
    if (batch.length < batchSize) return;
    const last = batch[batch.length - 1];
    cursor = { at: last.createdAt, id: last.id };
  }
}

/** Who can appear as an actor: the organisation's members, its API keys (revoked ones too), and the system. */
export async function auditPeople(orgId: string) {
  const [people, keys] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.orgId, orgId))
      .orderBy(asc(users.name)),
    db.select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix }).from(apiKeys).where(eq(apiKeys.orgId, orgId)).orderBy(asc(apiKeys.name)),
  ]);
  return { people, keys };
}

import "server-only";
import { and, asc, count, desc, eq, ilike, inArray, lt, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { auditLogs, campaignBudgetDays, campaigns, campaignStores, codeGroups, notifications, organizations, users } from "@/db/schema";
import { BUDGET_NOTICE_KIND, budgetNoticeOf, type BudgetNotice } from "@/components/campaigns/budget-notice";
import { dateInZone } from "@/lib/time";
import type { CampaignStatus } from "./lifecycle";

export type CampaignListFilter = {
  status?: CampaignStatus;
  q?: string;
  /** Keyset cursor: the last row's createdAt and id. */
  after?: { createdAt: Date; id: string };
  limit?: number;
};

/** Newest first; keyset-paged by (createdAt, id). */
export async function listCampaigns(orgId: string, f: CampaignListFilter = {}) {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const rows = await db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.orgId, orgId),
        f.status ? eq(campaigns.status, f.status) : undefined,
        f.q ? ilike(campaigns.name, `%${f.q.replace(/[%_\\]/g, "\\$&")}%`) : undefined,
        f.after
          ? or(
              lt(campaigns.createdAt, f.after.createdAt),
              and(eq(campaigns.createdAt, f.after.createdAt), lt(campaigns.id, f.after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/** One campaign of the organisation with its allowed store ids, or null. */
export async function getCampaign(orgId: string, id: string) {
  const [row] = await db.select().from(campaigns).where(and(eq(campaigns.id, id), eq(campaigns.orgId, orgId)));
  if (!row) return null;
  const storeRows = await db
    .select({ storeId: campaignStores.storeId })
    .from(campaignStores)
    .where(and(eq(campaignStores.orgId, orgId), eq(campaignStores.campaignId, id)));
  return { ...row, storeIds: storeRows.map((s) => s.storeId) };
}

/** The campaign's history from the audit log: who did what, when, with comments. */
export async function campaignTimeline(orgId: string, id: string) {
  return db
    .select({
      id: auditLogs.id,
      action: auditLogs.action,
      at: auditLogs.createdAt,
      actorName: users.name,
      before: auditLogs.before,
      after: auditLogs.after,
    })
    .from(auditLogs)
    .leftJoin(users, eq(users.id, auditLogs.actorUserId))
    .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.entityType, "campaign"), eq(auditLogs.entityId, id)))
    // Rows written in one transaction share a timestamp (now() is per transaction): keep them in lifecycle order.
    .orderBy(
      asc(auditLogs.createdAt),
      sql`case when ${auditLogs.action} like '%created' then 0 when ${auditLogs.action} like '%submit%' then 1 else 2 end`,
    );
}

/** Campaigns waiting for a decision, oldest submission first. */
export async function listPendingReviews(orgId: string) {
  return db
    .select({ campaign: campaigns, submitterName: users.name })
    .from(campaigns)
    .leftJoin(users, eq(users.id, campaigns.submittedBy))
    .where(and(eq(campaigns.orgId, orgId), eq(campaigns.status, "in_review")))
    .orderBy(asc(campaigns.submittedAt));
}

/** Code groups per campaign, for list pages. */
export async function groupCounts(orgId: string) {
  const rows = await db
    .select({ campaignId: codeGroups.campaignId, groups: sql<number>`count(*)::int`, codes: sql<number>`coalesce(sum(${codeGroups.quantity}), 0)::int` })
    .from(codeGroups)
    .where(eq(codeGroups.orgId, orgId))
    .groupBy(codeGroups.campaignId);
  return new Map(rows.map((r) => [r.campaignId, r]));
}

/** The brand a consumer sees on a coupon: the organisation's name and colour (for the console's live preview). */
export async function getCouponBrand(orgId: string) {
  const [row] = await db
    .select({ name: organizations.name, color: organizations.brandColor })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  return row ?? null;
}

/** The allowed store ids of several campaigns at once (a campaign without rows allows every store). */
export async function campaignStoreIds(orgId: string, campaignIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(campaignIds.map((id) => [id, []]));
  if (campaignIds.length === 0) return out;
  const rows = await db
    .select({ campaignId: campaignStores.campaignId, storeId: campaignStores.storeId })
    .from(campaignStores)
    .where(and(eq(campaignStores.orgId, orgId), inArray(campaignStores.campaignId, campaignIds)));
  for (const r of rows) out.get(r.campaignId)?.push(r.storeId);
  return out;
}

/**
 * What the campaign has spent of its daily budget today, the organisation's local day (the row
 * apply_redemption keeps per campaign and day); 0 before the day's first redemption.
 */
export async function budgetSpentToday(orgId: string, campaignId: string, timeZone: string, now = new Date()): Promise<number> {
  const [row] = await db
    .select({ spent: campaignBudgetDays.spent })
    .from(campaignBudgetDays)
    .innerJoin(campaigns, eq(campaigns.id, campaignBudgetDays.campaignId))
    .where(and(eq(campaigns.orgId, orgId), eq(campaignBudgetDays.campaignId, campaignId), eq(campaignBudgetDays.day, dateInZone(now, timeZone))));
  return row?.spent ?? 0;
}

/** How many "budget reached" notifications the user has not read in this organisation (part of the bell's badge). */
export async function unreadBudgetNoticeCount(orgId: string, userId: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.orgId, orgId), eq(notifications.userId, userId), eq(notifications.read, false), eq(notifications.kind, BUDGET_NOTICE_KIND)));
  return Number(r?.n ?? 0);
}

/** The user's latest "budget reached" notifications (written by apply_redemption), newest first. */
export async function listBudgetNotices(orgId: string, userId: string, limit = 20): Promise<(BudgetNotice & { id: string; read: boolean; at: Date })[]> {
  const rows = await db
    .select({ id: notifications.id, payload: notifications.payload, read: notifications.read, at: notifications.createdAt })
    .from(notifications)
    .where(and(eq(notifications.orgId, orgId), eq(notifications.userId, userId), eq(notifications.kind, BUDGET_NOTICE_KIND)))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
  return rows.flatMap((r) => {
    const notice = budgetNoticeOf(r.payload);
    return notice ? [{ ...notice, id: r.id, read: r.read, at: r.at }] : [];
  });
}

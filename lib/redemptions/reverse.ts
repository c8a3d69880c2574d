import "server-only";
import { sql } from "drizzle-orm";
import { db, rows } from "@/db";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/log";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { emitEvent, wakeWebhookWorker } from "@/lib/webhooks/outbox";
import { mayReverse, reversalWindowMinutes } from "./rules";

export type ReversalResult = { id: string; redemptionId: string; reversedAt: string; codeStatus: string; balance: number | null };

type Target = {
  id: string;
  code_id: string | number;
  code: string;
  store_id: string;
  group_id: string;
  campaign_id: string;
  discount: number;
  created_at: Date | string;
  reversed_at: Date | string | null;
  type: string;
  mode: string;
  settings: Record<string, unknown> | null;
  time_zone: string;
  clerk_ok: boolean;
};

/**
 * Undoes a redemption: the code is usable again (a single-use code goes back to claimed, or available
 * if nobody claimed it; a stored-value card is credited back; a shared code's use is returned).
 * Clerks may reverse at their stores within the owner's window; reviewers and owners at any time.
 * All in one transaction with its audit row and `redemption.reversed` event (invariant 3).
 */
export async function reverseRedemption(actor: Actor, redemptionId: string, reason: string, now = new Date()): Promise<ReversalResult> {
  assertCan(actor, "redemption:reverse");
  const clerkUser = actor.role === "clerk" && !actor.apiKeyId ? actor.userId : null;
  const clerkKey = actor.role === "clerk" && actor.apiKeyId ? actor.apiKeyId : null;
  try {
    const result = await db.transaction(async (tx) => {
      const [r] = await rows<Target>(
        tx,
        sql`select r.id, r.code_id, co.code, r.store_id, r.group_id, r.campaign_id, r.discount, r.created_at, r.reversed_at,
              c.type, g.mode, o.settings, o.time_zone,
              case
                when ${clerkUser}::uuid is not null then exists (select 1 from store_clerks sc where sc.store_id = r.store_id and sc.user_id = ${clerkUser}::uuid)
                when ${clerkKey}::uuid is not null then coalesce((select r.store_id = any (k.store_ids) from api_keys k where k.id = ${clerkKey}::uuid), false)
                else true
              end as clerk_ok
            from redemptions r
            join codes co on co.id = r.code_id
            join code_groups g on g.id = r.group_id
            join campaigns c on c.id = r.campaign_id
            join organizations o on o.id = r.org_id
            where r.id = ${redemptionId}::uuid and r.org_id = ${actor.orgId}::uuid
            for update of r`,
      );
      if (!r) throw new AppError("not_found", "There is no such redemption in this organisation.");
      if (r.reversed_at) {
        throw new AppError("invalid_state", `This redemption was already reversed at ${formatDateTime(new Date(r.reversed_at), r.time_zone)}.`);
      }
      if (!r.clerk_ok) throw new AppError("forbidden", "You can reverse redemptions only at your own stores.");
      const window = reversalWindowMinutes(r.settings);
      if (!mayReverse({ reverseAny: can(actor.role, "redemption:reverse_any"), redeemedAt: new Date(r.created_at), now, windowMinutes: window })) {
        throw new AppError("forbidden", `Clerks can reverse a redemption within ${window} minutes; ask a reviewer or the owner.`);
      }

      const [rev] = await rows<{ id: string }>(
        tx,
        sql`insert into reversals (org_id, redemption_id, reason, by_user_id, by_api_key_id, created_at)
            values (${actor.orgId}::uuid, ${r.id}::uuid, ${reason}, ${actor.apiKeyId ? null : actor.userId}::uuid, ${actor.apiKeyId}::uuid, ${now.toISOString()}::timestamptz)
            returning id`,
      );
      await tx.execute(sql`update redemptions set reversed_at = ${now.toISOString()}::timestamptz where id = ${r.id}::uuid`);

      let restored: { status: string; balance: number | null };
      if (r.type === "stored_value") {
        [restored] = await rows<{ status: string; balance: number | null }>(
          tx,
          sql`update codes set balance = balance + ${r.discount}::int,
                status = case when status = 'redeemed' then (case when consumer_id is null then 'available' else 'claimed' end)::code_status else status end
              where id = ${r.code_id}::bigint returning status, balance`,
        );
        await tx.execute(
          sql`insert into ledger_entries (org_id, code_id, redemption_id, kind, amount, created_at)
              values (${actor.orgId}::uuid, ${r.code_id}::bigint, ${r.id}::uuid, 'refund', ${r.discount}::int, ${now.toISOString()}::timestamptz)`,
        );
      } else if (r.mode === "shared") {
        await tx.execute(sql`update code_groups set redeemed_count = redeemed_count - 1 where id = ${r.group_id}::uuid`);
        restored = { status: "claimed", balance: null };
      } else {
        [restored] = await rows<{ status: string; balance: number | null }>(
          tx,
          sql`update codes set status = (case when consumer_id is null then 'available' else 'claimed' end)::code_status, redeemed_at = null
              where id = ${r.code_id}::bigint returning status, balance`,
        );
      }

      const after = { redemptionId: r.id, code: r.code, reason, codeStatus: restored.status, balance: restored.balance };
      await writeAudit(tx, { ...auditActor(actor), action: "redemption.reversed", entityType: "redemption", entityId: r.id, after });
      await emitEvent(tx, {
        orgId: actor.orgId,
        type: "redemption.reversed",
        subject: `code:${r.code_id}`,
        data: { ...after, reversalId: rev.id, storeId: r.store_id, campaignId: r.campaign_id, groupId: r.group_id, discount: r.discount, reversedAt: now.toISOString() },
      });
      return { id: rev.id, redemptionId: r.id, reversedAt: now.toISOString(), codeStatus: restored.status, balance: restored.balance };
    });
    wakeWebhookWorker();
    return result;
  } catch (e) {
    if (isUniqueViolation(e, "reversals_redemptionId_unique")) throw new AppError("invalid_state", "This redemption was already reversed.");
    throw e;
  }
}

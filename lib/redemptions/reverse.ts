import "server-only";
import { sql } from "drizzle-orm";
import { db, rows, type Tx } from "@/db";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/log";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { emitEvent, wakeWebhookWorker } from "@/lib/webhooks/outbox";
import { mayReverse, reversalWindowMinutes } from "./rules";

/**
 * What a redemption did for its consumer, undone with it: the counters (and that local day's figures,
 * for segment windows) go back, and a follow-up coupon it granted is voided if still unused (a used one
 * stays: that order happened). Returns what became of the follow-up, for the audit row and event.
 */
async function undoConsumerEffects(tx: Tx, orgId: string, r: Target): Promise<{ code: string; voided: boolean } | null> {
  if (!r.consumer_id) return null;
  await tx.execute(sql`
    update consumers set redemption_count = greatest(redemption_count - 1, 0),
      order_total = order_total - ${r.order_amount}::int, discount_total = discount_total - ${r.discount}::int,
      last_redemption_at = case when redemption_count <= 1 then null else last_redemption_at end
    where id = ${r.consumer_id}::uuid`);
  await tx.execute(sql`
    update consumer_days set redemptions = redemptions - 1, order_total = order_total - ${r.order_amount}::int,
      discount_total = discount_total - ${r.discount}::int
    where consumer_id = ${r.consumer_id}::uuid and day = (${date(r.created_at).toISOString()}::timestamptz at time zone ${r.time_zone})::date`);
  const [f] = await rows<{ claim_id: string; code_id: string | number; code: string; status: string }>(
    tx,
    sql`select cl.id as claim_id, co.id as code_id, co.code, co.status from claims cl join codes co on co.id = cl.code_id
        where cl.follow_up_of = ${r.id}::uuid and cl.org_id = ${orgId}::uuid for update of co`,
  );
  if (!f) return null;
  if (f.status !== "claimed") return { code: f.code, voided: false };
  await tx.execute(sql`update codes set status = 'void' where id = ${f.code_id}::bigint`);
  await tx.execute(sql`delete from sms_queue where claim_id = ${f.claim_id}::uuid and sent_at is null`);
  return { code: f.code, voided: true };
}

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));

export type ReversalResult = {
  id: string;
  redemptionId: string;
  reversedAt: string;
  codeStatus: string;
  balance: number | null;
  /** With `wholeOrder`: every redemption of the order reversed now (this one included), in order. */
  reversals?: Omit<ReversalResult, "reversals">[];
};

type Target = {
  id: string;
  code_id: string | number;
  code: string;
  store_id: string;
  group_id: string;
  campaign_id: string;
  discount: number;
  order_amount: number;
  consumer_id: string | null;
  created_at: Date | string;
  reversed_at: Date | string | null;
  type: string;
  mode: string;
  settings: Record<string, unknown> | null;
  time_zone: string;
  clerk_ok: boolean;
  budgeted: boolean;
  order_id: string | null;
};

/**
 * Undoes a redemption: the code is usable again (a single-use code goes back to claimed, or available
 * if nobody claimed it; a stored-value card is credited back; a shared code's use is returned).
 * Clerks may reverse at their stores within the owner's window; reviewers and owners at any time.
 * All in one transaction with its audit row and `redemption.reversed` event (invariant 3).
 */
export async function reverseRedemption(
  actor: Actor,
  redemptionId: string,
  reason: string,
  now = new Date(),
  options: { wholeOrder?: boolean } = {},
): Promise<ReversalResult> {
  assertCan(actor, "redemption:reverse");
  try {
    const result = await db.transaction(async (tx) => {
      if (!options.wholeOrder) return reverseOne(tx, actor, redemptionId, reason, now);
      // Several codes on one order, reversed together: every one not reversed yet, in the order applied.
      const [self] = await rows<{ order_id: string | null }>(
        tx,
        sql`select order_id from redemptions where id = ${redemptionId}::uuid and org_id = ${actor.orgId}::uuid`,
      );
      if (!self) throw new AppError("not_found", "There is no such redemption in this organisation.");
      if (!self.order_id) return reverseOne(tx, actor, redemptionId, reason, now);
      const members = await rows<{ id: string }>(
        tx,
        sql`select id from redemptions where org_id = ${actor.orgId}::uuid and order_id = ${self.order_id}::uuid and reversed_at is null
            order by order_position`,
      );
      if (members.length === 0) throw new AppError("invalid_state", "Every redemption of this order was already reversed.");
      const done: ReversalResult[] = [];
      for (const m of members) done.push(await reverseOne(tx, actor, m.id, reason, now));
      const own = done.find((d) => d.redemptionId === redemptionId) ?? done[0];
      return { ...own, reversals: done };
    });
    wakeWebhookWorker();
    return result;
  } catch (e) {
    if (isUniqueViolation(e, "reversals_redemptionId_unique")) throw new AppError("invalid_state", "This redemption was already reversed.");
    throw e;
  }
}

async function reverseOne(tx: Tx, actor: Actor, redemptionId: string, reason: string, now: Date): Promise<ReversalResult> {
  const clerkUser = actor.role === "clerk" && !actor.apiKeyId ? actor.userId : null;
  const clerkKey = actor.role === "clerk" && actor.apiKeyId ? actor.apiKeyId : null;
  const [r] = await rows<Target>(
    tx,
    sql`select r.id, r.code_id, co.code, r.store_id, r.group_id, r.campaign_id, r.discount, r.order_amount, r.consumer_id, r.created_at, r.reversed_at,
          c.type, g.mode, o.settings, o.time_zone, r.order_id,
          (c.budget_total is not null or c.budget_daily is not null) as budgeted,
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

  // The discount goes back to the campaign's budget (and to the day it was spent on).
  if (r.budgeted && r.discount > 0 && r.type !== "stored_value") {
    await tx.execute(sql`update campaigns set budget_spent = greatest(budget_spent - ${r.discount}::int, 0) where id = ${r.campaign_id}::uuid`);
    await tx.execute(sql`
      update campaign_budget_days set spent = greatest(spent - ${r.discount}::int, 0)
      where campaign_id = ${r.campaign_id}::uuid and day = (${date(r.created_at).toISOString()}::timestamptz at time zone ${r.time_zone})::date`);
  }

  // The redemption.reversed event carries it too (`followUp`), so a CRM can withdraw the coupon.
  const followUp = await undoConsumerEffects(tx, actor.orgId, r);

  const after = { redemptionId: r.id, code: r.code, reason, codeStatus: restored.status, balance: restored.balance, ...(followUp ? { followUp } : {}) };
  await writeAudit(tx, { ...auditActor(actor), action: "redemption.reversed", entityType: "redemption", entityId: r.id, after });
  await emitEvent(tx, {
    orgId: actor.orgId,
    type: "redemption.reversed",
    subject: `code:${r.code_id}`,
    data: {
      ...after,
      reversalId: rev.id,
      storeId: r.store_id,
      campaignId: r.campaign_id,
      groupId: r.group_id,
      discount: r.discount,
      reversedAt: now.toISOString(),
      ...(r.order_id ? { orderId: r.order_id } : {}),
    },
  });
  return { id: rev.id, redemptionId: r.id, reversedAt: now.toISOString(), codeStatus: restored.status, balance: restored.balance };
}

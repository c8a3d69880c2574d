import "server-only";
import { sql } from "drizzle-orm";
import { db, rows } from "@/db";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { formatCode } from "@/lib/codes/rules";
import { AppError } from "@/lib/errors";
import { dateInZone, startOfDayInZone } from "@/lib/time";
import { listStores, listStoresOfClerk } from "@/lib/stores/queries";
import { mayReverse, reversalWindowMinutes } from "./rules";
import type { OfferInfo } from "./redeem";
import type { Tier } from "@/lib/campaigns/rules";

// What the redeem counter reads: the stores an actor may redeem at, and today's redemptions at one of them.

export type RedeemStore = { id: string; name: string; address: string };

/**
 * The stores an actor may pick at the counter: a clerk those they are assigned to, a clerk key the
 * key's stores, every other role (owner) all open stores of the organisation.
 */
export async function listRedeemStores(actor: Actor): Promise<RedeemStore[]> {
  assertCan(actor, "redemption:validate");
  if (actor.role === "clerk" && actor.apiKeyId) {
    return rows<RedeemStore>(
      db,
      sql`select s.id, s.name, s.address from stores s join api_keys k on s.id = any (k.store_ids)
          where k.id = ${actor.apiKeyId}::uuid and k.org_id = ${actor.orgId}::uuid and s.org_id = ${actor.orgId}::uuid and s.archived_at is null
          order by s.name`,
    );
  }
  if (actor.role === "clerk") return actor.userId ? listStoresOfClerk(actor.orgId, actor.userId) : [];
  return (await listStores(actor.orgId)).map(({ id, name, address }) => ({ id, name, address }));
}

/** The code a consumer's claim holds (a code page's QR or URL scanned at the counter), or null. */
export async function codeOfClaim(orgId: string, claimId: string): Promise<string | null> {
  const [r] = await rows<{ code: string }>(
    db,
    sql`select co.code from claims cl join codes co on co.id = cl.code_id
        where cl.id = ${claimId}::uuid and cl.org_id = ${orgId}::uuid`,
  );
  return r?.code ?? null;
}

/** The organisation's reversal window (minutes) and time zone. */
export async function counterSettings(orgId: string): Promise<{ timeZone: string; windowMinutes: number }> {
  const [r] = await rows<{ time_zone: string; settings: Record<string, unknown> | null }>(
    db,
    sql`select time_zone, settings from organizations where id = ${orgId}::uuid`,
  );
  if (!r) throw new AppError("not_found", "No such organisation.");
  return { timeZone: r.time_zone, windowMinutes: reversalWindowMinutes(r.settings) };
}

export type TodayRedemption = {
  id: string;
  redeemedAt: Date;
  /** The code as shown to people (grouped, with its prefix; a shared code as is). */
  code: string;
  offer: Omit<OfferInfo, "stackable" | "variant" | "productLimited" | "productScope"> & { initialBalance: number | null };
  orderAmount: number;
  discount: number;
  payable: number;
  /** Stored value: what was left on the card after this order. */
  balanceAfter: number | null;
  /** Who redeemed it: a person's name, or an API key's name (a till). */
  by: { kind: "user" | "api_key"; name: string | null };
  reversal: { at: Date; reason: string; by: string | null } | null;
  /** Whether this actor may reverse it now (clerks: at their store, within the window; reviewers, owners: always). */
  mayReverse: boolean;
  /** For a clerk: until when they may reverse it (null when they always may, or may not at all). */
  reversibleUntil: Date | null;
  /** Several codes on one order: the order's id and this code's place in it (1 carries the order amount). */
  order: { id: string; position: number } | null;
  /** A/B test: the variant the code was claimed with (its offer is the one shown). */
  variant: string | null;
};

type Row = {
  id: string;
  created_at: Date | string;
  order_amount: number;
  discount: number;
  balance_after: number | null;
  reversed_at: Date | string | null;
  code: string;
  prefix: string;
  mode: "unique" | "shared";
  campaign_id: string;
  campaign_name: string;
  type: OfferInfo["type"];
  value: number | null;
  min_spend: number;
  percent_off: number | null;
  max_discount: number | null;
  gift_name: string | null;
  tiers: Tier[] | null;
  initial_balance: number | null;
  api_key_id: string | null;
  clerk_name: string | null;
  key_name: string | null;
  reason: string | null;
  reversed_by: string | null;
  order_id: string | null;
  order_position: number | null;
  variant_label: string | null;
};

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/** Whether the actor may use this store at the counter; `not_found` for a store of another organisation. */
async function assertCounterStore(actor: Actor, storeId: string): Promise<void> {
  const clerkUser = actor.role === "clerk" && !actor.apiKeyId ? actor.userId : null;
  const clerkKey = actor.role === "clerk" && actor.apiKeyId ? actor.apiKeyId : null;
  const [r] = await rows<{ mine: boolean }>(
    db,
    sql`select case
          when ${clerkUser}::uuid is not null then exists (select 1 from store_clerks sc where sc.store_id = s.id and sc.user_id = ${clerkUser}::uuid and sc.org_id = s.org_id)
          when ${clerkKey}::uuid is not null then coalesce((select s.id = any (k.store_ids) from api_keys k where k.id = ${clerkKey}::uuid), false)
          else true
        end as mine
        from stores s where s.id = ${storeId}::uuid and s.org_id = ${actor.orgId}::uuid and s.archived_at is null`,
  );
  if (!r) throw new AppError("not_found", "There is no such store in this organisation.");
  if (!r.mine) throw new AppError("forbidden", "You are not assigned to this store.");
}

/**
 * Today's redemptions at one store, newest first: "today" is the organisation's local calendar day of
 * `now`. Each says whether this actor may reverse it now.
 */
export async function listTodayRedemptions(
  actor: Actor,
  storeId: string,
  now = new Date(),
): Promise<{ items: TodayRedemption[]; timeZone: string; windowMinutes: number }> {
  assertCan(actor, "redemption:validate");
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(storeId)) throw new AppError("not_found", "There is no such store in this organisation.");
  const [{ timeZone, windowMinutes }] = await Promise.all([counterSettings(actor.orgId), assertCounterStore(actor, storeId)]);
  const today = dateInZone(now, timeZone);
  const from = startOfDayInZone(today, timeZone);
  // A local day lasts 23 to 25 hours: 36 hours after its start is always inside the next one.
  const to = startOfDayInZone(dateInZone(new Date(from.getTime() + 36 * 3_600_000), timeZone), timeZone);
  const list = await rows<Row>(
    db,
    sql`select r.id, r.created_at, r.order_amount, r.discount, r.balance_after, r.reversed_at, r.api_key_id, r.order_id, r.order_position,
          co.code, g.prefix, g.mode, c.id as campaign_id, c.name as campaign_name, c.type,
          coalesce(gv.value, c.value) as value, coalesce(gv.min_spend, c.min_spend) as min_spend,
          coalesce(gv.percent_off, c.percent_off) as percent_off, coalesce(gv.max_discount, c.max_discount) as max_discount,
          c.gift_name, c.initial_balance, coalesce(gv.tiers, c.tiers) as tiers, gv.label as variant_label,
          u.name as clerk_name, k.name as key_name, rv.reason, coalesce(ru.name, rk.name) as reversed_by
        from redemptions r
        join codes co on co.id = r.code_id
        join code_groups g on g.id = r.group_id
        join campaigns c on c.id = r.campaign_id
        left join group_variants gv on gv.id = r.variant_id
        left join users u on u.id = r.clerk_user_id
        left join api_keys k on k.id = r.api_key_id
        left join reversals rv on rv.redemption_id = r.id
        left join users ru on ru.id = rv.by_user_id
        left join api_keys rk on rk.id = rv.by_api_key_id
        where r.org_id = ${actor.orgId}::uuid and r.store_id = ${storeId}::uuid
          and r.created_at >= ${from.toISOString()}::timestamptz and r.created_at < ${to.toISOString()}::timestamptz
        order by r.created_at desc, r.order_id nulls first, r.order_position, r.id desc
        limit 500`,
  );
  const reverseAny = can(actor.role, "redemption:reverse_any");
  const reverse = can(actor.role, "redemption:reverse");
  const items = list.map((r): TodayRedemption => {
    const redeemedAt = date(r.created_at);
    const reversed = r.reversed_at != null;
    return {
      id: r.id,
      redeemedAt,
      code: r.mode === "shared" ? r.code : formatCode(r.code, r.prefix),
      offer: {
        id: r.campaign_id,
        name: r.campaign_name,
        type: r.type,
        value: r.value,
        minSpend: r.min_spend,
        percentOff: r.percent_off,
        maxDiscount: r.max_discount,
        giftName: r.gift_name,
        initialBalance: r.initial_balance,
        tiers: r.tiers,
      },
      orderAmount: r.order_amount,
      discount: r.discount,
      payable: r.order_amount - r.discount,
      balanceAfter: r.balance_after,
      by: r.api_key_id ? { kind: "api_key", name: r.key_name } : { kind: "user", name: r.clerk_name },
      reversal: reversed ? { at: date(r.reversed_at!), reason: r.reason ?? "", by: r.reversed_by } : null,
      mayReverse: !reversed && reverse && mayReverse({ reverseAny, redeemedAt, now, windowMinutes }),
      reversibleUntil: !reversed && reverse && !reverseAny ? new Date(redeemedAt.getTime() + windowMinutes * 60_000) : null,
      order: r.order_id ? { id: r.order_id, position: Number(r.order_position) } : null,
      variant: r.variant_label,
    };
  });
  return { items, timeZone, windowMinutes };
}

import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { db, preparedRows, rows } from "@/db";
import { stampRequest } from "@/db/request-stamp";
import { metrics } from "@/lib/ops/metrics";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { maskPhone } from "@/lib/claims/phone";
import { formatCode, normalizeCode } from "@/lib/codes/rules";
import { AppError, raisedCode, type ErrorCode } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { yuan } from "@/lib/campaigns/rules";
import { wakeWebhookWorker } from "@/lib/webhooks/outbox";
import { decideRedemption, expiryOf, type CodeSnapshot, type RefusalCode, type RefusalFacts } from "./rules";
import type { RedemptionInput } from "./schemas";

// Validate and redeem: one lookup query reads the code with its group, campaign, store rules and (for
// a retried request) the redemption its key already made; the rules in ./rules.ts decide; the database
// function apply_redemption (drizzle/0005_…) writes everything in one statement.

type LookupRow = {
  id: string | number;
  code: string;
  status: CodeSnapshot["code"]["status"];
  expires_at: Date | string | null;
  balance: number | null;
  claimed_at: Date | string | null;
  phone: string | null;
  group_id: string;
  mode: "unique" | "shared";
  group_status: CodeSnapshot["group"]["status"];
  claimed_count: number;
  redeemed_count: number;
  prefix: string;
  influencer_name: string | null;
  campaign_id: string;
  name: string;
  type: CodeSnapshot["campaign"]["type"];
  value: number | null;
  min_spend: number;
  percent_off: number | null;
  max_discount: number | null;
  gift_name: string | null;
  initial_balance: number | null;
  campaign_status: CodeSnapshot["campaign"]["status"];
  valid_from: Date | string;
  valid_until: Date | string;
  usable_hours: CodeSnapshot["campaign"]["usableHours"];
  stackable: boolean;
  store_allowed: boolean;
  last_at: Date | string | null;
  last_store: string | null;
};

type ReplayRow = {
  id: string;
  request_hash: string | null;
  discount: number;
  balance_after: number | null;
  created_at: Date | string;
  code: string;
  follow_up_code: string | null;
  follow_up_campaign: string | null;
};

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const dateOrNull = (v: Date | string | null) => (v == null ? null : date(v));

/**
 * Everything a validation or redemption reads, in ONE statement: whether the store exists and the actor
 * may use it (clerks: their stores; clerk keys: the key's stores; other roles: every store of the
 * organisation), the organisation's time zone, the code with its group and campaign (null columns when
 * there is no such code), and the redemption a retried request's key already made.
 */
function lookupQuery(actor: Actor, code: string, storeId: string, idempotencyKey: string | null) {
  const clerkUser = actor.role === "clerk" && !actor.apiKeyId ? actor.userId : null;
  const clerkKey = actor.role === "clerk" && actor.apiKeyId ? actor.apiKeyId : null;
  return sql`select st.*, l.*, rp.replay
    from (select
      exists (select 1 from stores s where s.id = ${storeId}::uuid and s.org_id = ${actor.orgId}::uuid and s.archived_at is null) as store_exists,
      case
        when ${clerkUser}::uuid is not null then exists (select 1 from store_clerks sc where sc.store_id = ${storeId}::uuid and sc.user_id = ${clerkUser}::uuid and sc.org_id = ${actor.orgId}::uuid)
        when ${clerkKey}::uuid is not null then coalesce((select ${storeId}::uuid = any (k.store_ids) from api_keys k where k.id = ${clerkKey}::uuid), false)
        else true
      end as store_mine,
      (select o.time_zone from organizations o where o.id = ${actor.orgId}::uuid) as time_zone) st
    left join lateral (
      select co.id, co.code, co.status, co.expires_at, co.balance, co.claimed_at, k.phone,
        g.id as group_id, g.mode, g.status as group_status, g.claimed_count, g.redeemed_count, g.prefix,
        i.display_name as influencer_name,
        c.id as campaign_id, c.name, c.type, c.value, c.min_spend, c.percent_off, c.max_discount, c.gift_name,
        c.initial_balance, c.status as campaign_status, c.valid_from, c.valid_until, c.usable_hours, c.stackable,
        (c.all_stores or exists (select 1 from campaign_stores cs where cs.campaign_id = c.id and cs.store_id = ${storeId}::uuid)) as store_allowed,
        lr.created_at as last_at, ls.name as last_store
      from codes co
      join code_groups g on g.id = co.group_id
      join campaigns c on c.id = g.campaign_id
      left join consumers k on k.id = co.consumer_id
      left join influencers i on i.id = g.influencer_id
      left join lateral (
        select r.created_at, r.store_id from redemptions r
        where r.code_id = co.id and r.reversed_at is null and co.status = 'redeemed'
        order by r.created_at desc limit 1
      ) lr on true
      left join stores ls on ls.id = lr.store_id
      where co.org_id = ${actor.orgId}::uuid and co.code = ${code}
    ) l on true
    left join lateral (${replayQuery(actor.orgId, idempotencyKey)}) rp on true`;
}

/** The redemption an idempotency key already made, as one JSON column `replay` (no row without a key). */
function replayQuery(orgId: string, key: string | null) {
  return sql`select json_build_object('id', r.id, 'request_hash', r.request_hash, 'discount', r.discount, 'balance_after', r.balance_after,
                                      'created_at', r.created_at, 'code', co.code, 'follow_up_code', fc.code, 'follow_up_campaign', fcp.name) as replay
    from redemptions r join codes co on co.id = r.code_id
    left join claims f on f.follow_up_of = r.id
    left join codes fc on fc.id = f.code_id
    left join campaigns fcp on fcp.id = f.campaign_id
    where ${key}::text is not null and r.org_id = ${orgId}::uuid and r.idempotency_key = ${key}`;
}

type Lookup = { store_exists: boolean; store_mine: boolean; time_zone: string; replay: ReplayRow | null } & (LookupRow | { [K in keyof LookupRow]: null });

/** Reads the lookup row and refuses an unknown store or one the actor may not use. */
async function lookup(actor: Actor, code: string, storeId: string, idempotencyKey: string | null) {
  const [r] = await preparedRows<Lookup>(lookupQuery(actor, code, storeId, idempotencyKey));
  if (!r.store_exists) throw new AppError("not_found", "There is no such store in this organisation.");
  if (!r.store_mine) throw new AppError("forbidden", "You are not assigned to this store (or this API key is not).");
  return { timeZone: r.time_zone, replay: r.replay, row: r.id == null ? null : (r as LookupRow) };
}

function snapshotOf(r: LookupRow): CodeSnapshot {
  return {
    code: {
      id: Number(r.id),
      code: r.code,
      status: r.status,
      expiresAt: dateOrNull(r.expires_at),
      balance: r.balance,
      claimedAt: dateOrNull(r.claimed_at),
    },
    group: { id: r.group_id, mode: r.mode, status: r.group_status, claimedCount: r.claimed_count, redeemedCount: r.redeemed_count },
    campaign: {
      id: r.campaign_id,
      name: r.name,
      type: r.type,
      value: r.value,
      minSpend: r.min_spend,
      percentOff: r.percent_off,
      maxDiscount: r.max_discount,
      giftName: r.gift_name,
      initialBalance: r.initial_balance,
      status: r.campaign_status,
      validFrom: date(r.valid_from),
      validUntil: date(r.valid_until),
      usableHours: r.usable_hours,
    },
    storeAllowed: r.store_allowed,
    lastRedemption: r.last_at ? { at: date(r.last_at), storeName: r.last_store ?? "" } : null,
  };
}

/** What the counter and the POS see about a code (also on refusal, so the clerk can tell the customer why). */
export type CodeInfo = {
  code: string;
  display: string;
  status: CodeSnapshot["code"]["status"];
  expiresAt: string;
  consumer: string | null;
  influencer: string | null;
  balance: number | null;
  /** A shared code (口令) has no per-code state: how many claimed it and how many uses were redeemed. */
  shared: { claimed: number; redeemed: number } | null;
};
export type OfferInfo = {
  id: string;
  name: string;
  type: CodeSnapshot["campaign"]["type"];
  value: number | null;
  minSpend: number;
  percentOff: number | null;
  maxDiscount: number | null;
  giftName: string | null;
  /** False: the clerk tells the customer it does not combine with other offers. */
  stackable: boolean;
};

function describe(r: LookupRow, s: CodeSnapshot, now: Date): { code: CodeInfo; campaign: OfferInfo } {
  const expiresAt = expiryOf(s);
  const live = s.code.status === "available" || s.code.status === "claimed";
  return {
    code: {
      code: s.code.code,
      display: formatCode(s.code.code, r.prefix, r.mode),
      status: live && now >= expiresAt ? "expired" : s.code.status,
      expiresAt: expiresAt.toISOString(),
      consumer: r.phone ? maskPhone(r.phone) : null,
      influencer: r.influencer_name,
      balance: s.campaign.type === "stored_value" ? (s.code.balance ?? s.campaign.initialBalance) : null,
      shared: r.mode === "shared" ? { claimed: Number(r.claimed_count), redeemed: Number(r.redeemed_count) } : null,
    },
    campaign: {
      id: s.campaign.id,
      name: s.campaign.name,
      type: s.campaign.type,
      value: s.campaign.value,
      minSpend: s.campaign.minSpend,
      percentOff: s.campaign.percentOff,
      maxDiscount: s.campaign.maxDiscount,
      giftName: s.campaign.giftName,
      stackable: r.stackable !== false,
    },
  };
}

/** The live stores a campaign limited to some stores can be used at, by name. */
async function allowedStoreNames(orgId: string, campaignId: string): Promise<string[]> {
  const found = await rows<{ name: string }>(
    db,
    sql`select s.name from campaign_stores cs join stores s on s.id = cs.store_id
        where cs.org_id = ${orgId}::uuid and cs.campaign_id = ${campaignId}::uuid and s.archived_at is null order by s.name`,
  );
  return found.map((r) => r.name);
}

/** A refusal in plain English for the API's `detail` (the console words them in the reader's language). */
export function refusalDetail(code: RefusalCode, facts: RefusalFacts, timeZone: string): string {
  switch (code) {
    case "not_found":
      return "There is no such code in this organisation. Check the characters and try again.";
    case "already_redeemed":
      return facts.at
        ? `This code was already redeemed at ${formatDateTime(facts.at, timeZone)}${facts.storeName ? ` at ${facts.storeName}` : ""}.`
        : "This code was already redeemed.";
    case "expired":
      return facts.expiresAt ? `This code expired at ${formatDateTime(facts.expiresAt, timeZone)}.` : "This code has expired.";
    case "ended":
      return "The campaign of this code has ended.";
    case "paused":
      return "The campaign of this code is paused for now; it cannot be redeemed until it resumes.";
    case "frozen":
      return "This code or its group is frozen. Ask the brand's marketing team.";
    case "not_started":
      return facts.validFrom ? `This code can be used from ${formatDateTime(facts.validFrom, timeZone)}.` : "This code cannot be used yet.";
    case "wrong_store":
      return facts.stores?.length ? `This offer is not valid at this store; it is valid at ${facts.stores.join(", ")}.` : "This offer is not valid at this store.";
    case "outside_hours":
      return "This offer cannot be used at this time of day or day of the week.";
    case "below_min_spend":
      return `The order is below the ¥${yuan(facts.minSpend ?? 0)} minimum of this offer.`;
    case "insufficient_balance":
      return "Nothing is left on this stored-value card.";
    case "limit_reached":
      return "Every claim of this shared code has been used.";
    case "invalid_state":
      return "This code has been voided and cannot be used.";
  }
}

export type Validation =
  | { valid: true; discount: number; payable: number; balanceAfter: number | null; campaign: OfferInfo; code: CodeInfo }
  | { valid: false; code: ErrorCode; detail: string; facts: RefusalFacts; campaign?: OfferInfo; codeInfo?: CodeInfo };

/** What a code is worth for this order at this store, or why it cannot be used. Writes nothing. */
export async function validateRedemption(actor: Actor, input: RedemptionInput, now = new Date()): Promise<Validation> {
  assertCan(actor, "redemption:validate");
  const { timeZone, row } = await lookup(actor, normalizeCode(input.code), input.storeId, null);
  if (!row) return { valid: false, code: "not_found", detail: refusalDetail("not_found", {}, timeZone), facts: {} };
  const s = snapshotOf(row);
  const decision = decideRedemption(s, input.orderAmount, now, timeZone);
  const info = describe(row, s, now);
  // Refused at this store: say where it can be used (read only then, not on every lookup).
  if (!decision.ok && decision.code === "wrong_store") decision.facts.stores = await allowedStoreNames(actor.orgId, s.campaign.id);
  if (!decision.ok) {
    return { valid: false, code: decision.code, detail: refusalDetail(decision.code, decision.facts, timeZone), facts: decision.facts, campaign: info.campaign, codeInfo: info.code };
  }
  return { valid: true, discount: decision.discount, payable: decision.payable, balanceAfter: decision.balanceAfter, campaign: info.campaign, code: info.code };
}

export type RedemptionResult = {
  id: string;
  code: string;
  discount: number;
  payable: number;
  redeemedAt: string;
  storeId: string;
  balance: number | null;
  /** The key had already been used with this body: this is the first request's answer, nothing new happened. */
  replay: boolean;
  /** The code's group (fresh redemptions only), for the anomaly rules that follow. */
  groupId?: string;
  /** 复购券: the code this redemption gave the consumer from the campaign's follow-up group, if any. */
  followUp: { code: string; campaignName: string } | null;
};

/** Identifies a request body for idempotency: a retry must carry the same code, store and amount. */
export function requestHash(input: RedemptionInput): string {
  return createHash("sha256")
    .update(JSON.stringify([normalizeCode(input.code), input.storeId.toLowerCase(), input.orderAmount]))
    .digest("base64url");
}

type Applied = { id: string; discount: number; balance_after: number | null; at: Date | string; follow_up_code: string | null; follow_up_campaign: string | null };

function answer(r: Applied, code: string, input: RedemptionInput, replay: boolean): RedemptionResult {
  return {
    id: r.id,
    code,
    discount: r.discount,
    payable: input.orderAmount - r.discount,
    redeemedAt: date(r.at).toISOString(),
    storeId: input.storeId,
    balance: r.balance_after,
    replay,
    followUp: r.follow_up_code ? { code: r.follow_up_code, campaignName: r.follow_up_campaign ?? "" } : null,
  };
}

/**
 * Redeems a code for an order at a store, once per idempotency key: a retry with the same key and body
 * gets the first answer, with a different body `idempotency_conflict`. Refusals throw AppError with the
 * stable code and a detail a clerk can read out.
 */
export async function redeemCode(actor: Actor, input: RedemptionInput, idempotencyKey: string, now = new Date()): Promise<RedemptionResult> {
  assertCan(actor, "redemption:create");
  const hash = requestHash(input);
  const code = normalizeCode(input.code);
  const { timeZone, row, replay } = await lookup(actor, code, input.storeId, idempotencyKey);
  if (replay) {
    metrics().redemptions.inc({ result: "replay" });
    return replayOf(replay, hash, input);
  }
  // A request with the same key may commit while this one runs (the advisory lock in apply_redemption
  // orders them); then the code looks redeemed. Before refusing, ask the key once more.
  const refuse = async (reason: ErrorCode, facts: RefusalFacts): Promise<RedemptionResult> => {
    const [late] = await rows<{ replay: ReplayRow }>(db, replayQuery(actor.orgId, idempotencyKey));
    if (late) return replayOf(late.replay, hash, input);
    metrics().redemptionRefusals.inc({ reason });
    throw new AppError(reason, refusalDetail(reason as RefusalCode, facts, timeZone));
  };
  if (!row) return refuse("not_found", {});
  const s = snapshotOf(row);
  const decision = decideRedemption(s, input.orderAmount, now, timeZone);
  if (!decision.ok) return refuse(decision.code, decision.facts);
  try {
    const [r] = await preparedRows<{
      redemption_id: string;
      discount: number;
      balance_after: number | null;
      redeemed_at: Date | string;
      is_replay: boolean;
      follow_up_code: string | null;
      follow_up_campaign: string | null;
    }>(
      sql`select r.* from ${stampRequest(now)} cross join lateral apply_redemption(${actor.orgId}::uuid, ${s.code.id}::bigint, ${input.storeId}::uuid,
            ${input.orderAmount}::int, ${decision.discount}::int, s.at, ${idempotencyKey}, ${hash}, ${actor.userId}::uuid,
            ${actor.apiKeyId}::uuid, ${actor.ip ?? null}, ${actor.userAgent ?? null}) r`,
    );
    const result = answer({ ...r, id: r.redemption_id, at: r.redeemed_at }, s.code.code, input, r.is_replay);
    metrics().redemptions.inc({ result: r.is_replay ? "replay" : "recorded" });
    if (r.is_replay) return result;
    wakeWebhookWorker(); // its code.redeemed event is committed: deliver now rather than at the next poll
    return { ...result, groupId: s.group.id };
  } catch (e) {
    const refused = raisedCode(e);
    if (!refused) throw e;
    if (refused === "idempotency_conflict") throw conflict();
    // Lost a race (another request redeemed, froze or paused first): read again to say exactly why.
    const again = (await lookup(actor, code, input.storeId, null)).row;
    const d = again ? decideRedemption(snapshotOf(again), input.orderAmount, now, timeZone) : null;
    return d && !d.ok ? refuse(d.code, d.facts) : refuse(refused, {});
  }
}

function conflict() {
  return new AppError("idempotency_conflict", "This Idempotency-Key was already used for a different request (another code, store or amount). Use a new key for a new redemption.");
}

function replayOf(prev: ReplayRow, hash: string, input: RedemptionInput): RedemptionResult {
  if (prev.request_hash !== hash) throw conflict();
  return answer({ ...prev, at: prev.created_at }, prev.code, input, true);
}

import "server-only";
import { createHash, randomUUID } from "node:crypto";
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
import { hasProductScope, nextTier, type ProductScope, type Tier } from "@/lib/campaigns/rules";
import { decideRedemption, expiryOf, planOrder, type CodeSnapshot, type PlannedLine, type RefusalCode, type RefusalFacts } from "./rules";
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
  tiers: Tier[] | null;
  product_scope: CodeSnapshot["campaign"]["productScope"];
  budget_left: number | null;
  variant_label: string | null;
  store_allowed: boolean;
  last_at: Date | string | null;
  last_store: string | null;
};

type ReplayRow = {
  id: string;
  order_id: string | null;
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
function lookupQuery(actor: Actor, codes: string[], storeId: string, idempotencyKey: string | null) {
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
        c.id as campaign_id, c.name, c.type, coalesce(v.value, c.value) as value, coalesce(v.min_spend, c.min_spend) as min_spend,
        coalesce(v.percent_off, c.percent_off) as percent_off, coalesce(v.max_discount, c.max_discount) as max_discount, c.gift_name,
        c.initial_balance, c.status as campaign_status, c.valid_from, c.valid_until, c.usable_hours, c.stackable,
        coalesce(v.tiers, c.tiers) as tiers, c.product_scope, v.label as variant_label,
        case when c.budget_total is null and c.budget_daily is null then null
          else least(coalesce(c.budget_total - c.budget_spent, 2147483647),
                     coalesce(c.budget_daily - coalesce((select bd.spent from campaign_budget_days bd
                        where bd.campaign_id = c.id and bd.day = (now() at time zone st.time_zone)::date), 0), 2147483647)) end as budget_left,
        (c.all_stores or exists (select 1 from campaign_stores cs where cs.campaign_id = c.id and cs.store_id = ${storeId}::uuid)) as store_allowed,
        lr.created_at as last_at, ls.name as last_store
      from codes co
      join code_groups g on g.id = co.group_id
      join campaigns c on c.id = g.campaign_id
      left join consumers k on k.id = co.consumer_id
      left join influencers i on i.id = g.influencer_id
      left join group_variants v on v.id = co.variant_id
      left join lateral (
        select r.created_at, r.store_id from redemptions r
        where r.code_id = co.id and r.reversed_at is null and co.status = 'redeemed'
        order by r.created_at desc limit 1
      ) lr on true
      left join stores ls on ls.id = lr.store_id
      where co.org_id = ${actor.orgId}::uuid and ${
        // Several codes as one array the index takes (`= any`): a set from jsonb made the prepared (generic)
        // plan scan every code of the organisation, 300 ms an order. Codes never contain commas.
        codes.length === 1 ? sql`co.code = ${codes[0]}` : sql`co.code = any (string_to_array(${codes.join(",")}::text, ','))`
      }
    ) l on true
    left join lateral (${replayQuery(actor.orgId, idempotencyKey)}) rp on true`;
}

/** The redemption an idempotency key already made, as one JSON column `replay` (no row without a key). */
function replayQuery(orgId: string, key: string | null) {
  return sql`select json_build_object('id', r.id, 'order_id', r.order_id, 'request_hash', r.request_hash, 'discount', r.discount, 'balance_after', r.balance_after,
                                      'created_at', r.created_at, 'code', co.code, 'follow_up_code', fc.code, 'follow_up_campaign', fcp.name) as replay
    from redemptions r join codes co on co.id = r.code_id
    left join claims f on f.follow_up_of = r.id
    left join codes fc on fc.id = f.code_id
    left join campaigns fcp on fcp.id = f.campaign_id
    where ${key}::text is not null and r.org_id = ${orgId}::uuid and r.idempotency_key = ${key}`;
}

type Lookup = { store_exists: boolean; store_mine: boolean; time_zone: string; replay: ReplayRow | null } & (LookupRow | { [K in keyof LookupRow]: null });

/** Reads the lookup rows (one per code given, null where there is no such code) and refuses an unknown store or one the actor may not use. */
async function lookup(actor: Actor, codes: string[], storeId: string, idempotencyKey: string | null) {
  const found = await preparedRows<Lookup>(lookupQuery(actor, codes, storeId, idempotencyKey));
  const r = found[0];
  if (!r.store_exists) throw new AppError("not_found", "There is no such store in this organisation.");
  if (!r.store_mine) throw new AppError("forbidden", "You are not assigned to this store (or this API key is not).");
  const byCode = new Map(found.filter((f) => f.id != null).map((f) => [f.code as string, f as LookupRow]));
  return { timeZone: r.time_zone, replay: r.replay, rows: codes.map((c) => byCode.get(c) ?? null) };
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
      tiers: r.tiers,
      productScope: r.product_scope,
      stackable: r.stackable !== false,
      budgetLeft: r.budget_left == null ? null : Number(r.budget_left),
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
  tiers: Tier[] | null;
  /** False: the clerk tells the customer it does not combine with other offers. */
  stackable: boolean;
  /** A/B test: the label of the variant the code was claimed with. */
  variant: string | null;
  /** The campaign counts only some products: without POS items the clerk types the eligible amount. */
  productLimited: boolean;
  /** Which products count (categories and SKUs included or excluded), when limited. */
  productScope: ProductScope | null;
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
      tiers: s.campaign.type === "tiered_off" ? (s.campaign.tiers ?? []) : null,
      stackable: r.stackable !== false,
      variant: r.variant_label,
      productLimited: hasProductScope(s.campaign.productScope),
      productScope: hasProductScope(s.campaign.productScope) ? s.campaign.productScope : null,
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
    case "budget_exhausted":
      return "This campaign's discount budget is used up (for today or in total); the code cannot be redeemed now.";
    case "not_stackable":
      return `${facts.codes?.length ? facts.codes.join(", ") : "A code of this order"} does not combine with other offers: redeem it on its own.`;
    case "not_applicable":
      return "No line of this order is eligible for this offer (it is limited to some categories or products).";
  }
}

/** One code of an order as validated: what it is, what its discount applies to, and what it takes off. */
export type LineValidation = {
  code: CodeInfo;
  campaign: OfferInfo;
  /** The amount this code's discount applies to: its eligible lines, less earlier codes' discounts. */
  base: number;
  discount: number;
  balanceAfter: number | null;
  /** tiered_off: what spending more would give ("再买 ¥38 可减 ¥30"). */
  nextTier: { spendMore: number; value: number; minSpend: number } | null;
};

export type Validation =
  | {
      valid: true;
      discount: number;
      payable: number;
      balanceAfter: number | null;
      campaign: OfferInfo;
      code: CodeInfo;
      nextTier: LineValidation["nextTier"];
      /** Every code of the order in the order applied (one for a single code). */
      lines: LineValidation[];
    }
  | { valid: false; code: ErrorCode; detail: string; facts: RefusalFacts; campaign?: OfferInfo; codeInfo?: CodeInfo; failedCode?: string };

/** The codes of a request, normalised, in the order given; the same code twice is refused. */
export function codesOf(input: RedemptionInput): string[] {
  const codes = (input.codes ?? (input.code != null ? [input.code] : [])).map(normalizeCode);
  if (codes.length === 0) throw new AppError("invalid_input", "Send the code (or codes) to redeem.", { errors: [{ path: "code", message: "redeem.errors.code" }] });
  const twice = codes.find((c, i) => codes.indexOf(c) !== i);
  if (twice) throw new AppError("invalid_input", `The code ${twice} is in the order twice.`, { errors: [{ path: "codes", message: "redeem.errors.codeTwice" }] });
  return codes;
}

function orderLinesOf(input: RedemptionInput) {
  const typed = input.eligibleAmounts ? Object.fromEntries(Object.entries(input.eligibleAmounts).map(([c, v]) => [normalizeCode(c), v])) : null;
  return { orderAmount: input.orderAmount, items: input.items ?? null, eligibleAmounts: typed };
}

function eligibleRequired(code: string): AppError {
  const message = "redeem.errors.eligibleRequired";
  return new AppError(
    "invalid_input",
    `The offer of ${code} is limited to some categories or products: send the order's items, or the eligible amount for this code (eligibleAmounts).`,
    { errors: [{ path: "eligibleAmounts", message }] },
  );
}

/** A refusal's detail; on an order of several codes it names the code refused. */
function detailFor(code: RefusalCode, facts: RefusalFacts, timeZone: string, which: string | null): string {
  const detail = refusalDetail(code, facts, timeZone);
  return which && code !== "not_stackable" ? `${which}: ${detail}` : detail;
}

type Priced = { timeZone: string; rows: LookupRow[]; lines: PlannedLine[]; discount: number; payable: number };
type Refused = { refused: RefusalCode; facts: RefusalFacts; index: number; timeZone: string; rows: (LookupRow | null)[] };

/** Looks the order's codes up and prices them, or says which code is refused and why. */
async function price(actor: Actor, input: RedemptionInput, codes: string[], now: Date, key: string | null) {
  const { timeZone, rows: found, replay } = await lookup(actor, codes, input.storeId, key);
  const missing = found.findIndex((r) => r == null);
  if (missing >= 0) return { replay, refusal: { refused: "not_found", facts: {}, index: missing, timeZone, rows: found } as Refused };
  const list = found as LookupRow[];
  const plan = planOrder(list.map(snapshotOf), orderLinesOf(input), now, timeZone);
  if (!plan.ok) {
    if (plan.code === "eligible_amount_required") throw eligibleRequired(codes[plan.index]);
    const facts = plan.facts;
    // Refused at this store: say where it can be used (read only then, not on every lookup).
    if (plan.code === "wrong_store") facts.stores = await allowedStoreNames(actor.orgId, list[plan.index].campaign_id);
    return { replay, refusal: { refused: plan.code, facts, index: plan.index, timeZone, rows: found } as Refused };
  }
  return { replay, priced: { timeZone, rows: list, lines: plan.lines, discount: plan.discount, payable: plan.payable } as Priced };
}

/** What the code (or codes) are worth for this order at this store, or why one cannot be used. Writes nothing. */
export async function validateRedemption(actor: Actor, input: RedemptionInput, now = new Date()): Promise<Validation> {
  assertCan(actor, "redemption:validate");
  const codes = codesOf(input);
  const { refusal, priced } = await price(actor, input, codes, now, null);
  const which = codes.length > 1 ? codes[refusal?.index ?? 0] : null;
  if (refusal) {
    const row = refusal.rows[refusal.index];
    const info = row ? describe(row, snapshotOf(row), now) : null;
    return {
      valid: false,
      code: refusal.refused,
      detail: detailFor(refusal.refused, refusal.facts, refusal.timeZone, which),
      facts: refusal.facts,
      ...(info ? { campaign: info.campaign, codeInfo: info.code } : {}),
      ...(codes.length > 1 ? { failedCode: codes[refusal.index] } : {}),
    };
  }
  const p = priced!;
  const lines: LineValidation[] = p.lines.map((l) => {
    const row = p.rows.find((r) => r.code === l.snapshot.code.code)!;
    const info = describe(row, l.snapshot, now);
    return { ...info, base: l.base, discount: l.discount, balanceAfter: l.balanceAfter, nextTier: nextTier(l.snapshot.campaign, l.base) };
  });
  const first = lines[0];
  return {
    valid: true,
    discount: p.discount,
    payable: p.payable,
    balanceAfter: lines.find((l) => l.balanceAfter != null)?.balanceAfter ?? null,
    campaign: first.campaign,
    code: first.code,
    nextTier: lines.length === 1 ? first.nextTier : null,
    lines,
  };
}

/** One redeemed code of an order. */
export type RedeemedLine = {
  id: string;
  code: string;
  discount: number;
  balance: number | null;
  groupId: string;
  followUp: { code: string; campaignName: string } | null;
};

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
  /** Several codes on one order: the order's id and each code's redemption (in the order applied). */
  orderId: string | null;
  lines: RedeemedLine[];
};

/**
 * Identifies a request body for idempotency: a retry must carry the same codes, store, amount and
 * lines. A single code without lines hashes as it always has, so keys from before stay valid.
 */
export function requestHash(input: RedemptionInput): string {
  const codes = codesOf(input);
  const plain = codes.length === 1 && !input.codes && !input.items && !input.eligibleAmounts;
  const body = plain
    ? [codes[0], input.storeId.toLowerCase(), input.orderAmount]
    : [codes, input.storeId.toLowerCase(), input.orderAmount, input.items ?? null, orderLinesOf(input).eligibleAmounts];
  return createHash("sha256").update(JSON.stringify(body)).digest("base64url");
}

type Applied = {
  ord: number;
  redemption_id: string;
  discount: number;
  balance_after: number | null;
  redeemed_at: Date | string;
  is_replay: boolean;
  follow_up_code: string | null;
  follow_up_campaign: string | null;
};

const followUpOf = (code: string | null, campaign: string | null) => (code ? { code, campaignName: campaign ?? "" } : null);

function resultOf(input: RedemptionInput, orderId: string | null, lines: RedeemedLine[], at: Date | string, replay: boolean): RedemptionResult {
  const first = lines[0];
  const discount = lines.reduce((sum, l) => sum + l.discount, 0);
  return {
    id: first.id,
    code: first.code,
    discount,
    payable: input.orderAmount - discount,
    redeemedAt: date(at).toISOString(),
    storeId: input.storeId,
    balance: lines.find((l) => l.balance != null)?.balance ?? null,
    replay,
    ...(replay ? {} : { groupId: first.groupId }),
    followUp: lines.find((l) => l.followUp)?.followUp ?? null,
    orderId,
    lines,
  };
}

/** PostgreSQL broke a lock cycle (two orders of several codes sharing campaigns): safe to run again. */
const isDeadlock = (e: unknown) => (e as { code?: string } | null)?.code === "40P01" || (e as { cause?: { code?: string } } | null)?.cause?.code === "40P01";

/**
 * Writes the planned order: one apply_redemption per code in ONE statement (so one commit: the order
 * is redeemed whole or not at all). A single code keeps the plain call. Several codes are applied in
 * code id order, so concurrent orders lock codes in one order; each keeps its position in the order,
 * the first carries the order amount and the idempotency key.
 */
async function apply(actor: Actor, input: RedemptionInput, lines: PlannedLine[], orderId: string | null, key: string, hash: string, now: Date) {
  const common = sql`${input.storeId}::uuid`;
  if (!orderId) {
    const l = lines[0];
    const appliedTo = l.base === input.orderAmount ? null : l.base;
    return preparedRows<Applied>(
      sql`select 1 as ord, r.* from ${stampRequest(now)} cross join lateral apply_redemption(${actor.orgId}::uuid, ${l.snapshot.code.id}::bigint, ${common},
            ${input.orderAmount}::int, ${l.discount}::int, s.at, ${key}, ${hash}, ${actor.userId}::uuid,
            ${actor.apiKeyId}::uuid, ${actor.ip ?? null}, ${actor.userAgent ?? null}, null::uuid, null::int, ${appliedTo}::int) r`,
    );
  }
  const planned = lines.map((l, i) => ({ id: l.snapshot.code.id, ord: i + 1, base: l.base, discount: l.discount })).sort((a, b) => a.id - b.id);
  const list = (pick: (p: (typeof planned)[number]) => number) => `{${planned.map(pick).join(",")}}`;
  const statement = sql`select x.ord::int as ord, r.* from ${stampRequest(now)}
    cross join lateral (select * from unnest(${list((p) => p.id)}::bigint[], ${list((p) => p.ord)}::int[], ${list((p) => p.base)}::int[], ${list((p) => p.discount)}::int[])
                        with ordinality u(code_id, ord, base, discount, n)) x
    cross join lateral apply_redemption(${actor.orgId}::uuid, x.code_id, ${common},
      case when x.ord = 1 then ${input.orderAmount}::int else 0 end, x.discount, s.at,
      case when x.ord = 1 then ${key}::text end, case when x.ord = 1 then ${hash}::text end, ${actor.userId}::uuid,
      ${actor.apiKeyId}::uuid, ${actor.ip ?? null}, ${actor.userAgent ?? null}, ${orderId}::uuid, x.ord, x.base) r
    order by x.n`;
  try {
    return await preparedRows<Applied>(statement);
  } catch (e) {
    if (!isDeadlock(e)) throw e;
    return preparedRows<Applied>(statement);
  }
}

/**
 * Redeems a code (or several on one order) for an order at a store, once per idempotency key: a retry
 * with the same key and body gets the first answer, with a different body `idempotency_conflict`.
 * Refusals throw AppError with the stable code and a detail a clerk can read out.
 */
export async function redeemCode(actor: Actor, input: RedemptionInput, idempotencyKey: string, now = new Date()): Promise<RedemptionResult> {
  assertCan(actor, "redemption:create");
  const hash = requestHash(input);
  const codes = codesOf(input);
  const { replay, refusal, priced } = await price(actor, input, codes, now, idempotencyKey);
  if (replay) {
    metrics().redemptions.inc({ result: "replay" });
    return replayOf(actor.orgId, replay, hash, input);
  }
  // A request with the same key may commit while this one runs (the advisory lock in apply_redemption
  // orders them); then the code looks redeemed. Before refusing, ask the key once more.
  const refuse = async (reason: ErrorCode, facts: RefusalFacts, index: number | null, timeZone: string): Promise<RedemptionResult> => {
    const [late] = await rows<{ replay: ReplayRow }>(db, replayQuery(actor.orgId, idempotencyKey));
    if (late) return replayOf(actor.orgId, late.replay, hash, input);
    metrics().redemptionRefusals.inc({ reason });
    const which = codes.length > 1 && index != null ? codes[index] : null;
    throw new AppError(reason, detailFor(reason as RefusalCode, facts, timeZone, which), { details: which ? { failedCode: which } : undefined });
  };
  if (refusal) return refuse(refusal.refused, refusal.facts, refusal.index, refusal.timeZone);
  const p = priced!;
  const orderId = codes.length > 1 ? randomUUID() : null;
  try {
    const applied = await apply(actor, input, p.lines, orderId, idempotencyKey, hash, now);
    const isReplay = applied[0].is_replay;
    metrics().redemptions.inc({ result: isReplay ? "replay" : "recorded" });
    if (isReplay) {
      const [prev] = await rows<{ replay: ReplayRow }>(db, replayQuery(actor.orgId, idempotencyKey));
      return replayOf(actor.orgId, prev.replay, hash, input);
    }
    const lines = applied
      .sort((a, b) => a.ord - b.ord)
      .map((a, i): RedeemedLine => ({
        id: a.redemption_id,
        code: p.lines[i].snapshot.code.code,
        discount: a.discount,
        balance: a.balance_after,
        groupId: p.lines[i].snapshot.group.id,
        followUp: followUpOf(a.follow_up_code, a.follow_up_campaign),
      }));
    wakeWebhookWorker(); // its code.redeemed events are committed: deliver now rather than at the next poll
    return resultOf(input, orderId, lines, applied[0].redeemed_at, false);
  } catch (e) {
    const refused = raisedCode(e);
    if (!refused) throw e;
    if (refused === "idempotency_conflict") throw conflict();
    // Lost a race (another request redeemed, froze, paused or spent the budget first): read again to say exactly why.
    const again = await price(actor, input, codes, now, null).catch(() => null);
    const r = again?.refusal;
    return r ? refuse(r.refused, r.facts, r.index, r.timeZone) : refuse(refused, {}, null, p.timeZone);
  }
}

function conflict() {
  return new AppError("idempotency_conflict", "This Idempotency-Key was already used for a different request (another code, store or amount). Use a new key for a new redemption.");
}

/** The first answer for a key: its redemption, or every redemption of its order. */
async function replayOf(orgId: string, prev: ReplayRow, hash: string, input: RedemptionInput): Promise<RedemptionResult> {
  if (prev.request_hash !== hash) throw conflict();
  const single: RedeemedLine = {
    id: prev.id,
    code: prev.code,
    discount: prev.discount,
    balance: prev.balance_after,
    groupId: "",
    followUp: followUpOf(prev.follow_up_code, prev.follow_up_campaign),
  };
  if (!prev.order_id) return resultOf(input, null, [single], prev.created_at, true);
  const found = await rows<{ id: string; code: string; discount: number; balance_after: number | null; group_id: string; follow_up_code: string | null; follow_up_campaign: string | null }>(
    db,
    sql`select r.id, co.code, r.discount, r.balance_after, r.group_id, fc.code as follow_up_code, fcp.name as follow_up_campaign
        from redemptions r join codes co on co.id = r.code_id
        left join claims f on f.follow_up_of = r.id left join codes fc on fc.id = f.code_id left join campaigns fcp on fcp.id = f.campaign_id
        where r.org_id = ${orgId}::uuid and r.order_id = ${prev.order_id}::uuid order by r.order_position`,
  );
  const lines = found.map((f) => ({ id: f.id, code: f.code, discount: f.discount, balance: f.balance_after, groupId: f.group_id, followUp: followUpOf(f.follow_up_code, f.follow_up_campaign) }));
  return resultOf(input, prev.order_id, lines, prev.created_at, true);
}

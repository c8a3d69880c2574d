"use server";

import { formOf } from "@/lib/action-state";
import { cookies, headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { offerText, scopeText } from "@/components/campaigns/offer";
import { usableHoursText } from "@/components/campaigns/coupon-view";
import type { Actor } from "@/lib/auth/actor";
import { requireContext, type ConsoleContext } from "@/lib/auth/session";
import type { Permission } from "@/lib/auth/permissions";
import { normalizeCode } from "@/lib/codes/rules";
import { isAppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { clientIp } from "@/lib/http/client-ip";
import { afterRedemption } from "@/lib/redemptions/after";
import { parseOrderAmount, refusalText } from "@/lib/redemptions/counter";
import { codeOfClaim, listRedeemStores } from "@/lib/redemptions/queries";
import { redeemCode, validateRedemption, type CodeInfo, type OfferInfo, type Validation } from "@/lib/redemptions/redeem";
import { reverseRedemption } from "@/lib/redemptions/reverse";
import { idempotencyKeySchema, redemptionInputSchema, reversalInputSchema } from "@/lib/redemptions/schemas";
import { parseScan } from "@/lib/redemptions/scan";
import { REDEEM_STORE_COOKIE } from "./store-cookie";
import { logError } from "@/lib/log";

// The redeem counter's server actions. Each one re-checks the session, organisation and role itself
// (requireContext), then the domain checks the store and the code; user input never ends in a 500:
// every refusal comes back as a state with a message in the UI language.

const PAGE = "/redeem";

/** What the counter shows about a scanned code. */
export type CodeView = {
  code: string;
  display: string;
  status: CodeInfo["status"];
  statusLabel: string;
  /** When it stops being usable, in the organisation's zone ("2026-11-20 23:59"). */
  expires: string;
  consumer: string | null;
  influencer: string | null;
  /** Stored value: the balance before this order, in fen. */
  balance: number | null;
  offer: {
    name: string;
    type: OfferInfo["type"];
    text: string;
    giftName: string | null;
    minSpend: number;
    stackable: boolean;
    /** Limited to some products: the clerk types the eligible amount; which ones, in words ("仅限: 饮品"). */
    productLimited: boolean;
    scope: string | null;
    /** A/B test: the variant this code was claimed with. */
    variant: string | null;
  };
};

/** One code of the order as priced: its discount and, for tiers, what spending more would give. */
export type QuoteLine = { code: string; discount: number; nextTier: { spendMore: number; value: number } | null };

/** What an order of `orderAmount` fen costs with the code (and the codes added before it). */
export type Quote = { orderAmount: number; discount: number; payable: number; balanceAfter: number | null; lines: QuoteLine[] };

export type CheckState =
  /** The code can be used; `quote` is null until an order amount is typed (or while it is below the minimum: not typed yet). */
  | { kind: "ok"; code: CodeView; quote: Quote | null }
  | { kind: "refused"; reason: string; message: string; code: CodeView | null }
  | { kind: "error"; message: string; field?: "code" | "amount" | "store" | "eligible" };

export type RedeemState =
  | {
      kind: "redeemed";
      id: string;
      /** The code as stored. */
      code: string;
      orderAmount: number;
      discount: number;
      payable: number;
      /** Stored value: what is left on the card. */
      balance: number | null;
      redeemedAt: string;
      /** The same attempt had already gone through (a double tap or a retry): nothing new was redeemed. */
      replay: boolean;
      /** 复购券 the consumer got for this redemption (its campaign's name), if any. */
      followUp: string | null;
      /** Every code of the order with its discount, in the order applied (one for a single code). */
      lines: { code: string; discount: number }[];
    }
  | { kind: "refused"; reason: string; message: string; code: CodeView | null }
  | { kind: "error"; message: string; field?: "code" | "amount" | "store" | "eligible" };

export type ReverseState = { ok?: boolean; message?: string; fieldErrors?: Record<string, string> };

type Translate = Awaited<ReturnType<typeof getTranslations>>;

async function session(permission: Permission): Promise<{ ctx: ConsoleContext; actor: Actor }> {
  const ctx = await requireContext(permission);
  const h = await headers();
  return { ctx, actor: { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") } };
}

const msg = (t: Translate, key: string, values?: Record<string, string | number>) => (t.has(key) ? t(key, values) : t("errors.generic"));

/** Sign-in, role and store refusals, and anything unexpected (logged), as a state for the counter. */
function failure(t: Translate, e: unknown, verb: string): { kind: "error"; message: string; field?: "store" } {
  if (isAppError(e)) {
    if (e.code === "unauthorized") return { kind: "error", message: t("errors.signedOut") };
    if (e.code === "forbidden") return { kind: "error", message: t("refusal.forbidden"), field: "store" };
    if (e.code === "not_found") return { kind: "error", message: t("errors.store"), field: "store" };
  }
  logError(`[redeem] could not ${verb}`, e);
  return { kind: "error", message: t("errors.generic") };
}

/** The scanned or typed text as a code: a bare code, a code page's URL (looked up by its claim), or a refusal. */
async function readCode(t: Translate, orgId: string, raw: string): Promise<{ code: string } | { kind: "error"; message: string; field: "code" }> {
  const scan = parseScan(raw);
  switch (scan.kind) {
    case "code":
      return { code: scan.code };
    case "claim": {
      const code = await codeOfClaim(orgId, scan.claimId);
      return code ? { code } : { kind: "error", message: t("refusal.not_found"), field: "code" };
    }
    case "landing":
      return { kind: "error", message: t("scan.landing"), field: "code" };
    case "invalid":
      return { kind: "error", message: raw.trim() ? t("scan.invalid") : t("errors.code"), field: "code" };
  }
}

function codeView(t: Translate, tOffer: Translate, tScope: Translate, code: CodeInfo, offer: OfferInfo, timeZone: string): CodeView {
  return {
    code: code.code,
    display: code.display,
    status: code.status,
    statusLabel: code.shared ? msg(t, "status.shared", { claimed: code.shared.claimed, redeemed: code.shared.redeemed }) : msg(t, `status.${code.status}`),
    expires: formatDateTime(code.expiresAt, timeZone),
    consumer: code.consumer,
    influencer: code.influencer,
    balance: code.balance,
    offer: {
      name: offer.name,
      type: offer.type,
      // For a stored-value card the counter says what is on it now, not what it started with.
      text: offerText((k, v) => tOffer(k, v), { ...offer, initialBalance: code.balance }),
      giftName: offer.giftName,
      minSpend: offer.minSpend,
      stackable: offer.stackable,
      productLimited: offer.productLimited,
      scope: scopeText((k, v) => tScope(k, v), offer.productScope),
      variant: offer.variant,
    },
  };
}

async function refusedState(t: Translate, tOffer: Translate, tScope: Translate, v: Extract<Validation, { valid: false }>, timeZone: string) {
  // The usable hours in the clerk's words, as the campaign page says them.
  const hoursText = v.facts.usableHours ? usableHoursText(await getTranslations("campaign.hours"), v.facts.usableHours) : undefined;
  const code = v.codeInfo && v.campaign ? codeView(t, tOffer, tScope, v.codeInfo, v.campaign, timeZone) : null;
  const reason = refusalText((k, vals) => msg(t, k, vals), v.code, { ...v.facts, hoursText }, new Date(), timeZone);
  // On an order of several codes, say which one (not_stackable names its codes itself).
  const named = v.failedCode && v.code !== "not_stackable" ? t("refusal.inOrder", { code: code?.display ?? v.failedCode, reason }) : reason;
  return { kind: "refused" as const, reason: v.code, message: named, code };
}

const checkSchema = z.object({
  code: z.string().max(2000),
  storeId: z.string(),
  amount: z.string().max(40),
  /** Codes added to the order before this one (as the counter got them back), in order. */
  held: z.array(z.string().max(64)).max(4).optional(),
  /** The eligible amount typed per code of a campaign limited to some products, as typed. */
  eligible: z.record(z.string().max(64), z.string().max(40)).optional(),
});
type CounterInput = z.infer<typeof checkSchema>;

type OrderRead =
  | { ok: true; code: string; codes: string[]; amount: { fen: number } | { error: "empty" | "invalid" }; eligibleAmounts: Record<string, number> | undefined }
  | { ok: false; state: { kind: "error"; message: string; field: "code" | "amount" | "eligible" } };

/** The counter's input as an order: the new code read (a URL resolved), after the held ones, and the typed amounts. */
async function readOrder(t: Translate, orgId: string, input: CounterInput): Promise<OrderRead> {
  const read = await readCode(t, orgId, input.code);
  if (!("code" in read)) return { ok: false, state: read };
  const held = input.held ?? [];
  if (held.some((h) => normalizeCode(h) === normalizeCode(read.code))) {
    return { ok: false, state: { kind: "error", message: t("errors.codeTwice"), field: "code" } };
  }
  let eligibleAmounts: Record<string, number> | undefined;
  for (const [code, text] of Object.entries(input.eligible ?? {})) {
    const fen = parseOrderAmount(text);
    if ("error" in fen) {
      if (fen.error === "empty") continue;
      return { ok: false, state: { kind: "error", message: t("errors.eligible"), field: "eligible" } };
    }
    eligibleAmounts = { ...eligibleAmounts, [code]: fen.fen };
  }
  return { ok: true, code: read.code, codes: [...held, read.code], amount: parseOrderAmount(input.amount), eligibleAmounts };
}

/** The redemption input of the order: one code as before, or several. */
function orderInput(order: Extract<OrderRead, { ok: true }>, storeId: string, orderAmount: number) {
  const codes = order.codes.length > 1 ? { codes: order.codes } : { code: order.code };
  return redemptionInputSchema.safeParse({ ...codes, storeId, orderAmount, ...(order.eligibleAmounts ? { eligibleAmounts: order.eligibleAmounts } : {}) });
}

/** The domain asks for an eligible amount the clerk has not typed yet: not an error of what was typed. */
const needsEligible = (e: unknown) => isAppError(e) && e.code === "invalid_input" && (e.errors ?? []).some((f) => f.path === "eligibleAmounts");

function quoteOf(orderAmount: number, v: Extract<Validation, { valid: true }>): Quote {
  return {
    orderAmount,
    discount: v.discount,
    payable: v.payable,
    balanceAfter: v.balanceAfter,
    lines: v.lines.map((l) => ({ code: l.code.code, discount: l.discount, nextTier: l.nextTier ? { spendMore: l.nextTier.spendMore, value: l.nextTier.value } : null })),
  };
}

// Looks a scanned or typed code up for this order at this store: what it is, what it takes off, or why
// not. With `held`, the code joins an order of several: the order is priced whole once an amount is typed.
export async function checkCodeAction(input: CounterInput): Promise<CheckState> {
  const t = await getTranslations("redeem");
  const [tOffer, tScope] = await Promise.all([getTranslations("campaign.offer"), getTranslations("campaign.scope")]);
  const form = checkSchema.safeParse(input);
  if (!form.success) return { kind: "error", message: t("errors.code"), field: "code" };
  try {
    const { ctx, actor } = await session("redemption:validate");
    const order = await readOrder(t, ctx.orgId, form.data);
    if (!order.ok) return order.state;
    const amount = order.amount;
    if ("error" in amount && amount.error === "invalid") return { kind: "error", message: t("errors.amount"), field: "amount" };
    const tz = ctx.org.timeZone;
    if (!("fen" in amount)) {
      // No amount yet: the new code on its own (a minimum spend is not a refusal of an order not typed in)…
      const single = redemptionInputSchema.safeParse({ code: order.code, storeId: form.data.storeId, orderAmount: 0 });
      if (!single.success) return { kind: "error", ...fieldError(t, single.error) };
      const v = await validateRedemption(actor, single.data);
      const info = v.valid ? { code: v.code, campaign: v.campaign } : v.code === "below_min_spend" && v.codeInfo && v.campaign ? { code: v.codeInfo, campaign: v.campaign } : null;
      if (!info) return refusedState(t, tOffer, tScope, v as Extract<Validation, { valid: false }>, tz);
      // …and whether it combines with the codes before it (checked before any amount).
      if (order.codes.length > 1) {
        const all = redemptionInputSchema.safeParse({ codes: order.codes, storeId: form.data.storeId, orderAmount: 0, eligibleAmounts: Object.fromEntries(order.codes.map((c) => [c, 0])) });
        if (all.success) {
          const whole = await validateRedemption(actor, all.data);
          if (!whole.valid && whole.code === "not_stackable") return refusedState(t, tOffer, tScope, { ...whole, failedCode: undefined }, tz);
        }
      }
      return { kind: "ok", code: codeView(t, tOffer, tScope, info.code, info.campaign, tz), quote: null };
    }
    const parsed = orderInput(order, form.data.storeId, amount.fen);
    if (!parsed.success) return { kind: "error", ...fieldError(t, parsed.error) };
    let v: Validation;
    try {
      v = await validateRedemption(actor, parsed.data);
    } catch (e) {
      if (needsEligible(e)) return { kind: "error", message: t("errors.eligibleRequired"), field: "eligible" };
      throw e;
    }
    if (v.valid) {
      const line = v.lines.find((l) => l.code.code === normalizeCode(order.code)) ?? v.lines[v.lines.length - 1];
      return { kind: "ok", code: codeView(t, tOffer, tScope, line.code, line.campaign, tz), quote: quoteOf(amount.fen, v) };
    }
    return refusedState(t, tOffer, tScope, v, tz);
  } catch (e) {
    return failure(t, e, "check a code");
  }
}

function fieldError(t: Translate, error: z.ZodError): { message: string; field?: "code" | "amount" | "store" | "eligible" } {
  const issue = error.issues[0];
  const head = issue?.path[0];
  const field = head === "orderAmount" ? "amount" : head === "storeId" ? "store" : head === "eligibleAmounts" ? "eligible" : "code";
  return { message: msg(t, issue?.message.replace(/^redeem\./, "") ?? "errors.generic"), field };
}

const redeemSchema = checkSchema.extend({ idempotencyKey: idempotencyKeySchema });

/**
 * Redeems a code (or the order's codes, `held` first) for this order. The page sends one idempotency
 * key per attempt (these codes, store and amounts) with every submit of it, so a double tap or a retry
 * after a lost answer redeems once.
 */
export async function redeemCodeAction(input: CounterInput & { idempotencyKey: string }): Promise<RedeemState> {
  const t = await getTranslations("redeem");
  const [tOffer, tScope] = await Promise.all([getTranslations("campaign.offer"), getTranslations("campaign.scope")]);
  const form = redeemSchema.safeParse(input);
  if (!form.success) return { kind: "error", message: t("errors.retry") };
  try {
    const { ctx, actor } = await session("redemption:create");
    const order = await readOrder(t, ctx.orgId, form.data);
    if (!order.ok) return order.state;
    const amount = order.amount;
    if ("error" in amount) return { kind: "error", message: t(amount.error === "empty" ? "errors.amountRequired" : "errors.amount"), field: "amount" };
    const parsed = orderInput(order, form.data.storeId, amount.fen);
    if (!parsed.success) return { kind: "error", ...fieldError(t, parsed.error) };
    const tz = ctx.org.timeZone;
    try {
      const r = await redeemCode(actor, parsed.data, form.data.idempotencyKey);
      await afterRedemption(actor.orgId, r);
      revalidatePath(PAGE);
      return {
        kind: "redeemed",
        id: r.id,
        code: r.code,
        orderAmount: parsed.data.orderAmount,
        discount: r.discount,
        payable: r.payable,
        balance: r.balance,
        redeemedAt: r.redeemedAt,
        replay: r.replay,
        followUp: r.followUp?.campaignName ?? null,
        lines: r.lines.map((l) => ({ code: l.code, discount: l.discount })),
      };
    } catch (e) {
      if (!isAppError(e)) throw e;
      if (needsEligible(e)) return { kind: "error", message: t("errors.eligibleRequired"), field: "eligible" };
      if (e.code === "idempotency_conflict") return { kind: "error", message: t("errors.retry") };
      if (e.code === "forbidden" || e.code === "unauthorized" || (e.code === "not_found" && /store/i.test(e.message))) throw e;
      // Read the order again to say exactly why, with its facts (when and where it was redeemed…).
      const v = await validateRedemption(actor, parsed.data);
      if (!v.valid) return refusedState(t, tOffer, tScope, v, tz);
      return { kind: "refused", reason: e.code, message: refusalText((k, vals) => msg(t, k, vals), e.code, {}, new Date(), tz), code: null };
    }
  } catch (e) {
    return failure(t, e, "redeem a code");
  }
}

const reverseFormSchema = z.object({ redemptionId: z.uuid(), wholeOrder: z.literal("1").optional() });

// Undoes a redemption (or, with wholeOrder, every code of its order together) with a reason: clerks at
// their stores within the owner's window, owners any time.
export async function reverseRedemptionAction(_prev: ReverseState, form: FormData): Promise<ReverseState> {
  const formData = formOf(form);
  const t = await getTranslations("redeem");
  const target = reverseFormSchema.safeParse({ redemptionId: formData.get("redemptionId"), wholeOrder: formData.get("wholeOrder") ?? undefined });
  if (!target.success) return { message: t("reverse.notFound") };
  const reason = reversalInputSchema.safeParse({ reason: typeof formData.get("reason") === "string" ? formData.get("reason") : "" });
  if (!reason.success) return { fieldErrors: { reason: t("errors.reason") } };
  try {
    const { actor } = await session("redemption:reverse");
    await reverseRedemption(actor, target.data.redemptionId, reason.data.reason, new Date(), { wholeOrder: target.data.wholeOrder === "1" });
    revalidatePath(PAGE);
    return { ok: true, message: t("reverse.done") };
  } catch (e) {
    if (isAppError(e)) {
      if (e.code === "invalid_state") {
        revalidatePath(PAGE);
        return { message: t("reverse.already") };
      }
      if (e.code === "not_found") return { message: t("reverse.notFound") };
      if (e.code === "unauthorized") return { message: t("errors.signedOut") };
      if (e.code === "forbidden") {
        // The domain says "within N minutes" when only the clerk's window is in the way.
        const window = /within (\d+) minutes/.exec(e.message)?.[1];
        return { message: window ? t("reverse.tooLate", { minutes: Number(window) }) : t("reverse.forbidden") };
      }
    }
    logError("[redeem] could not reverse a redemption", e);
    return { message: t("errors.generic") };
  }
}

const STORE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

// Remembers the store this device redeems at (a cookie), after checking the actor may use it.
export async function chooseStoreAction(form: FormData): Promise<void> {
  const formData = formOf(form);
  const storeId = formData.get("storeId");
  const { actor } = await session("redemption:validate");
  const stores = await listRedeemStores(actor);
  if (typeof storeId !== "string" || !stores.some((s) => s.id === storeId)) return;
  (await cookies()).set(REDEEM_STORE_COOKIE, storeId, {
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.NODE_ENV === "production",
    path: "/",
    maxAge: STORE_COOKIE_MAX_AGE,
  });
  revalidatePath(PAGE);
}

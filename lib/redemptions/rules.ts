// Redemption rules (pure: no database, Next.js or React). What a code is worth for one order at one
// store, or why it cannot be used, in terms a clerk understands. The database function
// apply_redemption re-checks the states that can change between lookup and write.
import { dateTimeFormat } from "@/lib/time";
import { eligibleAmount, hasProductScope, priceOrder, remainingBase, type CampaignType, type OrderItem, type ProductScope, type Tier } from "@/lib/campaigns/rules";
import type { ErrorCode } from "@/lib/errors";

/** What the lookup reads about a code, its group and campaign. */
export type CodeSnapshot = {
  code: {
    id: number;
    code: string;
    status: "available" | "claimed" | "redeemed" | "expired" | "void" | "frozen";
    expiresAt: Date | null;
    balance: number | null;
    claimedAt: Date | null;
  };
  group: { id: string; mode: "unique" | "shared"; status: "generating" | "active" | "frozen"; claimedCount: number; redeemedCount: number };
  campaign: {
    id: string;
    name: string;
    type: CampaignType;
    value: number | null;
    minSpend: number;
    percentOff: number | null;
    maxDiscount: number | null;
    giftName: string | null;
    initialBalance: number | null;
    status: "draft" | "in_review" | "approved" | "paused" | "ended";
    validFrom: Date;
    validUntil: Date;
    usableHours: UsableHours | null;
    /** tiered_off (the code's A/B variant's, when it has one). */
    tiers?: Tier[] | null;
    productScope?: ProductScope | null;
    /** Combines with other codes on one order. */
    stackable?: boolean;
    /** The discount budget still unspent (fen): the smaller of the total's and today's; null = no budget. */
    budgetLeft?: number | null;
  };
  /** The campaign applies at the chosen store (all stores, or the store is one of its stores). */
  storeAllowed: boolean;
  /** For a redeemed single-use code: when and where. */
  lastRedemption: { at: Date; storeName: string } | null;
};

export type UsableHours = { weekdays: number[]; slots: { from: string; to: string }[] };

export type RefusalCode = Extract<
  ErrorCode,
  | "not_found"
  | "already_redeemed"
  | "expired"
  | "not_started"
  | "ended"
  | "paused"
  | "frozen"
  | "wrong_store"
  | "outside_hours"
  | "below_min_spend"
  | "insufficient_balance"
  | "limit_reached"
  | "invalid_state"
  | "budget_exhausted"
  | "not_stackable"
  | "not_applicable"
>;

/** The facts a refusal's message needs (each optional; the UI formats them in the organisation's zone). */
export type RefusalFacts = {
  at?: Date;
  storeName?: string;
  minSpend?: number;
  expiresAt?: Date;
  validFrom?: Date;
  /** wrong_store: where the code can be used. */
  stores?: string[];
  /** outside_hours: when it can be used. */
  usableHours?: UsableHours;
  /** not_stackable: the codes of the order that do not combine. */
  codes?: string[];
};

export type Decision =
  | {
      ok: true;
      discount: number;
      payable: number;
      /** Stored value: balance before and after this order. */
      balance: number | null;
      balanceAfter: number | null;
    }
  | { ok: false; code: RefusalCode; facts: RefusalFacts };

/** When the code stops being usable: its own expiry (set at claim) or the campaign's end, whichever is first. */
export function expiryOf(s: Pick<CodeSnapshot, "code" | "campaign">): Date {
  const own = s.code.expiresAt;
  return own && own < s.campaign.validUntil ? own : s.campaign.validUntil;
}

/**
 * Whether `now` falls in the campaign's usable hours, read on the wall clock of `timeZone`.
 * Slots are [from, to) in HH:MM; no slots means all day on the listed weekdays.
 */
export function withinUsableHours(hours: UsableHours | null, now: Date, timeZone: string): boolean {
  if (!hours) return true;
  const parts = dateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(get("weekday")) + 1;
  if (!hours.weekdays.includes(weekday)) return false;
  if (hours.slots.length === 0) return true;
  const hhmm = `${get("hour")}:${get("minute")}`;
  return hours.slots.some((s) => hhmm >= s.from && hhmm < s.to);
}

/** Why the code cannot be used at all, whatever the order (its state, dates, store, hours, uses); null when it can. */
export function unusableReason(s: CodeSnapshot, now: Date, timeZone: string): Extract<Decision, { ok: false }> | null {
  const refuse = (code: RefusalCode, facts: RefusalFacts = {}) => ({ ok: false as const, code, facts });
  const { code, group, campaign } = s;
  if (campaign.status === "draft" || campaign.status === "in_review") return refuse("not_found");
  if (code.status === "void") return refuse("invalid_state");
  if (group.status !== "active" || code.status === "frozen") return refuse("frozen");
  const storedValue = campaign.type === "stored_value";
  if (code.status === "redeemed") {
    if (storedValue) return refuse("insufficient_balance");
    return refuse("already_redeemed", s.lastRedemption ? { at: s.lastRedemption.at, storeName: s.lastRedemption.storeName } : {});
  }
  if (campaign.status === "ended") return refuse("ended", { expiresAt: campaign.validUntil });
  const expiresAt = expiryOf(s);
  if (now >= expiresAt) return refuse("expired", { expiresAt });
  if (campaign.status === "paused") return refuse("paused");
  if (now < campaign.validFrom) return refuse("not_started", { validFrom: campaign.validFrom });
  if (!s.storeAllowed) return refuse("wrong_store");
  if (!withinUsableHours(campaign.usableHours, now, timeZone)) return refuse("outside_hours", campaign.usableHours ? { usableHours: campaign.usableHours } : {});
  if (group.mode === "shared" && !storedValue && group.redeemedCount >= group.claimedCount) return refuse("limit_reached");
  return null;
}

/**
 * Whether `snapshot` may be redeemed for an order of `orderAmount` fen at a store, at `now`, and for how much.
 * Checks run in the order a clerk needs them: a code that cannot be used at all is refused for that
 * reason before the order's amount is looked at.
 */
export function decideRedemption(s: CodeSnapshot, orderAmount: number, now: Date, timeZone: string): Decision {
  const unusable = unusableReason(s, now, timeZone);
  if (unusable) return unusable;
  const refuse = (code: RefusalCode, facts: RefusalFacts = {}): Decision => ({ ok: false, code, facts });
  const { code, campaign } = s;
  const storedValue = campaign.type === "stored_value";
  const balance = storedValue ? (code.balance ?? campaign.initialBalance ?? 0) : null;
  const priced = priceOrder(campaign, orderAmount, balance);
  if (!priced.ok) return refuse(priced.code, priced.minSpend != null ? { minSpend: priced.minSpend } : {});
  if (!storedValue && campaign.budgetLeft != null && priced.discount > 0 && priced.discount > campaign.budgetLeft) return refuse("budget_exhausted");
  return {
    ok: true,
    discount: priced.discount,
    payable: priced.payable,
    balance,
    balanceAfter: balance == null ? null : balance - priced.discount,
  };
}

/** The clerk may reverse this redemption now: reviewers and owners always, clerks within the window. */
export function mayReverse(input: {
  reverseAny: boolean;
  redeemedAt: Date;
  now: Date;
  windowMinutes: number;
}): boolean {
  if (input.reverseAny) return true;
  return input.now.getTime() - input.redeemedAt.getTime() <= input.windowMinutes * 60_000;
}

/** The reversal window when the owner has not set one. */
export const DEFAULT_REVERSAL_WINDOW_MINUTES = 30;

/** The owner's setting (organisation settings JSON), bounded to 0–1440 minutes. */
export function reversalWindowMinutes(settings: Record<string, unknown> | null | undefined): number {
  const v = settings?.reversalWindowMinutes;
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 1440 ? v : DEFAULT_REVERSAL_WINDOW_MINUTES;
}

/** What the order tells about its lines: POS `items`, or amounts the clerk typed per code. */
export type OrderLines = { orderAmount: number; items?: OrderItem[] | null; eligibleAmounts?: Record<string, number> | null };

export type PlannedLine = { snapshot: CodeSnapshot; base: number; discount: number; payable: number; balance: number | null; balanceAfter: number | null };
export type OrderPlan =
  | { ok: true; lines: PlannedLine[]; discount: number; payable: number }
  | { ok: false; index: number; code: RefusalCode | "eligible_amount_required"; facts: RefusalFacts };

/**
 * Prices an order of one or more codes, in the order given except that stored-value cards go last
 * (a card pays what is left once the discounts are taken). With several codes every one must be
 * stackable. Each code's discount and minimum spend count its eligible amount (the lines its campaign
 * covers: from `items`, or typed per code by the clerk), less what earlier codes took off the order.
 */
export function planOrder(snapshots: CodeSnapshot[], order: OrderLines, now: Date, timeZone: string): OrderPlan {
  const ordered = [...snapshots.filter((s) => s.campaign.type !== "stored_value"), ...snapshots.filter((s) => s.campaign.type === "stored_value")];
  if (ordered.length > 1) {
    // Named, and the first one reported, in the order given (not the order applied, cards last).
    const alone = snapshots.filter((s) => s.campaign.stackable === false).map((s) => s.code.code);
    if (alone.length) return { ok: false, index: snapshots.findIndex((s) => s.code.code === alone[0]), code: "not_stackable", facts: { codes: alone } };
  }
  const lines: PlannedLine[] = [];
  let taken = 0;
  const spent = new Map<string, number>(); // budget used by earlier lines of this order, per campaign
  for (const s of ordered) {
    const index = snapshots.indexOf(s);
    let eligible = order.orderAmount;
    // A code that cannot be used at all says so before its lines are looked at.
    const unusable = unusableReason(s, now, timeZone);
    if (unusable) return { ok: false, index, code: unusable.code, facts: unusable.facts };
    if (s.campaign.type !== "stored_value" && hasProductScope(s.campaign.productScope)) {
      const typed = order.eligibleAmounts?.[s.code.code];
      if (order.items?.length) eligible = eligibleAmount(s.campaign.productScope, order.items);
      else if (typed != null) eligible = Math.min(typed, order.orderAmount);
      // An order of nothing yet (the counter before an amount is typed): the code alone is checked.
      else if (order.orderAmount === 0) eligible = 0;
      else return { ok: false, index, code: "eligible_amount_required", facts: {} };
      if (eligible <= 0 && order.orderAmount > 0) return { ok: false, index, code: "not_applicable", facts: {} };
    }
    const base = remainingBase(order.orderAmount, eligible, taken);
    const used = spent.get(s.campaign.id) ?? 0;
    const left = s.campaign.budgetLeft == null ? null : s.campaign.budgetLeft - used;
    const d = decideRedemption({ ...s, campaign: { ...s.campaign, budgetLeft: left } }, base, now, timeZone);
    if (!d.ok) return { ok: false, index, code: d.code, facts: d.facts };
    spent.set(s.campaign.id, used + d.discount);
    taken += d.discount;
    lines.push({ snapshot: s, base, discount: d.discount, payable: d.payable, balance: d.balance, balanceAfter: d.balanceAfter });
  }
  return { ok: true, lines, discount: taken, payable: order.orderAmount - taken };
}

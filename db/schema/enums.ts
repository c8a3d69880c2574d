import { pgEnum } from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("role", ["owner", "marketer", "reviewer", "clerk", "influencer"]);
export const platformEnum = pgEnum("platform", [
  "douyin",
  "xiaohongshu",
  "kuaishou",
  "bilibili",
  "weibo",
  "wechat",
  "other",
]);
export const campaignTypeEnum = pgEnum("campaign_type", ["amount_off", "percent_off", "gift", "stored_value", "tiered_off"]);
export const campaignStatusEnum = pgEnum("campaign_status", ["draft", "in_review", "approved", "paused", "ended"]);
// closed_keep_issued: no new claims (links, sends, follow-ups), while codes already issued stay redeemable.
export const claimModeEnum = pgEnum("claim_mode", ["open", "closed_keep_issued"]);
export const audienceEnum = pgEnum("audience", ["all", "new", "tagged", "segment"]);
export const groupModeEnum = pgEnum("group_mode", ["unique", "shared"]);
// `generating` groups are invisible to claims and redemptions until their codes are all written (invariant 6).
export const groupStatusEnum = pgEnum("group_status", ["generating", "active", "frozen"]);
export const codeStatusEnum = pgEnum("code_status", ["available", "claimed", "redeemed", "expired", "void", "frozen"]);
export const ledgerKindEnum = pgEnum("ledger_kind", ["issue", "spend", "refund", "adjust"]);
export const deliveryStatusEnum = pgEnum("delivery_status", ["pending", "delivered", "failed", "dead"]);

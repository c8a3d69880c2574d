import { describe, expect, it } from "vitest";
import zh from "@/messages/zh-CN/redeem.json";
import en from "@/messages/en/redeem.json";
import { parseOrderAmount, refusalText, shortMoney, whenText } from "./counter";

/** A translator over one language's `redeem` messages, with ICU `{name}` placeholders (no plurals needed here). */
function translator(messages: Record<string, unknown>) {
  return (key: string, values: Record<string, string | number> = {}) => {
    const template = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], messages);
    if (typeof template !== "string") throw new Error(`missing message ${key}`);
    return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));
  };
}
const tZh = translator(zh.redeem);
const tEn = translator(en.redeem);
const TZ = "Asia/Shanghai";
// 2026-11-11 15:30 in Shanghai.
const NOW = new Date("2026-11-11T07:30:00Z");

describe("parseOrderAmount", () => {
  it("reads yuan with up to two decimals as fen", () => {
    expect(parseOrderAmount("128")).toEqual({ fen: 12800 });
    expect(parseOrderAmount(" 128.5 ")).toEqual({ fen: 12850 });
    expect(parseOrderAmount("¥1,280.05")).toEqual({ fen: 128005 });
    expect(parseOrderAmount("１２８．５")).toEqual({ fen: 12850 });
    expect(parseOrderAmount("0")).toEqual({ fen: 0 });
    expect(parseOrderAmount("1000000")).toEqual({ fen: 100_000_000 });
  });

  it("tells nothing typed from something wrong", () => {
    expect(parseOrderAmount("")).toEqual({ error: "empty" });
    expect(parseOrderAmount("  ")).toEqual({ error: "empty" });
    for (const bad of ["12.345", "-5", "abc", "1e3", "12..5", "1000000.01"]) expect(parseOrderAmount(bad)).toEqual({ error: "invalid" });
  });
});

describe("shortMoney", () => {
  it("drops .00 from whole yuan only", () => {
    expect(shortMoney(10000)).toBe("¥100");
    expect(shortMoney(9950)).toBe("¥99.50");
    expect(shortMoney(123456700)).toBe("¥1,234,567");
  });
});

describe("whenText", () => {
  const when = (instant: string, withTime = true) => whenText((k, v) => tEn(`when.${k}`, v), new Date(instant), NOW, TZ, withTime);
  it("says today, yesterday, tomorrow or the date on the organisation's calendar", () => {
    expect(when("2026-11-11T06:02:00Z")).toBe("today at 14:02");
    // 23:50 the day before in Shanghai, though the same UTC date as now.
    expect(when("2026-11-10T15:50:00Z")).toBe("yesterday at 23:50");
    // 00:10 today in Shanghai, though yesterday in UTC.
    expect(when("2026-11-10T16:10:00Z")).toBe("today at 00:10");
    expect(when("2026-11-12T02:00:00Z", false)).toBe("tomorrow");
    expect(when("2026-11-01T02:00:00Z")).toBe("on 2026-11-01 at 10:00");
  });
});

describe("refusalText", () => {
  const zhText = (code: string, facts = {}) => refusalText(tZh, code, facts, NOW, TZ);
  const enText = (code: string, facts = {}) => refusalText(tEn, code, facts, NOW, TZ);

  it("already redeemed: when and where, in the organisation's zone", () => {
    expect(zhText("already_redeemed", { at: new Date("2026-11-11T06:02:00Z"), storeName: "南京路店" })).toBe("已于 14:02 在 南京路店 核销");
    expect(zhText("already_redeemed", { at: "2026-11-10T06:02:00Z", storeName: "南京路店" })).toBe("已于昨天 14:02 在 南京路店 核销");
    expect(zhText("already_redeemed", { at: "2026-10-01T06:02:00Z" })).toBe("已于 2026-10-01 14:02 核销");
    expect(zhText("already_redeemed")).toBe("这张券已经核销过了");
    expect(enText("already_redeemed", { at: "2026-11-11T06:02:00Z", storeName: "Nanjing Rd" })).toBe("Already redeemed at Nanjing Rd today at 14:02");
  });

  it("expired: a day-end expiry as the day alone, any other with its time", () => {
    expect(zhText("expired", { expiresAt: "2026-11-10T15:59:59.999Z" })).toBe("已于昨天过期");
    expect(enText("expired", { expiresAt: "2026-11-10T15:59:59.999Z" })).toBe("Expired yesterday");
    expect(zhText("expired", { expiresAt: "2026-11-11T02:00:00Z" })).toBe("已于 10:00 过期");
    expect(zhText("expired", { expiresAt: "2026-10-31T15:59:59.999Z" })).toBe("已于 2026-10-31 过期");
    expect(zhText("expired")).toBe("这张券已过期");
  });

  it("below the minimum, wrong store, frozen and the rest in plain words", () => {
    expect(zhText("below_min_spend", { minSpend: 10000 })).toBe("未满 ¥100 最低消费");
    expect(enText("below_min_spend", { minSpend: 9950 })).toBe("Below the ¥99.50 minimum spend");
    expect(zhText("wrong_store")).toBe("本店不可用");
    expect(zhText("wrong_store", { stores: ["南京路店", "徐家汇店"] })).toBe("本店不可用，可在南京路店、徐家汇店使用");
    expect(zhText("outside_hours", { hoursText: "周一至周五 11:00–14:00" })).toBe("当前时段不可用，可用时段：周一至周五 11:00–14:00");
    expect(enText("wrong_store", { stores: ["Nanjing Rd"] })).toBe("Not valid at this store; valid at Nanjing Rd");
    expect(zhText("frozen")).toBe("已冻结，请联系品牌市场部");
    expect(zhText("not_started", { validFrom: "2026-11-12T02:00:00Z" })).toBe("还不能使用（明天 10:00 起可用）");
    expect(enText("not_started", { validFrom: "2026-11-12T02:00:00Z" })).toBe("Not yet valid: usable tomorrow at 10:00");
    for (const code of ["not_found", "paused", "outside_hours", "insufficient_balance", "limit_reached", "invalid_state", "forbidden"]) {
      expect(zhText(code)).toBe(zh.redeem.refusal[code as keyof typeof zh.redeem.refusal]);
    }
    expect(zhText("sold_out")).toBe("这张券现在不能核销");
  });

  it("the offers of an order: budget, stacking and product limits", () => {
    expect(zhText("budget_exhausted")).toBe("活动优惠预算已用完，暂不能核销");
    expect(zhText("not_stackable", { codes: ["AB12-CD34", "EF56-GH78"] })).toBe("AB12-CD34、EF56-GH78 不可与其他优惠同享，请单独核销");
    expect(zhText("not_stackable")).toBe("本单有券不可与其他优惠同享，请单独核销");
    expect(enText("not_stackable", { codes: ["AB12-CD34"] })).toBe("AB12-CD34 does not combine with other offers: redeem it on its own");
    expect(zhText("not_applicable")).toBe("本单没有可用此券的商品（限指定品类或商品）");
    expect(enText("budget_exhausted")).toMatch(/budget is used up/);
  });
});

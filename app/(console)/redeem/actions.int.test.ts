import { randomUUID } from "node:crypto";
import { asc, count, eq } from "drizzle-orm";
import { createTranslator } from "next-intl";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { codes, redemptions } from "@/db/schema";
import { seedCampaign, seedGroup, seedStore, seedTestOrg } from "@/db/seed/builders";
import { loadMessages } from "@/i18n/messages";

// The counter's server actions against the test database: the session (Auth.js), the active
// organisation (a cookie) and the UI language are stubbed; the permission checks, the domain and the
// messages are real.
const session = vi.hoisted(() => ({ userId: null as string | null, orgId: null as string | null, locale: "zh-CN" }));
vi.mock("@/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null), signIn: vi.fn() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "localhost:3000", "user-agent": "vitest" }),
  cookies: async () => ({
    get: (name: string) => (name === "coupon_org" && session.orgId ? { name, value: session.orgId } : undefined),
    set: vi.fn(),
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/server", () => ({ after: (task: () => unknown) => void task() }));
vi.mock("next-intl/server", () => ({
  getTranslations: async (namespace: string) => {
    const messages = await loadMessages(session.locale as "zh-CN" | "en");
    return createTranslator({ locale: session.locale, messages, namespace: namespace as never, timeZone: "Asia/Shanghai" });
  },
}));

const { checkCodeAction, redeemCodeAction, reverseRedemptionAction } = await import("./actions");

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let store: { id: string };
let otherStore: { id: string };
let list: (typeof codes.$inferSelect)[];

const as = (role: "clerk" | "owner" | "marketer") => {
  session.userId = f.users[role].id;
  session.orgId = f.org.id;
};
const reverseForm = (redemptionId: string, reason: string) => {
  const data = new FormData();
  data.set("redemptionId", redemptionId);
  data.set("reason", reason);
  return data;
};

beforeAll(async () => {
  f = await seedTestOrg(db, `ract-${randomUUID().slice(0, 8)}`);
  store = await seedStore(db, { orgId: f.org.id, name: "南京路店", clerkIds: [f.users.clerk.id] });
  otherStore = await seedStore(db, { orgId: f.org.id, name: "徐家汇店" });
  const c = await seedCampaign(db, { orgId: f.org.id });
  const g = await seedGroup(db, { orgId: f.org.id, campaignId: c.id, name: "g", slug: `ra-${randomUUID().slice(0, 10)}`, mode: "unique", quantity: 4, prefix: "RA" });
  list = await db.select().from(codes).where(eq(codes.groupId, g.id)).orderBy(asc(codes.seq));
});

describe("the counter's actions", () => {
  it("check: what the code is, then the quote of the typed amount, in the UI language", async () => {
    as("clerk");
    const code = list[0].code;
    const first = await checkCodeAction({ code: code.toLowerCase(), storeId: store.id, amount: "" });
    expect(first).toMatchObject({ kind: "ok", quote: null, code: { code, statusLabel: "未领取", offer: { text: "满 ¥100.00 减 ¥20.00", type: "amount_off" } } });
    expect(await checkCodeAction({ code, storeId: store.id, amount: "128.50" })).toMatchObject({
      kind: "ok",
      quote: { orderAmount: 12_850, discount: 2000, payable: 10_850, balanceAfter: null },
    });
    expect(await checkCodeAction({ code, storeId: store.id, amount: "88" })).toMatchObject({ kind: "refused", reason: "below_min_spend", message: "未满 ¥100 最低消费" });
    session.locale = "en";
    expect(await checkCodeAction({ code, storeId: store.id, amount: "88" })).toMatchObject({ message: "Below the ¥100 minimum spend" });
    session.locale = "zh-CN";
  });

  it("check: user input never ends in an exception", async () => {
    as("clerk");
    expect(await checkCodeAction({ code: "", storeId: store.id, amount: "" })).toEqual({ kind: "error", message: "请扫描或输入券码", field: "code" });
    expect(await checkCodeAction({ code: "https://x.example/c/demo-live", storeId: store.id, amount: "" })).toMatchObject({ kind: "error", field: "code" });
    expect(await checkCodeAction({ code: "RA-2222-2222-2222", storeId: store.id, amount: "" })).toMatchObject({ kind: "refused", reason: "not_found", message: "没有这个券码，请核对后重新输入" });
    expect(await checkCodeAction({ code: list[0].code, storeId: store.id, amount: "12.345" })).toMatchObject({ kind: "error", field: "amount" });
    expect(await checkCodeAction({ code: list[0].code, storeId: "nope", amount: "" })).toMatchObject({ kind: "error", field: "store" });
    expect(await checkCodeAction({ code: list[0].code, storeId: otherStore.id, amount: "" })).toEqual({ kind: "error", message: "你没有被分配到这家门店", field: "store" });
    expect(await checkCodeAction({ code: list[0].code, storeId: randomUUID(), amount: "" })).toMatchObject({ kind: "error", field: "store" });
    expect(await checkCodeAction({ code: 42 as never, storeId: store.id, amount: "" })).toMatchObject({ kind: "error" });
    as("marketer");
    expect(await redeemCodeAction({ code: list[0].code, storeId: store.id, amount: "100", idempotencyKey: randomUUID() })).toMatchObject({ kind: "error" });
    session.userId = null;
    expect(await checkCodeAction({ code: list[0].code, storeId: store.id, amount: "" })).toEqual({ kind: "error", message: "登录已过期，请重新登录。" });
  });

  it("redeem: one attempt's key redeems once however often it is sent; then refusals say when and where", async () => {
    as("clerk");
    const code = list[1].code;
    const key = randomUUID();
    const attempt = { code, storeId: store.id, amount: "150", idempotencyKey: key };
    const [a, b] = await Promise.all([redeemCodeAction(attempt), redeemCodeAction(attempt)]);
    const again = await redeemCodeAction(attempt);
    for (const r of [a, b, again]) expect(r).toMatchObject({ kind: "redeemed", discount: 2000, payable: 13_000, orderAmount: 15_000 });
    expect([a, b, again].filter((r) => r.kind === "redeemed" && !r.replay)).toHaveLength(1);
    const [n] = await db.select({ n: count() }).from(redemptions).where(eq(redemptions.codeId, list[1].id));
    expect(Number(n.n)).toBe(1);

    const refused = await redeemCodeAction({ ...attempt, idempotencyKey: randomUUID() });
    expect(refused).toMatchObject({ kind: "refused", reason: "already_redeemed", message: expect.stringMatching(/^已于 \d\d:\d\d 在 南京路店 核销$/) });
    expect(await checkCodeAction({ code, storeId: store.id, amount: "" })).toMatchObject({ kind: "refused", reason: "already_redeemed" });
    expect(await redeemCodeAction({ ...attempt, amount: "", idempotencyKey: randomUUID() })).toMatchObject({ kind: "error", field: "amount", message: "请输入订单金额" });
    expect(await redeemCodeAction({ ...attempt, idempotencyKey: "short" })).toMatchObject({ kind: "error" });
  });

  it("reverse: a reason is required; a clerk is held to the window, the owner is not", async () => {
    as("clerk");
    const r = await redeemCodeAction({ code: list[2].code, storeId: store.id, amount: "100", idempotencyKey: randomUUID() });
    if (r.kind !== "redeemed") throw new Error(JSON.stringify(r));
    expect(await reverseRedemptionAction({}, reverseForm(r.id, " "))).toEqual({ fieldErrors: { reason: "请填写撤销原因（2–500 个字）" } });
    expect(await reverseRedemptionAction({}, reverseForm("x", "扫错了"))).toEqual({ message: "找不到这笔核销记录。" });

    // Redeemed an hour ago: too late for the clerk.
    await db.update(redemptions).set({ createdAt: new Date(Date.now() - 3_600_000) }).where(eq(redemptions.id, r.id));
    expect(await reverseRedemptionAction({}, reverseForm(r.id, "扫错了"))).toEqual({ message: "已超过 30 分钟的撤销时限，请联系财务或组织所有者撤销。" });
    as("owner");
    expect(await reverseRedemptionAction({}, reverseForm(r.id, "扫错了"))).toEqual({ ok: true, message: "已撤销" });
    expect(await reverseRedemptionAction({}, reverseForm(r.id, "扫错了"))).toEqual({ message: "这笔核销已经撤销过了。" });
    as("clerk");
    expect(await checkCodeAction({ code: list[2].code, storeId: store.id, amount: "" })).toMatchObject({ kind: "ok" });
  });

  it("stored value: the card pays what it holds and says what is left; a gift names the item", async () => {
    as("clerk");
    const card = await seedCampaign(db, { orgId: f.org.id, type: "stored_value", value: null, minSpend: 0, initialBalance: 10_000 });
    const cg = await seedGroup(db, { orgId: f.org.id, campaignId: card.id, name: "card", slug: `rc-${randomUUID().slice(0, 10)}`, mode: "unique", quantity: 1 });
    const [cardCode] = await db.select().from(codes).where(eq(codes.groupId, cg.id));
    expect(await checkCodeAction({ code: cardCode.code, storeId: store.id, amount: "" })).toMatchObject({
      kind: "ok",
      code: { balance: 10_000, offer: { type: "stored_value", text: "储值 ¥100.00" } },
    });
    expect(await checkCodeAction({ code: cardCode.code, storeId: store.id, amount: "30" })).toMatchObject({
      quote: { discount: 3000, payable: 0, balanceAfter: 7000 },
    });
    expect(await redeemCodeAction({ code: cardCode.code, storeId: store.id, amount: "30", idempotencyKey: randomUUID() })).toMatchObject({ kind: "redeemed", discount: 3000, payable: 0, balance: 7000 });
    // More than is left: the card pays the rest of its balance, the customer the difference.
    expect(await redeemCodeAction({ code: cardCode.code, storeId: store.id, amount: "80", idempotencyKey: randomUUID() })).toMatchObject({ discount: 7000, payable: 1000, balance: 0 });
    expect(await checkCodeAction({ code: cardCode.code, storeId: store.id, amount: "" })).toMatchObject({ kind: "refused", message: "储值卡余额已用完" });

    const gift = await seedCampaign(db, { orgId: f.org.id, type: "gift", value: null, minSpend: 0, giftName: "美式咖啡一杯" });
    const gg = await seedGroup(db, { orgId: f.org.id, campaignId: gift.id, name: "gift", slug: `rg-${randomUUID().slice(0, 10)}`, mode: "unique", quantity: 1 });
    const [giftCode] = await db.select().from(codes).where(eq(codes.groupId, gg.id));
    expect(await checkCodeAction({ code: giftCode.code, storeId: store.id, amount: "" })).toMatchObject({ kind: "ok", code: { offer: { text: "兑换 美式咖啡一杯", giftName: "美式咖啡一杯" } } });
    expect(await redeemCodeAction({ code: giftCode.code, storeId: store.id, amount: "0", idempotencyKey: randomUUID() })).toMatchObject({ kind: "redeemed", discount: 0, payable: 0 });
  });
});

describe("an order of several codes at the counter", () => {
  const groupOf = async (campaign: { id: string }, n: number, prefix: string) => {
    const g = await seedGroup(db, { orgId: f.org.id, campaignId: campaign.id, name: prefix, slug: `${prefix.toLowerCase()}-${randomUUID().slice(0, 10)}`, mode: "unique", quantity: n, prefix });
    return db.select().from(codes).where(eq(codes.groupId, g.id)).orderBy(asc(codes.seq));
  };

  it("codes added one by one are priced together, redeemed with one key, and reversed as a whole order", async () => {
    as("clerk");
    const tiered = await seedCampaign(db, { orgId: f.org.id, type: "tiered_off", value: null, minSpend: 0, stackable: true, tiers: [{ minSpend: 10_000, value: 1000 }, { minSpend: 20_000, value: 3000 }] });
    const flat = await seedCampaign(db, { orgId: f.org.id, value: 500, minSpend: 0, stackable: true });
    const [a] = await groupOf(tiered, 1, "TA");
    const [b] = await groupOf(flat, 1, "TB");
    // The second code scanned with the first held: fine on its own, and it combines.
    expect(await checkCodeAction({ code: b.code, held: [a.code], storeId: store.id, amount: "" })).toMatchObject({ kind: "ok", quote: null, code: { code: b.code } });
    // The same code twice is refused on the code box.
    expect(await checkCodeAction({ code: a.code.toLowerCase(), held: [a.code], storeId: store.id, amount: "" })).toEqual({ kind: "error", message: "这张券已经在本单里了", field: "code" });
    // ¥162: the tier of ¥100 (−¥10, "再买 ¥38 可减 ¥30"), then ¥5 off what is left.
    const quoted = await checkCodeAction({ code: b.code, held: [a.code], storeId: store.id, amount: "162" });
    expect(quoted).toMatchObject({
      kind: "ok",
      quote: {
        orderAmount: 16_200,
        discount: 1500,
        payable: 14_700,
        lines: [
          { code: a.code, discount: 1000, nextTier: { spendMore: 3800, value: 3000 } },
          { code: b.code, discount: 500, nextTier: null },
        ],
      },
    });
    const key = randomUUID();
    const done = await redeemCodeAction({ code: b.code, held: [a.code], storeId: store.id, amount: "162", idempotencyKey: key });
    expect(done).toMatchObject({ kind: "redeemed", discount: 1500, payable: 14_700, replay: false, lines: [{ code: a.code, discount: 1000 }, { code: b.code, discount: 500 }] });
    // A double tap: the same key answers with the same order, nothing new.
    expect(await redeemCodeAction({ code: b.code, held: [a.code], storeId: store.id, amount: "162", idempotencyKey: key })).toMatchObject({ kind: "redeemed", replay: true, discount: 1500 });
    const rows = await db.select().from(redemptions).where(eq(redemptions.storeId, store.id));
    const order = rows.filter((r) => r.codeId === a.id || r.codeId === b.id);
    expect(order).toHaveLength(2);
    expect(new Set(order.map((r) => r.orderId)).size).toBe(1);
    expect(order.reduce((sum, r) => sum + r.orderAmount, 0)).toBe(16_200);
    // A code of the order, scanned again: refused, naming where it went.
    expect(await checkCodeAction({ code: a.code, storeId: store.id, amount: "" })).toMatchObject({ kind: "refused", reason: "already_redeemed" });

    // The whole order reversed from one of its rows.
    const data = reverseForm(order[0].id, "顾客取消订单");
    data.set("wholeOrder", "1");
    expect(await reverseRedemptionAction({}, data)).toEqual({ ok: true, message: "已撤销" });
    const after = await db.select().from(redemptions).where(eq(redemptions.orderId, order[0].orderId!));
    expect(after.every((r) => r.reversedAt != null)).toBe(true);
    expect(await checkCodeAction({ code: b.code, held: [a.code], storeId: store.id, amount: "" })).toMatchObject({ kind: "ok" });
  });

  it("a code that does not combine is refused when it joins; a refusal names its code; product limits ask for the eligible amount", async () => {
    as("clerk");
    const loner = await seedCampaign(db, { orgId: f.org.id, value: 800, minSpend: 0, stackable: false });
    const flat = await seedCampaign(db, { orgId: f.org.id, value: 500, minSpend: 5000, stackable: true });
    const drinks = await seedCampaign(db, { orgId: f.org.id, value: 300, minSpend: 0, stackable: true, productScope: { categories: ["饮品"] } });
    const [l] = await groupOf(loner, 1, "TL");
    const [x] = await groupOf(flat, 1, "TX");
    const [d] = await groupOf(drinks, 1, "TD");
    const refused = await checkCodeAction({ code: l.code, held: [x.code], storeId: store.id, amount: "" });
    expect(refused).toMatchObject({ kind: "refused", reason: "not_stackable" });
    expect(refused.kind === "refused" && refused.message).toMatch(/不可与其他优惠同享，请单独核销$/);

    // The order's amount below the second code's minimum: the refusal says which code.
    const low = await checkCodeAction({ code: x.code, held: [d.code], storeId: store.id, amount: "30", eligible: { [d.code]: "20" } });
    expect(low).toMatchObject({ kind: "refused", reason: "below_min_spend" });
    expect(low.kind === "refused" && low.message).toMatch(/^TX.*：未满 ¥50 最低消费$/);

    // Limited to drinks: the eligible amount is asked for, then only it counts.
    expect(await checkCodeAction({ code: d.code, storeId: store.id, amount: "" })).toMatchObject({ kind: "ok", code: { offer: { productLimited: true } } });
    expect(await checkCodeAction({ code: d.code, storeId: store.id, amount: "80" })).toMatchObject({ kind: "error", field: "eligible", message: "这张券限指定商品，请输入可用商品金额" });
    expect(await checkCodeAction({ code: d.code, storeId: store.id, amount: "80", eligible: { [d.code]: "两块" } })).toMatchObject({ kind: "error", field: "eligible" });
    expect(await checkCodeAction({ code: d.code, storeId: store.id, amount: "80", eligible: { [d.code]: "0" } })).toMatchObject({ kind: "refused", reason: "not_applicable", message: "本单没有可用此券的商品（限指定品类或商品）" });
    expect(await checkCodeAction({ code: x.code, held: [d.code], storeId: store.id, amount: "80", eligible: { [d.code]: "2" } })).toMatchObject({
      kind: "ok",
      quote: { discount: 200 + 500, payable: 7300, lines: [{ code: d.code, discount: 200 }, { code: x.code, discount: 500 }] },
    });
    expect(await redeemCodeAction({ code: x.code, held: [d.code], storeId: store.id, amount: "80", eligible: { [d.code]: "2" }, idempotencyKey: randomUUID() })).toMatchObject({ kind: "redeemed", discount: 700 });
  });
});


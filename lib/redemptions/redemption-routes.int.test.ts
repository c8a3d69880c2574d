import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as reversal } from "@/app/api/v1/redemptions/[id]/reversal/route";
import { POST as redeem } from "@/app/api/v1/redemptions/route";
import { POST as validate } from "@/app/api/v1/redemptions/validate/route";
import { db } from "@/db";
import { apiKeys, codes } from "@/db/schema";
import { seedCampaign, seedGroup, seedStore, seedTestOrg } from "@/db/seed/builders";
import type { RouteHandler } from "@/lib/api/handler";
import { generateApiKey, hashApiKey } from "@/lib/api/keys";

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
let store: string;
let otherStore: string;
let theirStore: string;
let list: (typeof codes.$inferSelect)[];
const keys = {} as Record<"pos" | "owner" | "marketer" | "foreign", string>;

async function key(orgId: string, createdBy: string, role: "owner" | "marketer" | "clerk", storeIds: string[] | null = null) {
  const secret = generateApiKey();
  await db.insert(apiKeys).values({ orgId, name: role, role, prefix: secret.slice(0, 8), keyHash: hashApiKey(secret), createdBy, storeIds });
  return secret;
}

function call(handler: RouteHandler, path: string, secret: string, body: unknown, headers: Record<string, string> = {}, params: Record<string, string> = {}) {
  return handler(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );
}

beforeAll(async () => {
  f = await seedTestOrg(db, `rapi-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `rapi-o-${randomUUID().slice(0, 8)}`);
  store = (await seedStore(db, { orgId: f.org.id, name: "南京路店" })).id;
  otherStore = (await seedStore(db, { orgId: f.org.id, name: "徐家汇店" })).id;
  theirStore = (await seedStore(db, { orgId: other.org.id, name: "B" })).id;
  const c = await seedCampaign(db, { orgId: f.org.id });
  const g = await seedGroup(db, { orgId: f.org.id, campaignId: c.id, name: "g", slug: `ra-${randomUUID().slice(0, 8)}`, mode: "unique", quantity: 6 });
  list = await db.select().from(codes).where(eq(codes.groupId, g.id)).orderBy(asc(codes.seq));
  keys.pos = await key(f.org.id, f.users.owner.id, "clerk", [store]);
  keys.owner = await key(f.org.id, f.users.owner.id, "owner");
  keys.marketer = await key(f.org.id, f.users.owner.id, "marketer");
  keys.foreign = await key(other.org.id, other.users.owner.id, "owner");
});

describe("POST /api/v1/redemptions/validate", () => {
  it("answers valid with the discount, or valid: false with the refusal and its facts", async () => {
    const ok = await call(validate, "/api/v1/redemptions/validate", keys.pos, { code: list[0].code.toLowerCase(), storeId: store, orderAmount: 15000 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ valid: true, discount: 2000, payable: 13000, campaign: { type: "amount_off", minSpend: 10000 }, code: { code: list[0].code } });
    const low = await call(validate, "/api/v1/redemptions/validate", keys.pos, { code: list[0].code, storeId: store, orderAmount: 5000 });
    expect(await low.json()).toMatchObject({ valid: false, code: "below_min_spend", facts: { minSpend: 10000 } });
  });

  it("refuses bad input with field errors, other stores of a clerk key, and roles without the permission", async () => {
    const bad = await call(validate, "/api/v1/redemptions/validate", keys.pos, { code: "", storeId: "x", orderAmount: -1 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(["code", "orderAmount", "storeId"]);
    const elsewhere = await call(validate, "/api/v1/redemptions/validate", keys.pos, { code: list[0].code, storeId: otherStore, orderAmount: 15000 });
    expect(elsewhere.status).toBe(403);
    const marketer = await call(validate, "/api/v1/redemptions/validate", keys.marketer, { code: list[0].code, storeId: store, orderAmount: 15000 });
    expect(marketer.status).toBe(403);
  });
});

describe("POST /api/v1/redemptions", () => {
  it("needs an Idempotency-Key, redeems once, replays the same answer and refuses a changed body", async () => {
    const body = { code: list[1].code, storeId: store, orderAmount: 15000 };
    const missing = await call(redeem, "/api/v1/redemptions", keys.pos, body);
    expect(missing.status).toBe(400);
    expect((await missing.json()).errors[0].path).toBe("Idempotency-Key");

    const k = randomUUID();
    const first = await call(redeem, "/api/v1/redemptions", keys.pos, body, { "idempotency-key": k });
    expect(first.status).toBe(201);
    const answer = await first.json();
    expect(answer).toEqual({ id: expect.any(String), code: list[1].code, discount: 2000, payable: 13000, redeemedAt: expect.any(String), storeId: store, balance: null, followUp: null });
    const again = await call(redeem, "/api/v1/redemptions", keys.pos, body, { "idempotency-key": k });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(answer);
    const changed = await call(redeem, "/api/v1/redemptions", keys.pos, { ...body, orderAmount: 16000 }, { "idempotency-key": k });
    expect(changed.status).toBe(409);
    expect((await changed.json()).code).toBe("idempotency_conflict");
    const twice = await call(redeem, "/api/v1/redemptions", keys.pos, body, { "idempotency-key": randomUUID() });
    expect(twice.status).toBe(409);
    const problem = await twice.json();
    expect(problem.code).toBe("already_redeemed");
    expect(problem.detail).toContain("南京路店");

    // Reversal: once; the code is usable again.
    const rev = await call(reversal, `/api/v1/redemptions/${answer.id}/reversal`, keys.pos, { reason: "扫错了" }, {}, { id: answer.id });
    expect(rev.status).toBe(200);
    expect(await rev.json()).toMatchObject({ redemptionId: answer.id, codeStatus: "available" });
    const rev2 = await call(reversal, `/api/v1/redemptions/${answer.id}/reversal`, keys.owner, { reason: "again" }, {}, { id: answer.id });
    expect(rev2.status).toBe(409);
    const noReason = await call(reversal, `/api/v1/redemptions/${answer.id}/reversal`, keys.owner, {}, {}, { id: answer.id });
    expect(noReason.status).toBe(400);
  });

  it("an API key of another organisation cannot validate, redeem or reverse these codes", async () => {
    const v = await call(validate, "/api/v1/redemptions/validate", keys.foreign, { code: list[2].code, storeId: theirStore, orderAmount: 15000 });
    expect(await v.json()).toMatchObject({ valid: false, code: "not_found" });
    const r = await call(redeem, "/api/v1/redemptions", keys.foreign, { code: list[2].code, storeId: store, orderAmount: 15000 }, { "idempotency-key": randomUUID() });
    expect(r.status).toBe(404);
    const mine = await call(redeem, "/api/v1/redemptions", keys.owner, { code: list[3].code, storeId: store, orderAmount: 15000 }, { "idempotency-key": randomUUID() });
    const { id } = await mine.json();
    const rev = await call(reversal, `/api/v1/redemptions/${id}/reversal`, keys.foreign, { reason: "not mine" }, {}, { id });
    expect(rev.status).toBe(404);
    const [row] = await db.select().from(codes).where(eq(codes.id, list[2].id));
    expect(row.status).toBe("available");
  });
});

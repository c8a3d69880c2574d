import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLogs, campaignBudgetDays, campaigns, outbox } from "@/db/schema";
import { seedGroup, seedStore, seedTestOrg } from "@/db/seed/builders";
import { claimCode } from "@/lib/claims/claim";
import { seedRedemption, seedReversal, sharedGroup } from "@/test/fixtures/activity";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/permissions";
import { toCampaignDto } from "./dto";
import { createCampaign, duplicateCampaign, setClaimMode, transitionCampaign, updateCampaign } from "./mutations";
import { campaignFormValuesFromCampaign, defaultCampaignFormValues, parseCampaignForm } from "./form";
import { lifecycleActionsFor } from "./lifecycle";
import { budgetSpentToday, campaignStoreIds, campaignTimeline, getCampaign, getCouponBrand } from "./queries";
import { createCampaignSchema } from "./schemas";

let fixture: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
const as = (role: Role, f = fixture): Actor => ({ orgId: f.org.id, role, userId: f.users[role].id, apiKeyId: null });

const input = createCampaignSchema.parse({
  name: "满 100 减 20",
  type: "amount_off",
  value: 2000,
  minSpend: 10000,
  validFrom: "2036-11-01T00:00:00+08:00",
  validUntil: "2036-11-30T23:59:59.999+08:00",
});

beforeAll(async () => {
  fixture = await seedTestOrg(db, `camp-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `camp-${randomUUID().slice(0, 8)}`);
});

describe("campaign lifecycle", () => {
  it("goes draft → in_review → approved ⇄ paused → ended, audited, with an event per transition", async () => {
    const c = await createCampaign(as("marketer"), input);
    expect(c.status).toBe("draft");
    await transitionCampaign(as("marketer"), c.id, "submit");
    await transitionCampaign(as("reviewer"), c.id, "approve");
    await transitionCampaign(as("marketer"), c.id, "pause");
    await transitionCampaign(as("marketer"), c.id, "resume");
    const ended = await transitionCampaign(as("marketer"), c.id, "end");
    expect(ended.status).toBe("ended");
    const timeline = await campaignTimeline(fixture.org.id, c.id);
    expect(timeline.map((t) => t.action)).toEqual([
      "campaign.created",
      "campaign.submit",
      "campaign.approve",
      "campaign.pause",
      "campaign.resume",
      "campaign.end",
    ]);
    const events = await db.select().from(outbox).where(eq(outbox.subject, `campaign:${c.id}`)).orderBy(outbox.id);
    expect(events.map((e) => (e.data as { to: string }).to)).toEqual(["in_review", "approved", "paused", "approved", "ended"]);
  });

  it("refuses transitions that skip a step", async () => {
    const c = await createCampaign(as("marketer"), input);
    await expect(transitionCampaign(as("owner"), c.id, "approve")).rejects.toMatchObject({ code: "invalid_state" });
    await expect(transitionCampaign(as("marketer"), c.id, "pause")).rejects.toMatchObject({ code: "invalid_state" });
  });

  it("refuses to submit or approve a campaign whose dates have all passed, and says why", async () => {
    const past = { ...input, validFrom: "2026-01-01T00:00:00+08:00", validUntil: new Date(Date.now() - 60_000).toISOString() };
    const c = await createCampaign(as("marketer"), past);
    await expect(transitionCampaign(as("marketer"), c.id, "submit")).rejects.toMatchObject({ code: "invalid_state", details: { reason: "dates_past" } });
    // One that ran out while it waited for review cannot be approved either; a rejection still goes through.
    const waiting = await createCampaign(as("marketer"), { ...past, validUntil: new Date(Date.now() + 60_000).toISOString() });
    await transitionCampaign(as("marketer"), waiting.id, "submit");
    await db.update(campaigns).set({ validUntil: new Date(Date.now() - 1000) }).where(eq(campaigns.id, waiting.id));
    await expect(transitionCampaign(as("reviewer"), waiting.id, "approve")).rejects.toMatchObject({ details: { reason: "dates_past" } });
    expect((await transitionCampaign(as("reviewer"), waiting.id, "reject", "时间已过")).status).toBe("draft");
  });

  it("copies a campaign as a new draft with its settings and stores, none of its lifecycle", async () => {
    const store = await seedStore(db, { orgId: fixture.org.id, name: `店 ${randomUUID().slice(0, 4)}` });
    const c = await createCampaign(as("marketer"), { ...input, storeIds: [store.id], dailyClaimLimit: 50 });
    await transitionCampaign(as("marketer"), c.id, "submit");
    await transitionCampaign(as("reviewer"), c.id, "approve");
    const copy = await duplicateCampaign(as("marketer"), c.id, "（副本）");
    expect(copy).toMatchObject({ status: "draft", name: "满 100 减 20（副本）", value: 2000, minSpend: 10000, dailyClaimLimit: 50, claimedCount: 0, submittedBy: null, reviewedBy: null, allStores: false });
    expect(copy.id).not.toBe(c.id);
    expect((await getCampaign(fixture.org.id, copy.id))?.storeIds).toEqual([store.id]);
    await expect(duplicateCampaign(as("reviewer"), c.id, "（副本）")).rejects.toMatchObject({ code: "forbidden" });
    await expect(duplicateCampaign(as("marketer", other), c.id, "（副本）")).rejects.toMatchObject({ code: "not_found" });
  });

  it("rejection sends it back to draft with the comment, and only drafts can be edited", async () => {
    const c = await createCampaign(as("marketer"), input);
    await transitionCampaign(as("marketer"), c.id, "submit");
    await expect(updateCampaign(as("marketer"), c.id, { ...input, name: "changed" })).rejects.toMatchObject({ code: "invalid_state" });
    const back = await transitionCampaign(as("reviewer"), c.id, "reject", "门槛太低");
    expect(back.status).toBe("draft");
    expect(back.reviewComment).toBe("门槛太低");
    const edited = await updateCampaign(as("marketer"), c.id, { ...input, name: "changed" });
    expect(edited.name).toBe("changed");
  });
});

describe("four eyes", () => {
  it("nobody approves or rejects their own submission, not even the owner", async () => {
    const c = await createCampaign(as("owner"), input);
    await transitionCampaign(as("owner"), c.id, "submit");
    await expect(transitionCampaign(as("owner"), c.id, "approve")).rejects.toMatchObject({ code: "forbidden" });
    await expect(transitionCampaign(as("owner"), c.id, "reject", "x")).rejects.toMatchObject({ code: "forbidden" });
    const [row] = await db.select().from(campaigns).where(eq(campaigns.id, c.id));
    expect(row.status).toBe("in_review");
    await expect(transitionCampaign(as("reviewer"), c.id, "approve")).resolves.toMatchObject({ status: "approved" });
  });

  it("checks the role matrix: marketers cannot approve, reviewers cannot create, clerks nothing", async () => {
    const c = await createCampaign(as("marketer"), input);
    await transitionCampaign(as("marketer"), c.id, "submit");
    await expect(transitionCampaign(as("marketer"), c.id, "approve")).rejects.toMatchObject({ code: "forbidden" });
    await expect(createCampaign(as("reviewer"), input)).rejects.toMatchObject({ code: "forbidden" });
    await expect(createCampaign(as("clerk"), input)).rejects.toMatchObject({ code: "forbidden" });
    await expect(transitionCampaign(as("influencer"), c.id, "pause")).rejects.toMatchObject({ code: "forbidden" });
  });

  it("of many concurrent approvals exactly one wins and one audit row is written", async () => {
    const c = await createCampaign(as("marketer"), input);
    await transitionCampaign(as("marketer"), c.id, "submit");
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => transitionCampaign(as(i % 2 ? "reviewer" : "owner"), c.id, "approve")),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rows = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.entityId, c.id), eq(auditLogs.action, "campaign.approve")));
    expect(rows).toHaveLength(1);
  });
});

describe("tenancy", () => {
  it("another organisation's campaign is not found, for reads and changes", async () => {
    const c = await createCampaign(as("marketer"), input);
    expect(await getCampaign(other.org.id, c.id)).toBeNull();
    await expect(transitionCampaign(as("marketer", other), c.id, "submit")).rejects.toMatchObject({ code: "not_found" });
    await expect(updateCampaign(as("marketer", other), c.id, input)).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses another organisation's stores and keeps nothing of the failed create", async () => {
    const foreign = await seedStore(db, { orgId: other.org.id, name: "foreign" });
    const before = await db.select().from(campaigns).where(eq(campaigns.orgId, fixture.org.id));
    await expect(createCampaign(as("marketer"), { ...input, storeIds: [foreign.id] })).rejects.toMatchObject({ code: "invalid_input" });
    const after = await db.select().from(campaigns).where(eq(campaigns.orgId, fixture.org.id));
    expect(after.length).toBe(before.length);
    const own = await seedStore(db, { orgId: fixture.org.id, name: "own" });
    const c = await createCampaign(as("marketer"), { ...input, storeIds: [own.id] });
    expect((await getCampaign(fixture.org.id, c.id))?.storeIds).toEqual([own.id]);
  });
});

describe("the console's form and pages on the stored campaign", () => {
  it("a form typed in the organisation's zone is stored as those instants and edits back to the same form", async () => {
    const store = await seedStore(db, { orgId: fixture.org.id, name: `form-${randomUUID().slice(0, 6)}` });
    const typed = {
      ...defaultCampaignFormValues("2026-11-01"),
      name: "工作日下午茶",
      type: "percent_off",
      percentOff: "15",
      maxDiscount: "30",
      minSpend: "50",
      validUntilDate: "2026-11-30",
      releaseAtDate: "2026-11-05",
      releaseAtTime: "10:00",
      hoursMode: "limited",
      weekdays: "1,2,3,4,5",
      slots: "14:00-17:00",
      storesMode: "some",
      storeIds: store.id,
      terms: "不可兑换现金",
    };
    const parsed = parseCampaignForm(typed, "Asia/Shanghai");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
    const created = await createCampaign(as("marketer"), parsed.input);
    const stored = await getCampaign(fixture.org.id, created.id);
    expect(stored?.validUntil.toISOString()).toBe("2026-11-30T15:59:59.999Z");
    expect(stored?.releaseAt?.toISOString()).toBe("2026-11-05T02:00:00.000Z");
    expect(stored).toMatchObject({ percentOff: 15, maxDiscount: 3000, minSpend: 5000, value: null, allStores: false });
    const values = campaignFormValuesFromCampaign(stored!, "Asia/Shanghai");
    expect(values).toMatchObject({
      percentOff: "15",
      maxDiscount: "30",
      minSpend: "50",
      validUntilDate: "2026-11-30",
      validUntilTime: "",
      storeIds: store.id,
    });
    const again = parseCampaignForm(values, "Asia/Shanghai");
    expect(again.ok && again.input).toEqual(parsed.input);
  });

  it("lists store ids per campaign within the organisation only, and the brand of the organisation", async () => {
    const store = await seedStore(db, { orgId: fixture.org.id, name: `ids-${randomUUID().slice(0, 6)}` });
    const withStore = await createCampaign(as("marketer"), { ...input, storeIds: [store.id] });
    const everywhere = await createCampaign(as("marketer"), input);
    const ids = await campaignStoreIds(fixture.org.id, [withStore.id, everywhere.id]);
    expect(ids.get(withStore.id)).toEqual([store.id]);
    expect(ids.get(everywhere.id)).toEqual([]);
    expect((await campaignStoreIds(other.org.id, [withStore.id])).get(withStore.id)).toEqual([]);
    expect(await getCouponBrand(fixture.org.id)).toMatchObject({ name: fixture.org.name });
  });

  it("offers each viewer exactly the steps the domain then accepts", async () => {
    const c = await createCampaign(as("marketer"), input);
    await transitionCampaign(as("marketer"), c.id, "submit");
    const row = (await getCampaign(fixture.org.id, c.id))!;
    const viewer = (role: Role) => ({ role, userId: fixture.users[role].id });
    expect(lifecycleActionsFor(row, viewer("marketer"))).toEqual([]);
    expect(lifecycleActionsFor(row, viewer("reviewer"))).toEqual([{ action: "approve" }, { action: "reject" }]);
    await expect(transitionCampaign(as("reviewer"), c.id, "approve")).resolves.toMatchObject({ status: "approved" });

    const own = await createCampaign(as("owner"), input);
    await transitionCampaign(as("owner"), own.id, "submit");
    const ownRow = (await getCampaign(fixture.org.id, own.id))!;
    expect(lifecycleActionsFor(ownRow, viewer("owner"))).toEqual([
      { action: "approve", blocked: "ownSubmission" },
      { action: "reject", blocked: "ownSubmission" },
    ]);
    await expect(transitionCampaign(as("owner"), own.id, "approve")).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("richer offers", () => {
  const DAY = 86_400_000;
  // A live window around now, so an approved campaign takes claims.
  const live = () => ({ validFrom: new Date(Date.now() - DAY).toISOString(), validUntil: new Date(Date.now() + 10 * DAY).toISOString() });
  const tiered = createCampaignSchema.parse({
    name: "满减多档",
    type: "tiered_off",
    tiers: [
      { minSpend: 10000, value: 1000 },
      { minSpend: 20000, value: 3000 },
    ],
    budget: { total: 500000, daily: 50000 },
    productScope: { categories: ["饮品", "饮品"], skus: [], excludeSkus: ["A1"] },
    validFrom: "2036-11-01T00:00:00+08:00",
    validUntil: "2036-11-30T23:59:59.999+08:00",
  });

  it("creates a tiered campaign with a budget and product limits, and the API shape reads them back", async () => {
    const c = await createCampaign(as("marketer"), tiered);
    const dto = toCampaignDto((await getCampaign(fixture.org.id, c.id))!);
    expect(dto).toMatchObject({
      type: "tiered_off",
      value: null,
      minSpend: 10000,
      tiers: [
        { minSpend: 10000, value: 1000 },
        { minSpend: 20000, value: 3000 },
      ],
      budget: { total: 500000, daily: 50000, spent: 0 },
      productScope: { categories: ["饮品"], excludeSkus: ["A1"] },
      claimMode: "open",
    });
    // "Copy as draft" keeps the offer, budget and limits, and none of what was spent.
    await db.update(campaigns).set({ budgetSpent: 1200, budgetAlert: 80 }).where(eq(campaigns.id, c.id));
    const copy = await duplicateCampaign(as("marketer"), c.id, "（副本）");
    expect(copy).toMatchObject({ tiers: dto.tiers, budgetTotal: 500000, budgetDaily: 50000, budgetSpent: 0, budgetAlert: 0, productScope: dto.productScope });
    // A campaign without them says so.
    expect(toCampaignDto((await getCampaign(fixture.org.id, (await createCampaign(as("marketer"), input)).id))!)).toMatchObject({
      tiers: null,
      budget: null,
      productScope: null,
    });
  });

  it("closes and reopens claims on a live campaign, audited, while pause-level roles only may", async () => {
    const c = await createCampaign(as("marketer"), { ...input, ...live() });
    const slug = `cm-${randomUUID().slice(0, 10)}`;
    await seedGroup(db, { orgId: fixture.org.id, campaignId: c.id, name: "g", slug, mode: "unique", quantity: 5 });
    await expect(setClaimMode(as("marketer"), c.id, "closed_keep_issued")).rejects.toMatchObject({ code: "invalid_state" });
    await transitionCampaign(as("marketer"), c.id, "submit");
    await transitionCampaign(as("reviewer"), c.id, "approve");
    const held = await claimCode({ slug, phone: "13900000001" });

    await expect(setClaimMode(as("reviewer"), c.id, "closed_keep_issued")).rejects.toMatchObject({ code: "forbidden" });
    await expect(setClaimMode(as("marketer", other), c.id, "closed_keep_issued")).rejects.toMatchObject({ code: "not_found" });
    const closed = await setClaimMode(as("marketer"), c.id, "closed_keep_issued");
    expect(closed).toMatchObject({ claimMode: "closed_keep_issued", status: "approved" });
    await expect(claimCode({ slug, phone: "13900000002" })).rejects.toMatchObject({ code: "claims_closed" });
    // The code already issued is untouched.
    expect(held.code).toBeTruthy();

    await setClaimMode(as("owner"), c.id, "open");
    await expect(claimCode({ slug, phone: "13900000002" })).resolves.toMatchObject({ repeat: false });
    const rows = await db
      .select({ action: auditLogs.action, before: auditLogs.before, after: auditLogs.after })
      .from(auditLogs)
      .where(and(eq(auditLogs.entityId, c.id), eq(auditLogs.entityType, "campaign")))
      .orderBy(auditLogs.createdAt);
    expect(rows.filter((r) => r.action.startsWith("campaign.claims"))).toEqual([
      { action: "campaign.claimsClosed", before: { claimMode: "open" }, after: { claimMode: "closed_keep_issued" } },
      { action: "campaign.claimsReopened", before: { claimMode: "closed_keep_issued" }, after: { claimMode: "open" } },
    ]);
  });

  it("a budget set on update starts from the discounts really given (reversals excluded), alerts afresh", async () => {
    const store = await seedStore(db, { orgId: fixture.org.id, name: `b-${randomUUID().slice(0, 6)}` });
    const c = await createCampaign(as("marketer"), input);
    const g = await sharedGroup(db, { orgId: fixture.org.id, campaignId: c.id });
    await seedRedemption(db, g, { storeId: store.id, at: new Date(), discount: 2000 });
    await seedRedemption(db, g, { storeId: store.id, at: new Date(Date.now() - 3 * DAY), discount: 2000 });
    const reversed = await seedRedemption(db, g, { storeId: store.id, at: new Date(), discount: 2000 });
    await seedReversal(db, { orgId: fixture.org.id, redemptionId: reversed.id, at: new Date() });
    await db.update(campaigns).set({ budgetAlert: 80 }).where(eq(campaigns.id, c.id));

    const updated = await updateCampaign(as("marketer"), c.id, { ...input, budget: { total: 100000, daily: 10000 } });
    expect(updated).toMatchObject({ budgetTotal: 100000, budgetDaily: 10000, budgetSpent: 4000, budgetAlert: 0 });
    expect(await budgetSpentToday(fixture.org.id, c.id, fixture.org.timeZone)).toBe(2000);
    expect(await budgetSpentToday(other.org.id, c.id, fixture.org.timeZone)).toBe(0);

    // An edit that leaves the budget alone leaves what the database counted alone.
    await db.update(campaigns).set({ budgetSpent: 4500 }).where(eq(campaigns.id, c.id));
    expect((await updateCampaign(as("marketer"), c.id, { ...input, name: "renamed", budget: { total: 100000, daily: 10000 } })).budgetSpent).toBe(4500);

    // A total below what was given is refused on its field; removing the budget is fine.
    await expect(updateCampaign(as("marketer"), c.id, { ...input, budget: { total: 3000 } })).rejects.toMatchObject({
      code: "invalid_input",
      errors: [{ path: "budget.total", message: "campaign.errors.budgetBelowSpent" }],
    });
    expect(await updateCampaign(as("marketer"), c.id, { ...input, budget: null })).toMatchObject({ budgetTotal: null, budgetDaily: null });
    const days = await db.select().from(campaignBudgetDays).where(eq(campaignBudgetDays.campaignId, c.id));
    expect(days).toHaveLength(1);
  });
});

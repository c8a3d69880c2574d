import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLogs, campaigns, outbox } from "@/db/schema";
import { seedStore, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/permissions";
import { createCampaign, duplicateCampaign, transitionCampaign, updateCampaign } from "./mutations";
import { campaignFormValuesFromCampaign, defaultCampaignFormValues, parseCampaignForm } from "./form";
import { lifecycleActionsFor } from "./lifecycle";
import { campaignStoreIds, campaignTimeline, getCampaign, getCouponBrand } from "./queries";
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

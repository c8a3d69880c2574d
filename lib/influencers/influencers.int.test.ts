import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLogs, influencers } from "@/db/schema";
import { seedCampaign, seedGroup, seedInfluencer, seedMember, seedTestOrg, seedUser } from "@/db/seed/builders";
import { parseListParams } from "@/components/data-table/params";
import { fieldErrorsOf } from "@/lib/action-state";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/permissions";
import { archiveInfluencer, createInfluencer, restoreInfluencer, updateInfluencer } from "./mutations";
import { getInfluencer, listInfluencerAccounts, listInfluencersTable } from "./queries";
import { influencerInputSchema, influencerListParams } from "./schemas";

let fixture: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
const as = (role: Role, f = fixture): Actor => ({ orgId: f.org.id, role, userId: f.users[role].id, apiKeyId: null, ip: "203.0.113.7" });
const input = (over: Record<string, unknown> = {}) =>
  influencerInputSchema.parse({ displayName: "小鹿", platform: "xiaohongshu", handle: `@xiaolu-${randomUUID().slice(0, 8)}`, notes: "", ...over });

async function auditOf(entityId: string) {
  return db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.entityType, "influencer"), eq(auditLogs.entityId, entityId)))
    .orderBy(asc(auditLogs.createdAt), asc(auditLogs.action));
}

beforeAll(async () => {
  fixture = await seedTestOrg(db, `inf-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `inf-${randomUUID().slice(0, 8)}`);
});

describe("influencer mutations", () => {
  it("creates, edits, archives and restores, each with its audit row", async () => {
    const created = await createInfluencer(as("marketer"), input({ handle: "@xiaolu" }));
    expect(created).toMatchObject({ orgId: fixture.org.id, displayName: "小鹿", platform: "xiaohongshu", handle: "@xiaolu", userId: null, archivedAt: null });

    const edited = await updateInfluencer(as("owner"), created.id, input({ displayName: "小鹿同学", platform: "douyin", notes: "报价 5000" }));
    expect(edited).toMatchObject({ displayName: "小鹿同学", platform: "douyin", notes: "报价 5000" });

    const archived = await archiveInfluencer(as("marketer"), created.id);
    expect(archived.archivedAt).toBeInstanceOf(Date);
    const restored = await restoreInfluencer(as("marketer"), created.id);
    expect(restored.archivedAt).toBeNull();

    const audit = await auditOf(created.id);
    expect(audit.map((a) => a.action)).toEqual(["influencer.created", "influencer.updated", "influencer.archived", "influencer.restored"]);
    expect(audit.every((a) => a.orgId === fixture.org.id && a.ip === "203.0.113.7")).toBe(true);
    expect(audit[0].actorUserId).toBe(fixture.users.marketer.id);
    expect(audit[1].actorUserId).toBe(fixture.users.owner.id);
    expect(audit[1].before).toMatchObject({ displayName: "小鹿", platform: "xiaohongshu" });
    expect(audit[1].after).toMatchObject({ displayName: "小鹿同学", platform: "douyin" });
    expect(audit[2].before).toMatchObject({ archivedAt: null });
  });

  it("refuses a second influencer with the same platform and handle, naming the first, even when added at once", async () => {
    const handle = `@dup-${randomUUID().slice(0, 6)}`;
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => createInfluencer(as("marketer"), input({ handle }))));
    const made = results.filter((r) => r.status === "fulfilled");
    expect(made).toHaveLength(1);
    const first = (made[0] as PromiseFulfilledResult<{ id: string }>).value;
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "conflict", details: { existingId: first.id }, errors: [{ path: "handle" }] });
    }
    // Case does not make it another account; another platform does; editing the first keeps its own handle.
    await expect(createInfluencer(as("marketer"), input({ handle: handle.toUpperCase() }))).rejects.toMatchObject({ code: "conflict" });
    await expect(createInfluencer(as("marketer"), input({ handle, platform: "douyin" }))).resolves.toMatchObject({ platform: "douyin" });
    await expect(updateInfluencer(as("marketer"), first.id, input({ handle, notes: "改" }))).resolves.toMatchObject({ notes: "改" });
    const other2 = await createInfluencer(as("marketer"), input());
    await expect(updateInfluencer(as("marketer"), other2.id, input({ handle }))).rejects.toMatchObject({ code: "conflict" });
    // Another organisation may have the same account.
    await expect(createInfluencer(as("marketer", other), input({ handle }))).resolves.toBeTruthy();
  });

  it("refuses to edit an archived influencer or to archive one twice, and writes no audit row for it", async () => {
    const created = await createInfluencer(as("marketer"), input());
    await archiveInfluencer(as("marketer"), created.id);
    await expect(updateInfluencer(as("marketer"), created.id, input({ displayName: "x" }))).rejects.toMatchObject({ code: "invalid_state" });
    await expect(archiveInfluencer(as("marketer"), created.id)).rejects.toMatchObject({ code: "invalid_state" });
    await restoreInfluencer(as("marketer"), created.id);
    await expect(restoreInfluencer(as("marketer"), created.id)).rejects.toMatchObject({ code: "invalid_state" });
    expect((await auditOf(created.id)).map((a) => a.action)).toEqual(["influencer.created", "influencer.archived", "influencer.restored"]);
  });

  it("gives field errors as message keys", () => {
    const parsed = influencerInputSchema.safeParse({ displayName: "  ", platform: "myspace", handle: "", notes: "x".repeat(2001), userId: "nope" });
    expect(parsed.success).toBe(false);
    expect(fieldErrorsOf(parsed.error!)).toEqual({
      displayName: "validation.required",
      platform: "influencers.errors.platform",
      notes: "validation.tooLong",
      userId: "influencers.errors.userNotInfluencer",
    });
    expect(fieldErrorsOf(influencerInputSchema.safeParse({ displayName: "x".repeat(81), platform: "weibo" }).error!)).toEqual({
      displayName: "validation.tooLong",
    });
    // The form's "not linked" option is an empty string.
    expect(influencerInputSchema.parse({ displayName: "a", platform: "other", userId: "" }).userId).toBeNull();
  });

  it("links only a member of the organisation with role influencer", async () => {
    const linked = await createInfluencer(as("marketer"), input({ userId: fixture.users.influencer.id }));
    expect(linked.userId).toBe(fixture.users.influencer.id);
    expect((await getInfluencer(fixture.org.id, linked.id))?.userEmail).toBe(fixture.users.influencer.email);

    const refusals = [fixture.users.marketer.id, fixture.users.clerk.id, other.users.influencer.id, randomUUID()];
    for (const userId of refusals) {
      await expect(createInfluencer(as("marketer"), input({ userId }))).rejects.toMatchObject({
        code: "invalid_input",
        errors: [{ path: "userId", message: "influencers.errors.userNotInfluencer" }],
      });
      await expect(updateInfluencer(as("marketer"), linked.id, input({ userId }))).rejects.toMatchObject({ code: "invalid_input" });
    }
    // The refused edits changed nothing.
    expect((await getInfluencer(fixture.org.id, linked.id))?.userId).toBe(fixture.users.influencer.id);

    const accounts = await listInfluencerAccounts(fixture.org.id);
    expect(accounts.map((a) => a.id)).toEqual([fixture.users.influencer.id]);
    expect(accounts[0].linkedCount).toBeGreaterThanOrEqual(1);
  });

  it("checks the role matrix: reviewers, clerks and influencers cannot write", async () => {
    const created = await createInfluencer(as("owner"), input());
    for (const role of ["reviewer", "clerk", "influencer"] as const) {
      await expect(createInfluencer(as(role), input())).rejects.toMatchObject({ code: "forbidden" });
      await expect(updateInfluencer(as(role), created.id, input())).rejects.toMatchObject({ code: "forbidden" });
      await expect(archiveInfluencer(as(role), created.id)).rejects.toMatchObject({ code: "forbidden" });
    }
  });
});

describe("tenancy", () => {
  it("another organisation's influencer is not found, for reads and every change", async () => {
    const mine = await createInfluencer(as("marketer"), input());
    expect(await getInfluencer(other.org.id, mine.id)).toBeNull();
    await expect(updateInfluencer(as("marketer", other), mine.id, input({ displayName: "hijack" }))).rejects.toMatchObject({ code: "not_found" });
    await expect(archiveInfluencer(as("owner", other), mine.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(restoreInfluencer(as("owner", other), mine.id)).rejects.toMatchObject({ code: "not_found" });
    const [row] = await db.select().from(influencers).where(eq(influencers.id, mine.id));
    expect(row).toMatchObject({ displayName: "小鹿", archivedAt: null });
    expect((await auditOf(mine.id)).map((a) => a.action)).toEqual(["influencer.created"]);
  });

  it("a malformed id is not found rather than a database error", async () => {
    expect(await getInfluencer(fixture.org.id, "not-a-uuid")).toBeNull();
    await expect(updateInfluencer(as("marketer"), "not-a-uuid", input())).rejects.toMatchObject({ code: "not_found" });
    await expect(archiveInfluencer(as("marketer"), "1; drop table influencers")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("listInfluencersTable", () => {
  let list: Awaited<ReturnType<typeof seedTestOrg>>;
  const params = (query: Record<string, string> = {}) => parseListParams(influencerListParams, query);
  const names = (rows: { displayName: string }[]) => rows.map((r) => r.displayName);

  beforeAll(async () => {
    list = await seedTestOrg(db, `inf-list-${randomUUID().slice(0, 8)}`);
    // 25 live influencers "Creator 01" … "Creator 25", alternating platforms, plus 2 archived ones.
    for (let i = 1; i <= 25; i++) {
      await seedInfluencer(db, {
        orgId: list.org.id,
        displayName: `Creator ${String(i).padStart(2, "0")}`,
        platform: i % 2 ? "douyin" : "weibo",
        handle: i === 7 ? "@lucky_seven" : `@c${i}`,
      });
    }
    await seedInfluencer(db, { orgId: list.org.id, displayName: "Archived A", platform: "douyin", archivedAt: new Date() });
    await seedInfluencer(db, { orgId: list.org.id, displayName: "Archived B", platform: "bilibili", archivedAt: new Date() });
    // Creator 03 has two code groups, Creator 05 one.
    const [c03] = await db.select().from(influencers).where(and(eq(influencers.orgId, list.org.id), eq(influencers.displayName, "Creator 03")));
    const [c05] = await db.select().from(influencers).where(and(eq(influencers.orgId, list.org.id), eq(influencers.displayName, "Creator 05")));
    const campaign = await seedCampaign(db, { orgId: list.org.id });
    for (const [infl, n] of [[c03, 1], [c03, 2], [c05, 3]] as const) {
      await seedGroup(db, { orgId: list.org.id, campaignId: campaign.id, name: `g${n}`, slug: `g-${randomUUID().slice(0, 12)}`, influencerId: infl.id, mode: "unique", quantity: 2 });
    }
    // Another organisation's influencer never shows up.
    await seedInfluencer(db, { orgId: other.org.id, displayName: "Creator 00", platform: "douyin" });
  });

  it("pages by name with the total over all pages", async () => {
    const first = await listInfluencersTable(list.org.id, params({ pageSize: "10" }));
    expect(first.total).toBe(25);
    expect(names(first.rows)).toEqual(Array.from({ length: 10 }, (_, i) => `Creator ${String(i + 1).padStart(2, "0")}`));
    const third = await listInfluencersTable(list.org.id, params({ pageSize: "10", page: "3" }));
    expect(third.total).toBe(25);
    expect(names(third.rows)).toEqual(["Creator 21", "Creator 22", "Creator 23", "Creator 24", "Creator 25"]);
    const beyond = await listInfluencersTable(list.org.id, params({ pageSize: "10", page: "4" }));
    expect(beyond).toEqual({ rows: [], total: 25 });
  });

  it("sorts by any sortable column, both ways", async () => {
    const desc = await listInfluencersTable(list.org.id, params({ sort: "displayName", dir: "desc", pageSize: "10" }));
    expect(names(desc.rows).slice(0, 2)).toEqual(["Creator 25", "Creator 24"]);
    const byGroups = await listInfluencersTable(list.org.id, params({ sort: "groupCount", dir: "desc", pageSize: "10" }));
    expect(byGroups.rows.slice(0, 2).map((r) => [r.displayName, r.groupCount])).toEqual([
      ["Creator 03", 2],
      ["Creator 05", 1],
    ]);
    // Platforms sort in the enum's order: douyin before weibo.
    const byPlatform = await listInfluencersTable(list.org.id, params({ sort: "platform", pageSize: "100" }));
    expect(byPlatform.rows.map((r) => r.platform)).toEqual([...Array(13).fill("douyin"), ...Array(12).fill("weibo")]);
  });

  it("searches name and handle, case-insensitively and literally", async () => {
    expect(names((await listInfluencersTable(list.org.id, params({ q: "creator 1" }))).rows)).toEqual([
      "Creator 10",
      ...Array.from({ length: 9 }, (_, i) => `Creator 1${i + 1}`),
    ].sort());
    const byHandle = await listInfluencersTable(list.org.id, params({ q: "LUCKY_" }));
    expect({ names: names(byHandle.rows), total: byHandle.total }).toEqual({ names: ["Creator 07"], total: 1 });
    // `%` and `_` are not wildcards.
    expect((await listInfluencersTable(list.org.id, params({ q: "%" }))).total).toBe(0);
  });

  it("filters by platform and shows archived rows only when asked", async () => {
    const weibo = await listInfluencersTable(list.org.id, params({ platform: "weibo", pageSize: "100" }));
    expect(weibo.total).toBe(12);
    expect(weibo.rows.every((r) => r.platform === "weibo")).toBe(true);
    const withArchived = await listInfluencersTable(list.org.id, params({ archived: "1", pageSize: "100" }));
    expect(withArchived.total).toBe(27);
    const archivedBilibili = await listInfluencersTable(list.org.id, params({ archived: "1", platform: "bilibili" }));
    expect(archivedBilibili.rows.map((r) => [r.displayName, r.archivedAt instanceof Date])).toEqual([["Archived B", true]]);
  });
});

describe("listInfluencerAccounts", () => {
  it("lists only this organisation's influencer members", async () => {
    const extra = await seedUser(db, { email: `creator-${randomUUID().slice(0, 8)}@example.test`, name: "Extra", passwordHash: "none" });
    await seedMember(db, { orgId: other.org.id, userId: extra.id, role: "influencer" });
    const ids = (await listInfluencerAccounts(other.org.id)).map((a) => a.id).sort();
    expect(ids).toEqual([other.users.influencer.id, extra.id].sort());
  });
});

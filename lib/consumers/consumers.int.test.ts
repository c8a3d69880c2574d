import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, rows } from "@/db";
import { auditLogs, consumerCounts, consumers, consumerTags, organizations, phoneVerifications, smsMessages } from "@/db/schema";
import { seedCampaign, seedGroup, seedTestOrg } from "@/db/seed/builders";
import { claimCode } from "@/lib/claims/claim";
import type { Actor } from "@/lib/auth/actor";
import { consumerListParams } from "./schemas";
import { importTags } from "./import";
import { addConsumerTag, eraseConsumer, eraseInactiveConsumers, exportConsumerData, putTagsByPhone, removeConsumerTag } from "./mutations";
import { getConsumer, listConsumersPage, listConsumersTable } from "./queries";
import { createSegment } from "@/lib/segments/mutations";
import { segmentRulesSchema } from "@/lib/segments/rules";
import { parseListParams } from "@/components/data-table/params";

let f: Awaited<ReturnType<typeof seedTestOrg>>;
const as = (role: "owner" | "marketer" | "reviewer"): Actor => ({ orgId: f.org.id, role, userId: f.users[role].id, apiKeyId: null });
const enc = new TextEncoder();
async function* chunks(text: string, size = 7) {
  for (let i = 0; i < text.length; i += size) yield enc.encode(text.slice(i, i + size));
}

beforeAll(async () => {
  f = await seedTestOrg(db, `cons-${randomUUID().slice(0, 8)}`);
});

describe("tag import", () => {
  it("merges every row's tag into its consumer, creating new phones, in one go", async () => {
    await putTagsByPhone(as("marketer"), "13900000001", ["老客"]);
    const csv = "phone,tag\n13900000001,VIP\n１３９０００００００２,vip\n+86 139-0000-0002, 学生 \n\n13900000003,会员\n";
    const progress: string[] = [];
    const result = await importTags(as("marketer"), chunks(csv), (p) => progress.push(p.phase));
    expect(result).toEqual({ ok: true, rows: 4, consumers: 3, created: 2 });
    expect(progress).toContain("merging");
    const tagsOf = async (phone: string) =>
      (await db.select({ tag: consumerTags.tag }).from(consumerTags).innerJoin(consumers, eq(consumers.id, consumerTags.consumerId)).where(and(eq(consumers.orgId, f.org.id), eq(consumers.phone, phone))).orderBy(consumerTags.tag)).map((r) => r.tag);
    expect(await tagsOf("+8613900000001")).toEqual(["vip", "老客"]);
    expect(await tagsOf("+8613900000002")).toEqual(["vip", "学生"]);
    expect(await tagsOf("+8613900000003")).toEqual(["会员"]);
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.orgId, f.org.id), eq(auditLogs.action, "consumers.tagsImported")));
    expect(audit.after).toMatchObject({ rows: 4, created: 2 });
    // The same file again changes nothing and rewrites no row.
    const versions = async () => (await rows<{ v: string }>(db, sql`select xmin::text as v from consumers where org_id = ${f.org.id}::uuid and phone like '+861390000000_' order by phone`)).map((r) => r.v);
    const before = await versions();
    expect(await importTags(as("marketer"), chunks(csv))).toEqual({ ok: true, rows: 4, consumers: 3, created: 0 });
    expect(await versions()).toEqual(before);
    expect(await tagsOf("+8613900000002")).toEqual(["vip", "学生"]);
  });

  it("imports nothing when any row is bad, and lists the bad rows by line", async () => {
    const csv = "13900000010,new\nnot-a-phone,x\n13900000011,\n13900000012,a,b\n13900000013,ok\n";
    const result = await importTags(as("marketer"), chunks(csv));
    expect(result).toEqual({
      ok: false,
      rows: 5,
      badCount: 3,
      bad: [
        { line: 2, message: "consumers.import.badPhone", value: "not-a-phone" },
        { line: 3, message: "consumers.import.badTag", value: "" },
        { line: 4, message: "consumers.import.columns", value: "13900000012,a,b" },
      ],
    });
    const found = await db.select().from(consumers).where(and(eq(consumers.orgId, f.org.id), sql`${consumers.phone} in ('+8613900000010', '+8613900000013')`));
    expect(found).toEqual([]);
  });

  it("is for roles that may change consumers", async () => {
    await expect(importTags(as("reviewer"), chunks("13900000020,x\n"))).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("tags by hand and by a CRM", () => {
  it("adds, removes and replaces tags", async () => {
    const { id, created } = await putTagsByPhone(as("marketer"), "13900000030", ["A", "b "]);
    expect(created).toBe(true);
    expect((await addConsumerTag(as("marketer"), id, "会员")).tags).toEqual(["a", "b", "会员"]);
    expect((await removeConsumerTag(as("marketer"), id, "a")).tags).toEqual(["b", "会员"]);
    const again = await putTagsByPhone(as("marketer"), "+86 13900000030", ["x"]);
    expect(again).toMatchObject({ id, created: false, tags: ["x"] });
    await expect(putTagsByPhone(as("marketer"), "123", ["x"])).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("the consumers list", () => {
  beforeAll(async () => {
    await db.execute(sql`
      insert into consumers (org_id, phone, first_seen_at, claim_count, redemption_count, order_total, last_redemption_at)
      select ${f.org.id}::uuid, '+86137' || lpad(n::text, 8, '0'),
             now() - make_interval(mins => n), n % 5, n % 4, (n % 4) * 1000, case when n % 4 > 0 then now() - make_interval(days => n % 50) end
      from generate_series(1, 230) n`);
    await db.execute(sql`
      insert into consumer_tags (consumer_id, tag, org_id)
      select id, 'vip', org_id from consumers where org_id = ${f.org.id}::uuid and phone like '+86137%' and right(phone, 8)::int % 3 = 0`);
  });

  it("pages, sorts, searches by the last four digits or the whole number, and filters by tag and segment", async () => {
    const p = (q: Record<string, string>) => parseListParams(consumerListParams, q);
    const first = await listConsumersTable(f.org.id, p({ pageSize: "50" }));
    expect(first.total).toBeGreaterThanOrEqual(230);
    expect(first.rows).toHaveLength(50);
    expect([...first.rows].sort((a, b) => b.firstSeenAt.getTime() - a.firstSeenAt.getTime())).toEqual(first.rows);
    // The last page is read from the other end; it is what walking page by page would have reached.
    const pages = Math.ceil(first.total / 50);
    const last = await listConsumersTable(f.org.id, p({ pageSize: "50", page: String(pages) }));
    expect(last.rows.length).toBe(first.total - (pages - 1) * 50);
    const all = (await Promise.all(Array.from({ length: pages }, (_, i) => listConsumersTable(f.org.id, p({ pageSize: "50", page: String(i + 1) }))))).flatMap((r) => r.rows.map((x) => x.id));
    expect(new Set(all).size).toBe(first.total);
    for (const sort of ["orderTotal", "lastRedemptionAt", "claims"]) {
      const desc = await listConsumersTable(f.org.id, p({ sort, dir: "desc", pageSize: "100" }));
      const asc = await listConsumersTable(f.org.id, p({ sort, dir: "asc", pageSize: "100", page: String(Math.ceil(desc.total / 100)) }));
      // Newest first, the last page of ascending order holds the same rows as the first of descending order's end.
      expect(desc.rows.length).toBe(100);
      expect(asc.rows.length).toBeGreaterThan(0);
    }
    const four = await listConsumersTable(f.org.id, p({ q: "0042" }));
    expect(four.rows.map((r) => r.phone)).toEqual(["+8613700000042"]);
    const whole = await listConsumersTable(f.org.id, p({ q: "137 0000 0043" }));
    expect(whole.rows.map((r) => r.phone)).toEqual(["+8613700000043"]);
    const vip = await listConsumersTable(f.org.id, p({ tag: "vip", pageSize: "100" }));
    expect(vip.rows.every((r) => r.tags.includes("vip"))).toBe(true);
    const segment = await createSegment(as("marketer"), { name: `spenders ${randomUUID().slice(0, 4)}`, rules: segmentRulesSchema.parse({ minOrderTotal: 3000 }) });
    const spenders = await listConsumersTable(f.org.id, p({ segment: segment.id, pageSize: "100" }));
    expect(spenders.total).toBeGreaterThan(0);
    expect(spenders.rows.every((r) => r.orderTotal >= 3000)).toBe(true);
    // The API pages by cursor through the same list.
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await listConsumersPage(f.org.id, { limit: 80, cursor });
      for (const r of page.items) seen.add(r.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.size).toBe(first.total);
  });
});

describe("the kept consumer count (the unfiltered list's total)", () => {
  it("matches a count of the rows after concurrent first claims, an import and a deletion", async () => {
    const g = await seedTestOrg(db, `count-${randomUUID().slice(0, 8)}`);
    const marketer: Actor = { orgId: g.org.id, role: "marketer", userId: g.users.marketer.id, apiKeyId: null };
    const campaign = await seedCampaign(db, { orgId: g.org.id });
    const group = await seedGroup(db, { orgId: g.org.id, campaignId: campaign.id, name: "all", slug: `cnt-${randomUUID().slice(0, 8)}`, mode: "unique", quantity: 200 });
    // 120 claims from 80 phones at once: 80 new consumers, however the claims interleave.
    const phones = Array.from({ length: 120 }, (_, i) => `+86136${String(i % 80).padStart(8, "0")}`);
    await Promise.all(phones.map((phone) => claimCode({ slug: group.slug, phone }).catch(() => null)));
    const csv = `phone,tag\n${Array.from({ length: 50 }, (_, i) => `+86136${String(60 + i).padStart(8, "0")},crm`).join("\n")}\n`;
    expect(await importTags(marketer, chunks(csv, 64))).toMatchObject({ ok: true, created: 30 });
    const listed = await listConsumersTable(g.org.id, parseListParams(consumerListParams, {}));
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(consumers).where(eq(consumers.orgId, g.org.id));
    expect(n).toBe(110);
    expect(listed.total).toBe(110);
    await db.delete(consumers).where(and(eq(consumers.orgId, g.org.id), sql`${consumers.id} in (select consumer_id from consumer_tags where tag = 'crm')`));
    expect((await listConsumersTable(g.org.id, parseListParams(consumerListParams, {}))).total).toBe(60);
    // Deleting the organisation takes its consumers and their count with it.
    await db.delete(organizations).where(eq(organizations.id, g.org.id));
    expect(await db.select().from(consumerCounts).where(eq(consumerCounts.orgId, g.org.id))).toEqual([]);
  });
});

describe("privacy", () => {
  it("exports what is held about a phone, and erases it from every table while the counts stay", async () => {
    const { id } = await putTagsByPhone(as("marketer"), "13900000099", ["vip"]);
    await db.update(consumers).set({ claimCount: 3, redemptionCount: 2, orderTotal: 5000 }).where(eq(consumers.id, id));
    await db.insert(smsMessages).values({ orgId: f.org.id, phone: "+8613900000099", body: "验证码 123456", provider: "dev" });
    await db.insert(phoneVerifications).values({ orgId: f.org.id, phone: "+8613900000099", codeHash: "x", expiresAt: new Date() });
    await expect(exportConsumerData(as("marketer"), id)).rejects.toMatchObject({ code: "forbidden" });
    const data = await exportConsumerData(as("owner"), id);
    expect(data.consumer).toMatchObject({ phone: "+8613900000099", tags: ["vip"] });
    expect(data.textMessages).toHaveLength(1);

    await eraseConsumer(as("owner"), id);
    const [k] = await db.select().from(consumers).where(eq(consumers.id, id));
    expect(k).toMatchObject({ phone: `erased:${id}`, claimCount: 3, redemptionCount: 2, orderTotal: 5000 });
    expect(k.erasedAt).not.toBeNull();
    expect(await db.select().from(consumerTags).where(eq(consumerTags.consumerId, id))).toEqual([]);
    expect((await getConsumer(f.org.id, id))?.tags).toEqual([]);
    const leftovers = await db.execute(sql`select
      (select count(*) from sms_messages where phone = '+8613900000099' and org_id = ${f.org.id}::uuid)::int +
      (select count(*) from phone_verifications where phone = '+8613900000099' and org_id = ${f.org.id}::uuid)::int +
      (select count(*) from consumers where phone = '+8613900000099' and org_id = ${f.org.id}::uuid)::int as n`);
    expect((Array.isArray(leftovers) ? leftovers : (leftovers as unknown as { rows: { n: number }[] }).rows)[0]).toMatchObject({ n: 0 });
    expect((await getConsumer(f.org.id, id))?.erased).toBe(true);
    await expect(eraseConsumer(as("owner"), id)).rejects.toMatchObject({ code: "invalid_state" });
  });

  it("erases consumers with no activity for longer than the retention period", async () => {
    const { id: stale } = await putTagsByPhone(as("marketer"), "13900000100", []);
    const { id: fresh } = await putTagsByPhone(as("marketer"), "13900000101", []);
    await db.update(consumers).set({ firstSeenAt: sql`now() - interval '400 days'`, lastClaimAt: sql`now() - interval '390 days'` }).where(eq(consumers.id, stale));
    const erased = await eraseInactiveConsumers(f.org.id, 12);
    expect(erased).toBeGreaterThanOrEqual(1);
    expect((await getConsumer(f.org.id, stale))?.erased).toBe(true);
    expect((await getConsumer(f.org.id, fresh))?.erased).toBe(false);
  });
});

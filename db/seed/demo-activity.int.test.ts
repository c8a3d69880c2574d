import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, rows } from "@/db";
import { getComparison, getDashboard } from "@/lib/analytics/dashboard";
import { resolveRange } from "@/lib/analytics/metrics";
import { rollUpAnalytics } from "@/lib/analytics/rollup";
import { dateInZone } from "@/lib/time";
import { seedDemo } from "./demo";

// The demo organisation's history (demo-activity.ts): consistent with its codes, leaving the codes the
// e2e specs use alone, quick to seed, and enough for every chart of the dashboard.

let orgId: string;
const TZ = "Asia/Shanghai";

beforeAll(async () => {
  await seedDemo(db);
  [{ id: orgId }] = await rows<{ id: string }>(db, sql`select id from organizations where slug = 'demo'`);
});

const count = async (query: ReturnType<typeof sql>) => Number((await rows<{ n: number | string }>(db, query))[0].n);

describe("demo activity", () => {
  it("keeps codes consistent with the claims and redemptions written", async () => {
    // Every claim of a unique group holds its code, for its consumer.
    expect(
      await count(sql`select count(*) as n from claims c join codes co on co.id = c.code_id join code_groups g on g.id = c.group_id
                      where c.org_id = ${orgId}::uuid and g.mode = 'unique'
                        and (co.consumer_id is distinct from c.consumer_id or co.status not in ('claimed', 'redeemed') or co.claimed_at is null)`),
    ).toBe(0);
    // A code is redeemed exactly when it has a redemption that was not reversed.
    expect(
      await count(sql`select count(*) as n from codes co join code_groups g on g.id = co.group_id
                      where co.org_id = ${orgId}::uuid and g.mode = 'unique'
                        and (co.status = 'redeemed') <> exists (select 1 from redemptions r where r.code_id = co.id and r.reversed_at is null)`),
    ).toBe(0);
    // Every reversal has its row, and its redemption's reversed_at.
    expect(await count(sql`select count(*) as n from redemptions where org_id = ${orgId}::uuid and reversed_at is not null`)).toBe(
      await count(sql`select count(*) as n from reversals v join redemptions r on r.id = v.redemption_id and r.reversed_at = v.created_at where v.org_id = ${orgId}::uuid`),
    );
    expect(await count(sql`select count(*) as n from reversals where org_id = ${orgId}::uuid`)).toBeGreaterThan(0);
    // Attribution and times as the redemption path writes them.
    expect(
      await count(sql`select count(*) as n from redemptions r join code_groups g on g.id = r.group_id
                      where r.org_id = ${orgId}::uuid and (r.influencer_id is distinct from g.influencer_id or r.created_at > now() or r.claimed_at > r.created_at)`),
    ).toBe(0);
    // The counters the claim and redemption paths keep for shared codes (uses, and uses not reversed).
    expect(
      await count(sql`select count(*) as n from code_groups g where g.org_id = ${orgId}::uuid and g.mode = 'shared'
                        and g.claimed_count <> (select count(*) from claims c where c.group_id = g.id)`),
    ).toBe(0);
    expect(
      await count(sql`select count(*) as n from code_groups g where g.org_id = ${orgId}::uuid and g.mode = 'shared'
                        and g.redeemed_count <> (select count(*) from redemptions r where r.group_id = g.id and r.reversed_at is null)`),
    ).toBe(0);
  });

  it("has a customer base whose counters are its history, and segments of real sizes", async () => {
    // recount_consumers() would change nothing: every counter equals the claims and redemptions behind it.
    const counters = sql`select id, claim_count, redemption_count, order_total, discount_total, last_claim_at, last_redemption_at from consumers where org_id = ${orgId}::uuid order by id`;
    const before = await rows(db, counters);
    await db.execute(sql`select recount_consumers(${orgId}::uuid)`);
    expect(await rows(db, counters)).toEqual(before);
    expect(before.length).toBeGreaterThan(2000);
    const { segmentSize, listSegments } = await import("@/lib/segments/queries");
    const segments = await listSegments(orgId);
    expect(segments.map((s) => s.name)).toEqual(expect.arrayContaining(["高价值顾客", "沉睡老客（60 天未到店）", "新客", "学生"]));
    for (const s of segments) {
      const { size } = await segmentSize(orgId, s.rules);
      expect(size, s.name).toBeGreaterThan(20);
      expect(size, s.name).toBeLessThan(before.length);
    }
  });

  it("leaves the codes the e2e specs use alone", async () => {
    const byStatus = async (slug: string) =>
      Object.fromEntries(
        (await rows<{ status: string; n: number | string }>(db, sql`select co.status, count(*) as n from codes co join code_groups g on g.id = co.group_id where g.slug = ${slug} group by 1`)).map((r) => [r.status, Number(r.n)]),
      );
    expect((await byStatus("demo-live")).available).toBeGreaterThanOrEqual(500);
    expect(await byStatus("demo-flash")).toEqual({ claimed: 3 });
    expect(await byStatus("demo-xmas")).toEqual({ available: 200 });
    expect(await byStatus("demo-verify")).toEqual({ available: 300 });
    // 小鹿 (influencer@demo.local) still has exactly one group.
    expect(await count(sql`select count(*) as n from code_groups g join influencers i on i.id = g.influencer_id where i.org_id = ${orgId}::uuid and i.display_name = '小鹿'`)).toBe(1);
  });

  it("gives every chart of the dashboard something to show, the same with and without rollups", async () => {
    const range = resolveRange({ range: "30" }, dateInZone(new Date(), TZ));
    const raw = await getDashboard(orgId, { timeZone: TZ, range });
    expect(raw.totals.views).toBeGreaterThan(1000);
    expect(raw.totals.redemptions).toBeGreaterThan(100);
    expect(raw.metrics.roi).not.toBeNull();
    expect(raw.leaderboard.map((r) => r.name).sort()).toEqual(["吃货老王", "小鹿", "阿May"].sort());
    for (const r of raw.leaderboard) expect(r.redemptions).toBeGreaterThan(0);
    expect(raw.stores).toHaveLength(2);
    expect(raw.delay.total).toBeGreaterThan(50);
    expect(raw.delay.medianSeconds).not.toBeNull();
    // Stores redeem in opening hours (7:00–22:00), busiest around lunch.
    expect(raw.hours.slice(0, 7).every((n) => n === 0)).toBe(true);
    expect(raw.hours[22] + raw.hours[23]).toBe(0);
    expect(raw.hours[12]).toBeGreaterThan(raw.hours[8]);
    expect(raw.series.filter((d) => d.views > 0).length).toBeGreaterThanOrEqual(28);

    await rollUpAnalytics({ orgIds: [orgId], lagSeconds: 60 });
    const rolled = await getDashboard(orgId, { timeZone: TZ, range });
    expect(rolled.watermark).not.toBeNull();
    expect({ ...rolled, watermark: null }).toEqual(raw);

    const campaigns = await rows<{ id: string }>(db, sql`select id from campaigns where org_id = ${orgId}::uuid and name in ('双十一满 100 减 20', '国庆第二杯半价')`);
    const compared = await getComparison(orgId, { timeZone: TZ, range, kind: "campaign", ids: campaigns.map((c) => c.id) });
    expect(compared).toHaveLength(2);
    for (const c of compared) expect(c.redemptions).toBeGreaterThan(0);
  });
});

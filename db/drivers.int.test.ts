import { gt, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, preparedRows, rows } from "@/db";
import { seedCampaign, seedTestOrg } from "@/db/seed/builders";
import { campaigns } from "@/db/schema";
import { getOverviewCounts } from "@/lib/analytics/queries";

// postgres.js refused a Date that reached a parameter outside drizzle's column mapping while PGlite
// took it, so code tested on PGlite answered 500 on PostgreSQL (the dashboard did, every time).
describe("a Date as a query parameter", () => {
  const at = new Date("2026-03-04T05:06:07.089Z");

  it("goes through a raw sql template, a prepared statement and a comparison with an expression", async () => {
    const [raw] = await rows<{ iso: string }>(db, sql`select to_char(${at}::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as iso`);
    expect(raw.iso).toBe("2026-03-04T05:06:07.089");
    const [prepared] = await preparedRows<{ later: boolean }>(sql`select ${at}::timestamptz < now() as later`);
    expect(prepared.later).toBe(true);
    const found = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(campaigns)
      .where(gt(sql`${campaigns.validUntil} + interval '0 s'`, at));
    expect(found[0].n).toBeGreaterThanOrEqual(0);
  });

  it("counts a running campaign on the dashboard", async () => {
    const { org } = await seedTestOrg(db, `drv-${Date.now()}`);
    await seedCampaign(db, { orgId: org.id });
    await seedCampaign(db, { orgId: org.id, status: "draft" });
    await seedCampaign(db, { orgId: org.id, validFrom: new Date(Date.now() - 9e9), validUntil: new Date(Date.now() - 1e9) });
    const counts = await getOverviewCounts(org.id);
    expect(counts).toMatchObject({ campaigns: 3, runningCampaigns: 1 });
  });
});

// postgres.js kept counting rows across queries when one failed part-way through its rows: the next
// query on that connection came back as a sparse array (porsager/postgres#1181), so a redemption
// after an order refused on its second code read `undefined` as its row. patches/ resets the count.
describe("a query that fails after sending some rows", () => {
  it("leaves the next queries on the connection whole", async () => {
    const failing = sql`select i, 1 / (4 - i) as boom from generate_series(1, 10) i`;
    const next = sql`select x from generate_series(1, 5) x`;
    for (let round = 0; round < 20; round++) {
      const results = await Promise.all([
        preparedRows(failing).then(() => "no error", () => "failed"),
        preparedRows<{ x: number }>(next),
        rows<{ x: number }>(db, next),
      ]);
      expect(results[0]).toBe("failed");
      for (const r of results.slice(1) as { x: number }[][]) {
        expect(r).toHaveLength(5);
        expect(r.every((row) => row !== undefined)).toBe(true);
      }
    }
  });
});

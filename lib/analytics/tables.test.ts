import { describe, expect, it } from "vitest";
import type { CompareRow, Dashboard, LeaderboardRow } from "./dashboard";
import { metricsOf, type Totals } from "./metrics";
import { compareTable, dashboardTable, hourLabel, sortLeaderboard } from "./tables";

// The CSV tables: the page's columns, money in yuan, rates as the page writes them.

const t = (key: string) => key;
const platform = (p: string) => `P:${p}`;

function leader(name: string, totals: Totals, issued = 100): LeaderboardRow {
  return { influencerId: name, name, platform: "douyin", archived: false, issued, groups: 1, ...totals, ...metricsOf(totals, issued) };
}

const a = leader("阿May", { views: 100, claims: 30, redemptions: 10, discount: 20_000, storedValue: 5_000, gmv: 150_000 });
const b = leader("小鹿", { views: 0, claims: 0, redemptions: 0, discount: 0, storedValue: 0, gmv: 0 });
const c = leader("吃货老王", { views: 300, claims: 30, redemptions: 3, discount: 6_000, storedValue: 0, gmv: 36_050 });

const dashboard = {
  totals: { views: 400, claims: 60, redemptions: 13, discount: 26_000, storedValue: 5_000, gmv: 186_050 },
  metrics: metricsOf({ views: 400, claims: 60, redemptions: 13, discount: 26_000, storedValue: 5_000, gmv: 186_050 }, 300),
  series: [
    { day: "2026-11-10", views: 0, claims: 0, redemptions: 0, discount: 0, storedValue: 0, gmv: 0 },
    { day: "2026-11-11", views: 400, claims: 60, redemptions: 13, discount: 26_000, storedValue: 5_000, gmv: 186_050 },
  ],
  leaderboard: [a, b, c],
  stores: [{ storeId: "s", name: "南京路店, 一楼", redemptions: 13, discount: 26_000, storedValue: 5_000, gmv: 186_050, share: 1 }],
  hours: Array.from({ length: 24 }, (_, h) => (h === 12 ? 13 : 0)),
  weekdays: [0, 0, 13, 0, 0, 0, 0],
  delay: { buckets: [{ key: "lt1h", count: 13 }], medianSeconds: 600, total: 13 },
} as unknown as Dashboard;

describe("dashboard tables", () => {
  it("sorts the leaderboard like the page, rates without a value last", () => {
    expect(sortLeaderboard([a, b, c], "conversion", "desc").map((r) => r.name)).toEqual(["阿May", "吃货老王", "小鹿"]);
    expect(sortLeaderboard([a, b, c], "conversion", "asc").map((r) => r.name)).toEqual(["吃货老王", "阿May", "小鹿"]);
    expect(sortLeaderboard([a, b, c], "views", "asc").map((r) => r.name)).toEqual(["小鹿", "阿May", "吃货老王"]);
    expect(sortLeaderboard([a, b, c], "name", "asc").map((r) => r.name)).toEqual(["阿May", "吃货老王", "小鹿"]);
  });

  it("writes the influencer table in the given order, money in yuan, — without a denominator", () => {
    const rows = dashboardTable("influencers", dashboard, t, { platform, leaderboard: sortLeaderboard([a, b, c], "roi", "desc") });
    expect(rows[0]).toEqual(["columns.influencer", "columns.platform", "columns.views", "columns.claims", "columns.redemptions", "columns.conversion", "columns.discountYuan", "columns.storedValueYuan", "columns.gmvYuan", "columns.roi"]);
    expect(rows.slice(1)).toEqual([
      ["阿May", "P:douyin", "100", "30", "10", "10%", "200.00", "50.00", "1500.00", "6.50"],
      ["吃货老王", "P:douyin", "300", "30", "3", "1%", "60.00", "0.00", "360.50", "5.01"],
      ["小鹿", "P:douyin", "0", "0", "0", "—", "0.00", "0.00", "0.00", "—"],
    ]);
  });

  it("writes every other table with one row per day, step, store, hour, weekday and bucket", () => {
    expect(dashboardTable("daily", dashboard, t, { platform })[1]).toEqual(["2026-11-10", "0", "0", "0", "—", "—", "0.00", "0.00", "0.00"]);
    expect(dashboardTable("daily", dashboard, t, { platform })[2]).toEqual(["2026-11-11", "400", "60", "13", "15%", "21.7%", "260.00", "50.00", "1860.50"]);
    expect(dashboardTable("funnel", dashboard, t, { platform }).slice(1)).toEqual([
      ["columns.views", "400", ""],
      ["columns.claims", "60", "15%"],
      ["columns.redemptions", "13", "21.7%"],
    ]);
    expect(dashboardTable("stores", dashboard, t, { platform })[1]).toEqual(["南京路店, 一楼", "13", "100%", "260.00", "50.00", "1860.50"]);
    const hours = dashboardTable("hours", dashboard, t, { platform });
    expect(hours).toHaveLength(25);
    expect(hours[13]).toEqual(["12:00–13:00", "13"]);
    expect(dashboardTable("weekdays", dashboard, t, { platform })[3]).toEqual(["weekdays.wed", "13"]);
    expect(dashboardTable("delay", dashboard, t, { platform })[1]).toEqual(["delay.buckets.lt1h", "13"]);
  });

  it("writes the comparison one row per campaign or influencer", () => {
    const row = { id: "x", name: "双十一", detail: "approved", issued: 300, ...dashboard.totals, ...dashboard.metrics } as CompareRow;
    const rows = compareTable([row], t, "campaign");
    expect(rows[0][0]).toBe("columns.campaign");
    expect(rows[1]).toEqual(["双十一", "400", "60", "13", "15%", "21.7%", "4.3%", "3.3%", "260.00", "50.00", "1860.50", "6.16", "300"]);
  });

  it("labels hours as local clock intervals", () => {
    expect(hourLabel(0)).toBe("00:00–01:00");
    expect(hourLabel(23)).toBe("23:00–24:00");
  });
});

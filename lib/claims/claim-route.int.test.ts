import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { abuseEvents } from "@/db/schema";
import { seedCampaign, seedGroup, seedTestOrg } from "@/db/seed/builders";

// Limits for this file, read once when the app first parses its environment.
process.env.RATE_LIMIT_PUBLIC_PER_IP = "5";
process.env.RATE_LIMIT_PUBLIC_PER_PHONE = "3";

const { POST } = await import("@/app/api/v1/public/groups/[slug]/claims/route");

let slug: string;
let orgId: string;

function claim(body: unknown, ip: string, s = slug) {
  return POST(
    new Request(`http://localhost/api/v1/public/groups/${s}/claims`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-coupon-socket-ip": ip },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ slug: s }) },
  );
}

beforeAll(async () => {
  const f = await seedTestOrg(db, `pub-${randomUUID().slice(0, 8)}`);
  orgId = f.org.id;
  const campaign = await seedCampaign(db, { orgId, name: "满100减20", terms: "不与其他优惠同享" });
  slug = `pub-${randomUUID().slice(0, 8)}`;
  await seedGroup(db, { orgId, campaignId: campaign.id, name: "g", slug, mode: "unique", quantity: 50 });
});

describe("POST /api/v1/public/groups/{slug}/claims", () => {
  it("hands out a code (201), and the same code again to the same phone (200)", async () => {
    const first = await claim({ phone: "13800138001" }, "10.0.0.1");
    expect(first.status).toBe(201);
    const body = await first.json();
    expect(body).toMatchObject({ repeat: false, campaign: { name: "满100减20", type: "amount_off", value: 2000, minSpend: 10000, terms: "不与其他优惠同享" } });
    const again = await claim({ phone: "+86 138-0013-8001" }, "10.0.0.2");
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ code: body.code, repeat: true });
  });

  it("answers a bad phone with a field error and an unknown offer with 404", async () => {
    const bad = await claim({ phone: "12345678" }, "10.0.0.3");
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([{ path: "phone", message: "claim.errors.phone" }]);
    expect((await claim({ phone: "13800138002" }, "10.0.0.3", "nope-nope")).status).toBe(404);
  });

  it("limits requests per IP with Retry-After, and shows the source to the owner", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await claim({ phone: `1390000${String(i).padStart(4, "0")}` }, "10.9.9.9")).status);
    expect(statuses.slice(0, 5).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await claim({ phone: "13900009999" }, "10.9.9.9");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await limited.json()).code).toBe("rate_limited");
    const [row] = await db.select().from(abuseEvents).where(and(eq(abuseEvents.orgId, orgId), eq(abuseEvents.kind, "rate_limited")));
    expect(row.count).toBeGreaterThanOrEqual(3);
    expect(row.source).toMatch(/^ip:/);
  });

  it("limits one phone across IPs", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await claim({ phone: "13700137000" }, `10.1.1.${i}`)).status);
    expect(statuses).toEqual([201, 200, 200, 429]);
  });
});

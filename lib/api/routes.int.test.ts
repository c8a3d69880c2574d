import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getInfluencers } from "@/app/api/v1/influencers/route";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { GET as getStores } from "@/app/api/v1/stores/route";
import { db } from "@/db";
import { seedInfluencer, seedStore, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { createApiKey, revokeApiKey } from "./keys";

// Route handlers called as Next.js calls them: a Request plus a context whose params are a Promise.
const ctx = { params: Promise.resolve({}) };
let fixture: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
const keys = {} as Record<"clerk" | "marketer" | "revoked", string>;

const owner = (f = fixture): Actor => ({ orgId: f.org.id, role: "owner", userId: f.users.owner.id, apiKeyId: null });

function call(handler: typeof getStores, path: string, key?: string) {
  const headers = key ? { authorization: `Bearer ${key}` } : undefined;
  return handler(new Request(`http://localhost${path}`, { headers }), ctx);
}

beforeAll(async () => {
  fixture = await seedTestOrg(db, `routes-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `routes-${randomUUID().slice(0, 8)}`);
  const storeIds: string[] = [];
  for (const name of ["Nanjing Road", "Xintiandi", "Jing'an 50%_off", "Pudong"]) {
    storeIds.push((await seedStore(db, { orgId: fixture.org.id, name, address: `${name} address` })).id);
  }
  await seedStore(db, { orgId: other.org.id, name: "Other org store" });
  await seedInfluencer(db, { orgId: fixture.org.id, displayName: "小红", platform: "xiaohongshu", handle: "xh" });
  keys.clerk = (await createApiKey(owner(), { name: "Till", role: "clerk", storeIds: [storeIds[0]] })).secret;
  keys.marketer = (await createApiKey(owner(), { name: "CRM", role: "marketer" })).secret;
  const revoked = await createApiKey(owner(), { name: "Gone", role: "marketer" });
  await revokeApiKey(owner(), revoked.key.id);
  keys.revoked = revoked.secret;
});

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(await res.json()).toMatchObject({ status, code, type: `https://coupon.dev/problems/${code}` });
}

describe("GET /api/v1/stores", () => {
  it("lists the key's organisation's stores by name, with a bearer key", async () => {
    const res = await call(getStores, "/api/v1/stores", keys.clerk);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = await res.json();
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((s: { name: string }) => s.name)).toEqual(["Jing'an 50%_off", "Nanjing Road", "Pudong", "Xintiandi"]);
    expect(body.items[0]).toEqual({
      id: expect.any(String),
      name: "Jing'an 50%_off",
      address: "Jing'an 50%_off address",
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
  });

  it("pages with limit and cursor without gaps or repeats", async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(getStores, `/api/v1/stores?limit=3${cursor ? `&cursor=${cursor}` : ""}`, keys.clerk);
      const body = (await res.json()) as { items: { name: string }[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(3);
      names.push(...body.items.map((s) => s.name));
      cursor = body.nextCursor;
    } while (cursor);
    expect(names).toEqual(["Jing'an 50%_off", "Nanjing Road", "Pudong", "Xintiandi"]);
  });

  it("searches with q, matching % and _ literally", async () => {
    const body = await (await call(getStores, "/api/v1/stores?q=50%25_", keys.clerk)).json();
    expect(body.items.map((s: { name: string }) => s.name)).toEqual(["Jing'an 50%_off"]);
    const underscore = await (await call(getStores, "/api/v1/stores?q=_", keys.clerk)).json();
    expect(underscore.items.map((s: { name: string }) => s.name)).toEqual(["Jing'an 50%_off"]);
  });

  it("answers 400 with field errors for a bad limit or cursor", async () => {
    const res = await call(getStores, "/api/v1/stores?limit=500", keys.clerk);
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([{ path: "limit", message: expect.any(String) }]);
    await expectProblem(await call(getStores, "/api/v1/stores?cursor=bm9wZQ", keys.clerk), 400, "invalid_input");
  });

  it("answers 401 problem+json for an unknown, malformed or revoked key", async () => {
    const bad = await call(getStores, "/api/v1/stores", `cc_live_${"x".repeat(32)}`);
    expect(bad.headers.get("www-authenticate")).toContain("Bearer");
    await expectProblem(bad, 401, "unauthorized");
    await expectProblem(await call(getStores, "/api/v1/stores", "nonsense"), 401, "unauthorized");
    await expectProblem(await call(getStores, "/api/v1/stores", keys.revoked), 401, "unauthorized");
  });
});

describe("GET /api/v1/influencers", () => {
  it("is refused to a clerk key (403)", async () => {
    await expectProblem(await call(getInfluencers, "/api/v1/influencers", keys.clerk), 403, "forbidden");
  });

  it("lists influencers for a marketer key", async () => {
    const res = await call(getInfluencers, "/api/v1/influencers", keys.marketer);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      items: [
        {
          id: expect.any(String),
          displayName: "小红",
          platform: "xiaohongshu",
          handle: "xh",
          hasAccount: false,
          createdAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("is public and documents the list routes with bearer security", async () => {
    const res = await call(getOpenApi, "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/stores", "/api/v1/influencers"]));
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const list = doc.paths["/api/v1/stores"].get;
    expect(list.parameters.map((p: { name: string }) => p.name).sort()).toEqual(["cursor", "limit", "q"]);
    expect(Object.keys(list.responses)).toEqual(["200", "400", "401", "403"]);
    expect(doc.components.schemas).toHaveProperty("Store");
    expect(doc.components.schemas).toHaveProperty("Problem");
  });
});

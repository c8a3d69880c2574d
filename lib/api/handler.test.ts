import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";

// The wrapper's own rules, with key and session lookups stubbed: no database needed.
const state = vi.hoisted(() => ({ keyActor: null as Actor | null, session: null as { orgId: string; role: string; userId: string } | null }));
vi.mock("./keys", () => ({ authenticateApiKey: async () => state.keyActor }));
vi.mock("@/lib/auth/session", () => ({ getConsoleContext: async () => state.session }));

const { apiRoute, json, MAX_BODY_BYTES } = await import("./handler");

const ORG = "00000000-0000-4000-8000-000000000001";
const echo = apiRoute(
  { permission: "campaign:write", body: z.object({ name: z.string().min(1) }), params: z.object({ id: z.uuid() }) },
  ({ actor, body, params }) => json({ org: actor.orgId, via: actor.apiKeyId ? "key" : "session", body, params }, { status: 201 }),
);
const ctx = (id = ORG) => ({ params: Promise.resolve({ id }) });

function post(init: { body?: BodyInit; headers?: Record<string, string> } = {}) {
  return new Request("http://app.test/api/v1/things", {
    method: "POST",
    body: init.body ?? JSON.stringify({ name: "x" }),
    headers: { host: "app.test", "content-type": "application/json", ...init.headers },
  });
}

beforeEach(() => {
  state.keyActor = null;
  state.session = { orgId: ORG, role: "marketer", userId: "u1" };
});

describe("apiRoute", () => {
  it("runs a same-origin cookie request and passes its validated body and params", async () => {
    const res = await echo(post({ headers: { origin: "http://app.test" } }), ctx());
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ org: ORG, via: "session", body: { name: "x" }, params: { id: ORG } });
  });

  it("refuses cookie writes from another origin or without Origin (CSRF)", async () => {
    for (const headers of [{ origin: "https://evil.test" }, {}, { origin: "null" }] as Record<string, string>[]) {
      const res = await echo(post({ headers }), ctx());
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe("forbidden");
    }
  });

  it("refuses a NUL character in a body, a query or a path segment before any schema or query sees it", async () => {
    const withQuery = apiRoute({ permission: "campaign:read", query: z.object({ q: z.string().optional() }) }, ({ query }) => query);
    const nulBody = await echo(post({ headers: { origin: "http://app.test" }, body: JSON.stringify({ name: "a\u0000b" }) }), ctx());
    expect(nulBody.status).toBe(400);
    expect(await nulBody.json()).toMatchObject({ code: "invalid_input", errors: [{ path: "name" }] });
    const nulKey = await echo(post({ headers: { origin: "http://app.test" }, body: JSON.stringify({ "x\u0000": 1, name: "x" }) }), ctx());
    expect(nulKey.status).toBe(400);
    const nulQuery = await withQuery(new Request("http://app.test/api/v1/things?q=%00", { headers: { host: "app.test" } }), ctx());
    expect(nulQuery.status).toBe(400);
    expect((await echo(post({ headers: { origin: "http://app.test" } }), ctx("\u0000"))).status).toBe(404);
  });

  it("needs no Origin for an API key", async () => {
    state.keyActor = { orgId: ORG, role: "marketer", userId: "u1", apiKeyId: "k1" };
    const res = await echo(post({ headers: { authorization: "Bearer cc_live_x" } }), ctx());
    expect(res.status).toBe(201);
    expect((await res.json()).via).toBe("key");
  });

  it("answers 401 without a session or with a bad key, never falling back from a bad key to the cookie", async () => {
    expect((await echo(post({ headers: { authorization: "Bearer nope", origin: "http://app.test" } }), ctx())).status).toBe(401);
    state.session = null;
    expect((await echo(post({ headers: { origin: "http://app.test" } }), ctx())).status).toBe(401);
  });

  it("answers 403 when the role lacks the permission", async () => {
    state.session = { orgId: ORG, role: "clerk", userId: "u1" };
    expect((await echo(post({ headers: { origin: "http://app.test" } }), ctx())).status).toBe(403);
  });

  it("answers 400 for malformed JSON or a body failing its schema, 404 for a bad path segment", async () => {
    const origin = { origin: "http://app.test" };
    const bad = await echo(post({ headers: origin, body: "{nope" }), ctx());
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe("invalid_input");
    const invalid = await echo(post({ headers: origin, body: JSON.stringify({ name: "" }) }), ctx());
    expect((await invalid.json()).errors).toEqual([{ path: "name", message: expect.any(String) }]);
    expect((await echo(post({ headers: origin }), ctx("not-a-uuid"))).status).toBe(404);
  });

  /** A POST whose body arrives as a stream (no Content-Length): `text`, then the stream closes or fails. */
  function streamedPost(text: string, end: "close" | "abort") {
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(text));
        if (end === "close") c.close();
        else c.error(new Error("aborted"));
      },
    });
    return new Request("http://app.test/api/v1/things", {
      method: "POST",
      body: stream,
      headers: { host: "app.test", origin: "http://app.test", "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
  }

  it("answers 413 for bodies over 1 MB, even without a Content-Length", async () => {
    const res = await echo(streamedPost(JSON.stringify({ name: "x".repeat(MAX_BODY_BYTES) }), "close"), ctx());
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe("payload_too_large");
  });

  it("answers 400, not 500, when the client drops the connection half-way through its body", async () => {
    const res = await echo(streamedPost('{"name": "hal', "abort"), ctx());
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/cut off/);
  });

  it("sends plain return values as JSON 200 and lets public routes run without anyone", async () => {
    state.session = null;
    const open = apiRoute({ public: true, query: z.object({ n: z.coerce.number() }) }, ({ actor, query }) => ({ actor, n: query.n }));
    const res = await open(new Request("http://app.test/x?n=3"));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ actor: null, n: 3 });
  });

  it("turns unexpected errors into a 500 problem without details", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = apiRoute({ public: true }, () => {
      throw new Error("secret connection string");
    });
    const res = await broken(new Request("http://app.test/x"));
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("secret");
  });
});

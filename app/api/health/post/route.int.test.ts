import { afterEach, describe, expect, it } from "vitest";
import { POST } from "./route";

function post(body: unknown) {
  return POST(new Request("http://localhost/api/health/post", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
}

describe("POST /api/health/post (the benchmarks' POST baseline)", () => {
  afterEach(() => {
    delete process.env.BENCH_BASELINES;
  });

  it("does not exist unless the benchmark turns it on", async () => {
    const res = await post({ phone: "13800138000" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("reads and validates the body like any public route, then answers 201", async () => {
    process.env.BENCH_BASELINES = "on";
    expect((await post({ phone: "13800138000" })).status).toBe(201);
    const bad = await post({ phone: 12 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe("phone");
  });
});

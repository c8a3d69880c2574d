import { afterAll, describe, expect, it } from "vitest";

// A Redis that is not there (nothing listens on port 1): the limits must still hold, counted in memory.
process.env.REDIS_URL = "redis://127.0.0.1:1";
const { consume, limiter } = await import("./rate-limit");

afterAll(() => {
  (globalThis as { __couponRedis?: { disconnect(): void } }).__couponRedis?.disconnect();
});

describe("rate limits while Redis is unreachable", () => {
  it("keep counting (in this process) instead of failing the request", async () => {
    const rl = limiter("test-unreachable", 3, 60);
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      outcomes.push(
        await consume(rl, "phone-a").then(
          () => "ok",
          (e: { code?: string }) => e.code ?? String(e),
        ),
      );
    }
    expect(outcomes).toEqual(["ok", "ok", "ok", "rate_limited", "rate_limited"]);
    await expect(consume(rl, "phone-b")).resolves.toBeUndefined();
  });
});

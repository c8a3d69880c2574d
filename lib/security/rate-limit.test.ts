import Redis from "ioredis";
import { afterAll, describe, expect, it, vi } from "vitest";

// A Redis that is not there (nothing listens on port 1): the limits must still hold, counted in memory.
process.env.REDIS_URL = "redis://127.0.0.1:1";
const { consume, limiter, watchRedis } = await import("./rate-limit");

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

describe("an unreachable Redis", () => {
  it("is logged once, not on every reconnection attempt, and never as an unhandled error event", async () => {
    const unhandled = vi.spyOn(console, "error").mockImplementation(() => {});
    const log = { warn: vi.fn(), info: vi.fn() };
    const client = new Redis("redis://127.0.0.1:1", { lazyConnect: false, retryStrategy: () => 20, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    watchRedis(client, log);
    let errors = 0;
    client.on("error", () => errors++);
    await vi.waitFor(() => expect(errors).toBeGreaterThanOrEqual(5), { timeout: 5000 });
    client.disconnect();
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(String(log.warn.mock.calls[0][0])).toContain("unreachable");
    expect(unhandled.mock.calls.filter((c) => String(c[0]).includes("Unhandled error event"))).toEqual([]);
    unhandled.mockRestore();
  });
});

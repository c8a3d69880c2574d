import { afterEach, describe, expect, it, vi } from "vitest";
import { metrics } from "@/lib/ops/metrics";
import { startPeriodic, stopPeriodic } from "./periodic";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("startPeriodic", () => {
  it("runs every interval, never two runs at once, once per name, and not again after 'stop'", async () => {
    vi.useFakeTimers();
    let runs = 0;
    let release: () => void = () => {};
    startPeriodic("test-slow", 1, "test", async () => {
      runs++;
      if (runs === 1) await new Promise<void>((r) => (release = r)); // the first run outlasts three turns
      return runs === 3 ? "stop" : undefined;
    });
    startPeriodic("test-slow", 1, "test", async () => void runs++); // same name: ignored
    await vi.advanceTimersByTimeAsync(3_000);
    expect(runs).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs).toBe(3);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(3);
  });

  it("counts a failed run and runs again at the next turn; an early first run when asked", async () => {
    vi.useFakeTimers();
    const count = async () => (await metrics().jobRuns.get()).values.filter((v) => v.labels.job === "test-failing").map((v) => [v.labels.outcome, v.value]);
    let runs = 0;
    startPeriodic(
      "test-failing",
      10,
      "test job",
      async () => {
        runs++;
        if (runs === 1) throw new Error("boom");
      },
      { firstAfterMs: 100 },
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(1);
    expect(await count()).toEqual([["error", 1]]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(2);
    expect(await count()).toEqual([["error", 1], ["ok", 1]]);
  });

  it("stops every job on shutdown: no run starts after, and the one in progress is waited for", async () => {
    vi.useFakeTimers();
    let runs = 0;
    let finished = false;
    let release: () => void = () => {};
    startPeriodic("test-stop", 1, "test", async () => {
      runs++;
      await new Promise<void>((r) => (release = r));
      finished = true;
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(1);
    const stopped = stopPeriodic();
    let done = false;
    void stopped.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(false);
    release();
    await stopped;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(1);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { startPeriodic } from "./periodic";

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

  it("logs a failed run and runs again at the next turn; an early first run when asked", async () => {
    vi.useFakeTimers();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
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
    expect(logged).toHaveBeenCalledWith("[test job] failed", expect.any(Error));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(2);
  });
});

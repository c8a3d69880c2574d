type Timers = Map<string, ReturnType<typeof setInterval>>;
const timers: Timers = ((globalThis as { __periodicJobs?: Timers }).__periodicJobs ??= new Map());

/**
 * Runs `task` every `seconds` in this server process: once per `name` (kept across dev hot reloads),
 * never overlapping its previous run, failures logged under `label` and retried at the next turn.
 * `firstAfterMs` adds one early run after start; a task that returns "stop" is not run again.
 * The timers never keep the process alive.
 */
export function startPeriodic(
  name: string,
  seconds: number,
  label: string,
  task: () => Promise<void | "stop">,
  opts: { firstAfterMs?: number } = {},
): void {
  if (timers.has(name)) return;
  let running = false;
  const tick = async () => {
    if (running || !timers.has(name)) return;
    running = true;
    try {
      if ((await task()) === "stop") clearInterval(timers.get(name));
    } catch (e) {
      console.error(`[${label}] failed`, e);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, seconds * 1000);
  timer.unref?.();
  timers.set(name, timer);
  if (opts.firstAfterMs !== undefined) setTimeout(tick, opts.firstAfterMs).unref?.();
}

import { logFor } from "@/lib/log";

// Graceful shutdown of a server process (installed by instrumentation.ts).
//
// On SIGTERM or SIGINT, `next start` itself stops listening, lets the requests in flight finish, and then
// calls process.exit. It offers no hook for the rest of the process, so this module:
//   1. marks the process as shutting down at once (/api/ready answers 503, so a load balancer stops
//      sending it new requests);
//   2. runs every registered drainer at once: the periodic jobs stop starting runs and finish the one in
//      progress, the webhook worker records its requests in flight and hands back the deliveries it had
//      claimed but not sent, a targeted send gives up its lease between two batches;
//   3. holds Next's process.exit until the drainers are done (and then closes the database), bounded by
//      SHUTDOWN_TIMEOUT_SECONDS: what is still running then is cut off, and leases run out as after a crash.
// Drainers must not close what requests in flight still use (the database): that happens last.

type Drainer = { name: string; drain: () => Promise<void> };
type State = { installed: boolean; stopping: boolean; drainers: Drainer[]; done: Promise<void> | null; finalizers: (() => Promise<void>)[] };

const KEY = Symbol.for("coupon.shutdown");
const state: State = ((globalThis as Record<symbol, State | undefined>)[KEY] ??= { installed: false, stopping: false, drainers: [], done: null, finalizers: [] });
const log = logFor("shutdown");

/** True once SIGTERM/SIGINT arrived (the readiness check turns 503, jobs stop taking work). */
export function isShuttingDown(): boolean {
  return state.stopping;
}

/** Registers work to finish before the process exits (replaces one of the same name: dev reloads). */
export function onShutdown(name: string, drain: () => Promise<void>): void {
  state.drainers = [...state.drainers.filter((d) => d.name !== name), { name, drain }];
}

/** Registers what runs after every drainer and after the HTTP server has drained (closing the database). */
export function atExit(finalize: () => Promise<void>): void {
  state.finalizers.push(finalize);
}

/** Runs the drainers once (concurrently); resolves when all are done or failed. */
export function drain(): Promise<void> {
  state.stopping = true;
  state.done ??= Promise.allSettled(
    state.drainers.map(async (d) => {
      const started = Date.now();
      try {
        await d.drain();
        log.info({ drainer: d.name, ms: Date.now() - started }, "drained");
      } catch (e) {
        log.error({ err: e, drainer: d.name }, "drain failed");
      }
    }),
  ).then(() => undefined);
  return state.done;
}

/** Settles `p`, or gives up after `ms`; says which. */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((done) => (timer = setTimeout(() => done(false), ms)));
  const settled = p.then(
    () => true,
    () => true,
  );
  const result = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  return result;
}

/**
 * Installs the signal handlers once per process. `exitAfterMs` is the longest the process waits for
 * its drainers after the signal.
 */
export function installGracefulShutdown(opts: { timeoutMs: number }): void {
  if (state.installed) return;
  state.installed = true;
  const realExit = process.exit.bind(process) as (code?: number) => never;
  let exiting = false;
  const finish = async (code: number) => {
    if (exiting) return;
    exiting = true;
    const drained = await within(drain(), opts.timeoutMs);
    if (!drained) log.warn({ timeoutMs: opts.timeoutMs }, "drainers still running at the shutdown timeout; exiting anyway");
    for (const f of state.finalizers) await within(f(), 5_000);
    log.info({ code }, "exiting");
    realExit(code);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (state.stopping) return;
    log.info({ signal }, "shutting down: no new requests; finishing those in flight, the jobs and the webhook worker");
    void drain();
    // Next.js exits once its HTTP server has drained: let that exit wait for the drainers.
    process.exit = ((code?: number) => void finish(typeof code === "number" ? code : 0)) as typeof process.exit;
    // Without Next's handler (or if it never exits), leave by ourselves.
    setTimeout(() => void finish(signal === "SIGINT" ? 130 : 143), opts.timeoutMs + 5_000).unref();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

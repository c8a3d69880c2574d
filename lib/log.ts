import pino from "pino";
import { currentRequestId } from "@/lib/http/request-context";

/**
 * The server's log: one JSON line per event on stdout (pino), with the id of the request it happened
 * in (`requestId`, also on audit rows and webhook deliveries) when there is one. LOG_LEVEL sets the
 * level (default info; `silent` in tests). Read it with `jq`, or pipe it through `pino-pretty`.
 */
const KEY = Symbol.for("coupon.log");
type Global = Record<symbol, pino.Logger | undefined>;

function create(): pino.Logger {
  return pino({
    level: process.env.LOG_LEVEL || (process.env.VITEST ? "silent" : "info"),
    base: { service: "coupon-console", pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  });
}

export const log: pino.Logger = ((globalThis as Global)[KEY] ??= create());

/** A child logger for one part of the server (`{ component: "webhooks" }` on every line). */
export function logFor(component: string): pino.Logger {
  return log.child({ component });
}

/**
 * The `console`-shaped logger the webhook worker and jobs take (`error(message, cause)`), writing
 * through pino: the cause becomes `err` with its stack.
 */
export function consoleLike(logger: pino.Logger): Pick<Console, "error" | "info"> {
  const split = (args: unknown[]) => {
    const message = args.filter((a) => typeof a === "string").join(" ");
    const err = args.find((a) => a instanceof Error);
    return { message, err };
  };
  return {
    error: (...args: unknown[]) => {
      const { message, err } = split(args);
      logger.error(err ? { err } : {}, message);
    },
    info: (...args: unknown[]) => logger.info(split(args).message),
  };
}

/**
 * Logs a failure the way the server's code reports them: `logError("[groups] generation failed", e)`
 * becomes one JSON line with `component: "groups"`, the message, the error (with its stack) as `err`,
 * and any other values as `details`.
 */
export function logError(message: string, ...details: unknown[]): void {
  const m = /^\[([\w-]+)\]\s*(.*)$/s.exec(message);
  const err = details.find((d) => d instanceof Error);
  const rest = details.filter((d) => d !== err);
  log.error({ ...(m ? { component: m[1] } : {}), ...(err ? { err } : {}), ...(rest.length ? { details: rest } : {}) }, m ? m[2] : message);
}

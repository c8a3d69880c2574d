import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** What the server knows of the HTTP request being handled, wherever the code runs inside it. */
export type RequestContext = { id: string };

// One store per process: Next.js bundles instrumentation and each route apart, so a module-level
// instance would be a different one in each bundle.
const KEY = Symbol.for("coupon.requestContext");
const store: AsyncLocalStorage<RequestContext> = ((globalThis as Record<symbol, unknown>)[KEY] as AsyncLocalStorage<RequestContext> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = new AsyncLocalStorage<RequestContext>()) as AsyncLocalStorage<RequestContext>;

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * The id of an incoming request: the one a proxy in front sent (nginx's `$request_id`, a load
 * balancer's), when it looks like an id, else a new one. Anything else a client sends is replaced,
 * so the id cannot carry text into logs.
 */
export function requestIdOf(sent: string | string[] | undefined): string {
  const value = Array.isArray(sent) ? sent[0] : sent;
  return value && /^[A-Za-z0-9._:-]{8,128}$/.test(value) ? value : randomUUID();
}

/** Runs `fn` as part of the request `ctx` (the incoming-request hook does this for every request). */
export function runInRequest<T>(ctx: RequestContext, fn: () => T): T {
  return store.run(ctx, fn);
}

/** The id of the request this code runs for, or null (a periodic job, a script). */
export function currentRequestId(): string | null {
  return store.getStore()?.id ?? null;
}

import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { can, type Permission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { isSameOrigin } from "@/lib/http/origin";
import { authenticateApiKey } from "./keys";
import { toProblem, zodFieldErrors } from "./problem";

// One wrapper for every /api/v1 route handler: authenticate (API key or console session), refuse
// cross-site cookie requests, check the role, read and validate params, query and body, and turn
// every failure into problem details. Route files stay a few lines that call the domain.

/** Request bodies above this are refused with 413 before being parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

type Schema = z.ZodType | undefined;
type Output<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;

/** Next.js 16 passes dynamic segments as a Promise. */
export type RouteContext = { params: Promise<Record<string, string | string[]>> };
/** What `apiRoute` returns: export it as `GET`, `POST`… from a route.ts. */
export type RouteHandler = (req: Request, ctx?: RouteContext) => Promise<Response>;

type Schemas<B extends Schema, Q extends Schema, P extends Schema> = {
  /** JSON body schema; a body is read (≤ 1 MB) and validated only when given. */
  body?: B;
  /** Query-string schema; values arrive as strings (repeated keys as arrays), so use `z.coerce` for numbers. */
  query?: Q;
  /** Path-segment schema; a segment that fails it (e.g. not a uuid) answers 404, as an unknown row would. */
  params?: P;
};

/** What a route's function receives. */
export type ApiInput<A, B extends Schema, Q extends Schema, P extends Schema> = {
  actor: A;
  body: Output<B, undefined>;
  query: Output<Q, undefined>;
  params: Output<P, Record<string, string>>;
  req: Request;
};

/** A plain value is sent as JSON with status 200; return a Response (`json(x, { status: 201 })`, CSV…) to choose. */
type Result = Response | object;

/** A public route (no session, no key): `actor` is null. Public routes rate-limit themselves. */
export function apiRoute<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  options: Schemas<B, Q, P> & { public: true },
  fn: (input: ApiInput<null, B, Q, P>) => Promise<Result> | Result,
): RouteHandler;
/** A route for an API key or a signed-in member holding `permission`. */
export function apiRoute<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  options: Schemas<B, Q, P> & { permission: Permission; public?: false },
  fn: (input: ApiInput<Actor, B, Q, P>) => Promise<Result> | Result,
): RouteHandler;
export function apiRoute(
  options: Schemas<Schema, Schema, Schema> & { permission?: Permission; public?: boolean },
  fn: (input: never) => Promise<Result> | Result,
): RouteHandler {
  const run = fn as (input: ApiInput<Actor | null, Schema, Schema, Schema>) => Promise<Result> | Result;
  return async (req, ctx) => {
    try {
      let actor: Actor | null = null;
      if (!options.public) {
        const auth = await authenticate(req);
        if (auth.via === "session" && UNSAFE_METHODS.has(req.method.toUpperCase())) assertSameOrigin(req);
        actor = auth.actor;
        if (!options.permission || !can(actor.role, options.permission)) {
          throw new AppError("forbidden", "This key's or user's role does not allow this action.");
        }
      }
      const params = await readParams(ctx, options.params);
      const query = options.query ? parseOrThrow(options.query, searchParamsObject(new URL(req.url))) : undefined;
      const body = options.body ? parseOrThrow(options.body, await readJsonBody(req)) : undefined;
      const result = await run({ actor, body, query, params, req } as ApiInput<Actor | null, Schema, Schema, Schema>);
      return result instanceof Response ? result : json(result);
    } catch (e) {
      // Next's own control flow (dynamic-usage bail-outs at build, redirect/notFound) must pass through.
      unstable_rethrow(e);
      const res = toProblem(e);
      if (res.status === 401) res.headers.set("www-authenticate", 'Bearer realm="api"');
      return res;
    }
  };
}

/** A JSON response (`Cache-Control: no-store` unless `init` sets it): API answers are per caller. */
export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has("content-type")) headers.set("content-type", "application/json; charset=utf-8");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(data), { ...init, headers });
}

/**
 * The caller: an `Authorization: Bearer` API key when the header is present (a bad one is 401, with no
 * fallback to the cookie), else the console session.
 */
async function authenticate(req: Request): Promise<{ actor: Actor; via: "api_key" | "session" }> {
  const ip = clientIp(req.headers);
  const userAgent = req.headers.get("user-agent");
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const actor = /^Bearer\s/i.test(authorization) ? await authenticateApiKey(authorization, { ip, userAgent }) : null;
    if (!actor) throw new AppError("unauthorized", "The API key is missing, malformed, unknown or revoked.");
    return { actor, via: "api_key" };
  }
  // Loaded on demand: key-authenticated calls (and tests) never load Auth.js.
  const { getConsoleContext } = await import("@/lib/auth/session");
  const ctx = await getConsoleContext();
  if (!ctx) throw new AppError("unauthorized", "Sign in, or send an API key as `Authorization: Bearer <key>`.");
  return { actor: { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip, userAgent }, via: "session" };
}

/**
 * CSRF guard for cookie-authenticated writes (lib/http/origin.ts). API keys need no guard: a browser
 * never attaches them by itself.
 */
function assertSameOrigin(req: Request): void {
  if (!isSameOrigin(req)) {
    throw new AppError("forbidden", "Cross-site request refused: the Origin header does not match this site.");
  }
}

async function readParams(ctx: RouteContext | undefined, schema: Schema): Promise<unknown> {
  const raw = (await ctx?.params) ?? {};
  if (nulPath(raw) !== null) throw new AppError("not_found", "No such resource.");
  if (!schema) return raw;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("not_found", "No such resource.");
  return parsed.data;
}

/** The path of the first string (or key) holding a NUL character, which PostgreSQL text cannot store. */
export function nulPath(value: unknown, path: (string | number)[] = []): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "_" : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], [...path, i]);
      if (found !== null) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes("\u0000")) return [...path, k.replace(/\u0000/g, "")].join(".");
      const found = nulPath(v, [...path, k]);
      if (found !== null) return found;
    }
  }
  return null;
}

function parseOrThrow(schema: z.ZodType, value: unknown): unknown {
  const nul = nulPath(value);
  if (nul !== null) {
    throw new AppError("invalid_input", "The request is not valid: text may not contain NUL characters.", {
      errors: [{ path: nul, message: "Remove the NUL character (\\u0000)." }],
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError("invalid_input", "The request is not valid.", { errors: zodFieldErrors(parsed.error) });
  }
  return parsed.data;
}

/** The query string as an object; a key given several times becomes an array. */
export function searchParamsObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

/** The JSON body, refusing (413) more than MAX_BODY_BYTES even when Content-Length is absent or lies. */
async function readJsonBody(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type");
  if (type && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError("invalid_input", "Send the body as JSON with `Content-Type: application/json`.");
  }
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const text = await readText(req);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "The body is not valid JSON.");
  }
}

async function readText(req: Request): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      // The client closed the connection half-way through its body: its fault, not the server's.
      throw new AppError("invalid_input", "The request body was cut off before it ended.");
    });
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function tooLarge() {
  return new AppError("payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
}

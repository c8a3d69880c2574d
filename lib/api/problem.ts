import { z } from "zod";
import { isAppError, type ErrorCode, type FieldError } from "@/lib/errors";
import { logError } from "@/lib/log";

// RFC 9457 problem details: every error of the HTTP API leaves through here, so clients can rely on
// `code` (the stable machine value of API.md) and never see a stack trace or a database message.

/** The `code` of a problem: one of API.md's codes, or `internal` for a bug on our side. */
export type ProblemCode = ErrorCode | "internal";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
const TYPE_BASE = "https://coupon.dev/problems/";

const TITLES: Record<ProblemCode, string> = {
  invalid_input: "Invalid input",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "Not found",
  payload_too_large: "Payload too large",
  already_redeemed: "Code already redeemed",
  sold_out: "Sold out",
  limit_reached: "Limit reached",
  not_started: "Not started yet",
  ended: "Ended",
  frozen: "Frozen",
  paused: "Paused",
  not_eligible: "Not eligible",
  below_min_spend: "Below minimum spend",
  wrong_store: "Not valid in this store",
  expired: "Code expired",
  outside_hours: "Outside the offer's usable hours",
  insufficient_balance: "Insufficient balance",
  invalid_state: "Invalid state",
  idempotency_conflict: "Idempotency key reused with a different request",
  conflict: "Conflict",
  budget_exhausted: "Campaign budget exhausted",
  not_stackable: "Codes do not combine",
  not_applicable: "No eligible items",
  claims_closed: "Claims closed",
  rate_limited: "Too many requests",
  otp_required: "Phone verification required",
  otp_invalid: "Phone verification failed",
  sms_failed: "Text message not sent",
  internal: "Internal server error",
};

/** The JSON body of a problem response. */
export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail: string;
  errors?: FieldError[];
  retryAfter?: number;
};

/** A problem+json response; `retryAfter` (seconds) is also sent as the Retry-After header. */
export function problem(
  status: number,
  code: ProblemCode,
  detail: string,
  extra: { errors?: FieldError[]; retryAfter?: number; headers?: HeadersInit } = {},
): Response {
  const body: ProblemBody = { type: TYPE_BASE + code, title: TITLES[code], status, code, detail };
  if (extra.errors?.length) body.errors = extra.errors;
  if (extra.retryAfter != null) body.retryAfter = extra.retryAfter;
  const headers = new Headers(extra.headers);
  headers.set("content-type", PROBLEM_CONTENT_TYPE);
  headers.set("cache-control", "no-store");
  if (extra.retryAfter != null) headers.set("retry-after", String(Math.max(0, Math.ceil(extra.retryAfter))));
  return new Response(JSON.stringify(body), { status, headers });
}

/** Each failing field of a zod error as `{ path, message }` (`path` dotted; empty for the whole value). */
export function zodFieldErrors(error: z.core.$ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((p) => p !== undefined && p !== "").join("."),
    message: issue.message,
  }));
}

/** Any thrown value as a problem: AppError → its code, ZodError → 400 with field errors, else a logged 500. */
export function toProblem(e: unknown): Response {
  if (isAppError(e)) return problem(e.status, e.code, e.message, { errors: e.errors, retryAfter: e.retryAfter });
  if (e instanceof z.core.$ZodError) {
    return problem(400, "invalid_input", "The request is not valid.", { errors: zodFieldErrors(e) });
  }
  logError("[api] unhandled error", e);
  return problem(500, "internal", "Something went wrong on our side. Please try again later.");
}

/** The stable machine codes of API.md; the console translates them, the API returns them as problem details. */
export const ERROR_STATUS = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  already_redeemed: 409,
  sold_out: 409,
  limit_reached: 409,
  not_started: 409,
  ended: 409,
  frozen: 409,
  paused: 409,
  not_eligible: 409,
  below_min_spend: 409,
  wrong_store: 409,
  // Redemption: the code's validity has passed; the campaign's usable hours do not include now.
  expired: 409,
  outside_hours: 409,
  insufficient_balance: 409,
  invalid_state: 409,
  idempotency_conflict: 409,
  // Richer offers: the campaign's discount budget (total or today's) would be passed; a code that does
  // not combine on an order of several codes; an order with no line the campaign counts; a campaign
  // that stopped new claims (its issued codes stay redeemable).
  budget_exhausted: 409,
  not_stackable: 409,
  not_applicable: 409,
  claims_closed: 409,
  conflict: 409,
  rate_limited: 429,
  // Phone verification (campaigns with requirePhoneVerification): no one-time code given, or a wrong,
  // expired or used-up one; and an SMS provider that could not send.
  otp_required: 403,
  otp_invalid: 403,
  sms_failed: 502,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldError = { path: string; message: string };

/** A failure a person can act on; anything else is a bug and becomes a 500 with a log line. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldError[];
  readonly retryAfter?: number;
  /** Which of several rules refused (`limit: "daily"`), for the words a person reads. */
  readonly details?: Record<string, string>;

  constructor(code: ErrorCode, message: string, extra: { errors?: FieldError[]; retryAfter?: number; details?: Record<string, string> } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.errors = extra.errors;
    this.retryAfter = extra.retryAfter;
    this.details = extra.details;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Postgres unique violation (SQLSTATE 23505), from either driver. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = findPgError(e);
  return err?.code === "23505" && (!constraint || err.constraint === constraint || err.constraint_name === constraint);
}

function findPgError(e: unknown): { code?: string; constraint?: string; constraint_name?: string } | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const c = cur as { code?: unknown; cause?: unknown };
    if (typeof c.code === "string" && /^[0-9A-Z]{5}$/.test(c.code)) return c as never;
    cur = c.cause;
  }
  return undefined;
}

/** The error code a database function raised (SQLSTATE P0001, message = the code), from either driver. */
/** The DETAIL of a refusal a SQL function raised (`USING DETAIL = 'daily'`), if any. */
export function raisedDetail(e: unknown): string | null {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const err = cur as { code?: unknown; detail?: unknown; cause?: unknown };
    if (err.code === "P0001") return typeof err.detail === "string" && err.detail ? err.detail : null;
    cur = err.cause;
  }
  return null;
}

export function raisedCode(e: unknown): ErrorCode | null {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const err = cur as { code?: unknown; message?: unknown; cause?: unknown };
    if (err.code === "P0001" && typeof err.message === "string") {
      const code = err.message.trim();
      return code in ERROR_STATUS ? (code as ErrorCode) : null;
    }
    cur = err.cause;
  }
  return null;
}

import { BlockList, isIP } from "node:net";

// Pure rules of webhook delivery: retry schedule, dead letter, payload, which URLs are acceptable.

/** Retries stop this long after a delivery was queued (API.md: "at most for 24 h"). */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The first retry waits about this long; each further one twice as long as the one before… */
export const BACKOFF_BASE_MS = 10_000;
/** …but never more than this. */
export const BACKOFF_CAP_MS = 60 * 60 * 1000;
/** Each wait is spread by ±this fraction, so receivers coming back up are not hit by every retry at once. */
export const BACKOFF_JITTER = 0.2;
/** How much of a receiver's answer is kept (characters): enough to read an error, too little to exfiltrate a page. */
export const RESPONSE_LIMIT = 200;

/** The wait before the next try after `attempts` failed tries (1 = the first try failed), with jitter. */
export function backoffDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  const plain = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exponent);
  const spread = 1 + BACKOFF_JITTER * (2 * random() - 1);
  return Math.round(plain * spread);
}

export type FailureOutcome = { status: "failed"; nextAttemptAt: Date } | { status: "dead"; deadAt: Date };

/**
 * What happens after a failed try: retry after the backoff (never later than `retryUntil`, so the last
 * try happens at the deadline), or `dead` when the failure itself came at or after the deadline.
 */
export function afterFailure(
  v: { attempts: number; now: Date; retryUntil: Date },
  random: () => number = Math.random,
): FailureOutcome {
  if (v.now.getTime() >= v.retryUntil.getTime()) return { status: "dead", deadAt: v.now };
  const next = Math.min(v.now.getTime() + backoffDelayMs(v.attempts, random), v.retryUntil.getTime());
  return { status: "failed", nextAttemptAt: new Date(next) };
}

/** Whether an HTTP status acknowledges the delivery (any 2xx; redirects are not followed). */
export function isAcknowledged(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

/**
 * Text cut to `limit` characters (with an ellipsis when cut), control characters (NUL included:
 * PostgreSQL text cannot hold it) replaced by spaces, runs of white space collapsed.
 */
export function truncateResponse(text: string, limit: number = RESPONSE_LIMIT): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").replace(/\s{2,}/g, " ").trim();
  return clean.length <= limit ? clean : `${clean.slice(0, limit)}…`;
}

/** Answers kept as text: plain text, JSON, XML, HTML forms of it, or no declared type. */
const TEXT_TYPE = /^(text\/[\w.+-]+|application\/([\w.-]+\+)?(json|xml)|application\/x-www-form-urlencoded)$/i;

/**
 * What is kept of a receiver's answer for the delivery log: a short excerpt of a text answer, and of
 * anything else only its type and size, so the log cannot carry another service's data out.
 */
export function responseExcerpt(body: string, contentType: string | null | undefined): string {
  const type = contentType?.split(";")[0].trim() ?? "";
  if (type && !TEXT_TYPE.test(type)) return `[${type}, ${Buffer.byteLength(body, "utf8")} bytes, not kept]`;
  return truncateResponse(body);
}

/** The public id of an event: stable across retries and redeliveries, so receivers can de-duplicate. */
export function eventId(outboxId: number | string): string {
  return `evt_${outboxId}`;
}

export type EventPayload = { id: string; type: string; createdAt: string; data: unknown };

/** The exact JSON body posted for an event (API.md: `{ id, type, createdAt, data }`). */
export function eventBody(event: { outboxId: number | string; type: string; createdAt: Date; data: unknown }): string {
  const payload: EventPayload = {
    id: eventId(event.outboxId),
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    data: event.data,
  };
  return JSON.stringify(payload);
}

// Loopback, private, link-local, carrier-grade NAT, multicast and other non-public ranges.
const privateRanges = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  privateRanges.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const) {
  privateRanges.addSubnet(net, prefix, "ipv6");
}

/** Whether an IP address (v4 or v6, IPv4-mapped included) is not a public internet address. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "");
  const version = isIP(ip);
  if (version === 4) return privateRanges.check(ip, "ipv4");
  if (version === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return privateRanges.check(mapped[1], "ipv4");
    return privateRanges.check(ip, "ipv6");
  }
  return false;
}

/** Host names that are never public (checked before any DNS lookup). */
function isInternalHostName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || /\.(localhost|local|internal|lan|home\.arpa)$/.test(h) || !h.includes(".");
}

export const MAX_URL_LENGTH = 2048;

export type UrlIssue = "invalid" | "protocol" | "credentials" | "private";

/**
 * Why a webhook URL is refused, or null: http(s) only, no user:password in it, and — unless private
 * targets are allowed (WEBHOOK_ALLOW_PRIVATE) — no loopback/private address or internal host name.
 * Host names are checked again after DNS resolution when sending.
 */
export function webhookUrlIssue(raw: string, opts: { allowPrivate: boolean }): UrlIssue | null {
  if (raw.length > MAX_URL_LENGTH) return "invalid";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "invalid";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "protocol";
  if (!url.hostname) return "invalid";
  if (url.username || url.password) return "credentials";
  if (!opts.allowPrivate) {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) ? isPrivateAddress(host) : isInternalHostName(host)) return "private";
  }
  return null;
}

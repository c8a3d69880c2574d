import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Webhook signatures (API.md): `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`,
// keyed with the endpoint's secret. Pure: no database, no Next.js; receivers may copy this file.

export const SIGNATURE_HEADER = "X-Signature";
/** How far a signature's timestamp may be from the receiver's clock (replay window), by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export const WEBHOOK_SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;

/** A new endpoint secret: `whsec_` + 32 random bytes, base64url (43 characters). */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64url");
}

/** The hex HMAC-SHA256 of `"<t>.<body>"`; the body is the exact bytes sent (a string is taken as UTF-8). */
export function computeSignature(secret: string, timestamp: number, body: string | Uint8Array): string {
  const hmac = createHmac("sha256", secret);
  hmac.update(`${timestamp}.`, "utf8");
  hmac.update(body);
  return hmac.digest("hex");
}

/** The header value for `body` sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, body: string | Uint8Array, timestamp: number): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;
}

/** `t` and every `v1` of a header value, or null when it is not in the expected shape. */
export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 1) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") {
      if (!/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === "v1") {
      if (/^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
    }
    // Other schemes (v0, v2…) are ignored, so a receiver keeps working if one is added later.
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/**
 * For receivers: whether `header` (the X-Signature value) signs `body` (the raw request body, before
 * any JSON parsing) with `secret`, and its timestamp is within `toleranceSeconds` of `nowSeconds`.
 * Compares in constant time. A stale timestamp fails, so a captured request cannot be replayed later.
 */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string | Uint8Array,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): boolean {
  if (!header || !secret) return false;
  const parsed = parseSignatureHeader(header);
  if (!parsed) return false;
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(computeSignature(secret, parsed.timestamp, body), "hex");
  return parsed.signatures.some((s) => {
    const given = Buffer.from(s, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

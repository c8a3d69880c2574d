import { isWellFormedCode, normalizeCode } from "@/lib/codes/rules";

// What a USB scanner (keyboard wedge), the phone camera or a clerk's fingers put in the code box.
// The consumer's code page encodes the bare normalised code in its QR; other scanners and old
// printouts may carry a URL instead, so both are read.

export type ScanResult =
  /** A code as stored (upper case, no separators). */
  | { kind: "code"; code: string }
  /** The consumer's code page (`/c/<slug>/code/<claimId>`): the code is looked up by its claim. */
  | { kind: "claim"; claimId: string }
  /** An offer's landing page (`/c/<slug>`): the poster QR, not a code. */
  | { kind: "landing"; slug: string }
  | { kind: "invalid" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads a scanned or typed text. Full-width characters (a Chinese input method left on) are folded
 * to ASCII first; a URL is read for `?code=`, a code page or a landing page; anything else must be a
 * well-formed code once case, spaces and dashes are dropped.
 */
export function parseScan(raw: string): ScanResult {
  const text = raw.normalize("NFKC").trim();
  if (/^https?:\/\//i.test(text)) return parseUrl(text);
  const code = normalizeCode(text);
  return isWellFormedCode(code) ? { kind: "code", code } : { kind: "invalid" };
}

function parseUrl(text: string): ScanResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { kind: "invalid" };
  }
  const param = url.searchParams.get("code");
  if (param) {
    const code = normalizeCode(param);
    return isWellFormedCode(code) ? { kind: "code", code } : { kind: "invalid" };
  }
  const parts = url.pathname.split("/").filter(Boolean);
  if (parts[0] !== "c") return { kind: "invalid" };
  if (parts.length === 4 && parts[2] === "code" && UUID.test(parts[3])) return { kind: "claim", claimId: parts[3].toLowerCase() };
  if (parts.length === 2 && parts[1] !== "me") return { kind: "landing", slug: decodeURIComponent(parts[1]).toLowerCase() };
  return { kind: "invalid" };
}

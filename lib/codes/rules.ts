import { randomBytes } from "node:crypto";

/** No look-alikes: no 0/O, 1/I/L. */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const BASE = CODE_ALPHABET.length; // 31
/** A random guess may hit any live code of a group with probability below this. */
export const MAX_GUESS_ODDS = 1e-9;
export const MIN_CODE_LENGTH = 8;
export const MAX_CODE_LENGTH = 24;

/**
 * What a clerk or consumer typed, as stored: NFKC (full-width ＬＭ８８８ is LM888), upper case, spaces
 * and dashes dropped. Chinese shared codes (口令 such as 鹿鸣) pass through unchanged.
 */
export function normalizeCode(input: string): string {
  return input.normalize("NFKC").toUpperCase().replace(/[\s\-_]+/g, "");
}

/** A shared code (口令) a marketer may choose: 2–24 letters of any script and digits, once normalised. */
export function isValidSharedCode(code: string): boolean {
  return /^[\p{L}\p{N}]{2,24}$/u.test(code) && !/^\p{N}{1,3}$/u.test(code);
}

/** Odds that one random guess of `length` characters hits one of `quantity` live codes. */
export function guessOdds(quantity: number, length: number): number {
  return quantity / BASE ** length;
}

/** The shortest random part that keeps guessing odds below 1 in 10⁹; grows with the quantity. */
export function defaultCodeLength(quantity: number): number {
  const needed = Math.ceil(Math.log(Math.max(1, quantity) / MAX_GUESS_ODDS) / Math.log(BASE) + 1e-9);
  return Math.min(MAX_CODE_LENGTH, Math.max(MIN_CODE_LENGTH, needed));
}

/**
 * Shown with separators for reading aloud: `LM-7KQ4-9XPT`. Input is a normalised code. A shared code
 * (口令) is shown as the marketer chose it: pass `mode`.
 */
export function formatCode(code: string, prefix = "", mode: "unique" | "shared" = "unique"): string {
  if (mode === "shared") return code;
  const p = normalizeCode(prefix);
  const body = p && code.startsWith(p) ? code.slice(p.length) : code;
  const chunks = body.match(/.{1,4}/g) ?? [body];
  return [p, ...chunks].filter(Boolean).join("-");
}

// Rejection sampling: bytes ≥ 248 (= 31 × 8) are dropped so every character is equally likely.
const LIMIT = 256 - (256 % BASE);

/**
 * `count` distinct random codes of `length` characters after `prefix`, from crypto.
 * Distinctness is checked here; uniqueness across the organisation is the database's unique index.
 */
export function generateCodes(count: number, length: number, prefix = ""): string[] {
  const p = normalizeCode(prefix);
  const seen = new Set<string>();
  const out: string[] = [];
  let pool = randomBytes(Math.max(64, Math.ceil(count * length * 1.1)));
  let pos = 0;
  while (out.length < count) {
    let s = p;
    while (s.length < p.length + length) {
      if (pos >= pool.length) {
        pool = randomBytes(Math.max(64, (count - out.length) * length * 2));
        pos = 0;
      }
      const b = pool[pos++];
      if (b < LIMIT) s += CODE_ALPHABET[b % BASE];
    }
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  }
  return out;
}

/**
 * Whether a normalised string could be a code: generated and imported codes use A–Z and 0–9 (4–40);
 * shared codes may be words of any script.
 */
export function isWellFormedCode(code: string): boolean {
  return /^[0-9A-Z]{4,40}$/.test(code) || isValidSharedCode(code);
}

// Client-safe twin of the code-length rules in ./rules.ts (which needs node:crypto for generation):
// the group form shows the code space live. code-space.test.ts checks both agree.

export const ALPHABET_SIZE = 31;
export const MAX_ODDS = 1e-9;
export const MIN_LENGTH = 8;
export const MAX_LENGTH = 24;

/** Odds that one random guess of `length` characters hits one of `quantity` live codes. */
export function oddsOfGuess(quantity: number, length: number): number {
  return quantity / ALPHABET_SIZE ** length;
}

/** The shortest length that keeps the odds below 1 in 10⁹ (same rule as defaultCodeLength). */
export function suggestedLength(quantity: number): number {
  const needed = Math.ceil(Math.log(Math.max(1, quantity) / MAX_ODDS) / Math.log(ALPHABET_SIZE) + 1e-9);
  return Math.min(MAX_LENGTH, Math.max(MIN_LENGTH, needed));
}

export type CodeSpace = {
  length: number;
  /** How many different codes the length allows: 31^length. */
  space: number;
  /** One random guess hits a live code with odds 1 in `oneIn`. */
  oneIn: number;
  odds: number;
  /** Whether the server will accept it: odds strictly below 1 in 10⁹. */
  safe: boolean;
};

/** The readout for the form: the chosen length, or the suggested one when none is chosen. */
export function codeSpace(quantity: number, length?: number | null): CodeSpace {
  const q = Math.max(1, Math.floor(quantity) || 1);
  const len = length ?? suggestedLength(q);
  const odds = oddsOfGuess(q, len);
  return { length: len, space: ALPHABET_SIZE ** len, oneIn: 1 / odds, odds, safe: odds < MAX_ODDS };
}

/** 7.87e17 → { mantissa: "7.87", exponent: 17 }: for "7.87 × 10¹⁷". */
export function scientific(n: number): { mantissa: string; exponent: number } {
  if (!Number.isFinite(n) || n <= 0) return { mantissa: "0", exponent: 0 };
  const exponent = Math.floor(Math.log10(n));
  let mantissa = n / 10 ** exponent;
  // 9.996 rounds up to "10.0": carry it into the exponent.
  if (Number(mantissa.toFixed(2)) >= 10) return { mantissa: "1.00", exponent: exponent + 1 };
  mantissa = Number(mantissa.toFixed(2));
  return { mantissa: mantissa.toFixed(2), exponent };
}

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** 17 → "¹⁷". */
export function superscript(n: number): string {
  return String(n)
    .split("")
    .map((d) => (d === "-" ? "⁻" : SUPERSCRIPT[Number(d)]))
    .join("");
}

// A fixed, made-up body for the form's "looks like" preview (deterministic, so server and client render alike).
const SAMPLE = "7KQ49XPTH3MWRC8YDFGA2N5BEJU6SVZ";

/** What a code of this prefix and length looks like, grouped for reading: `LM-7KQ4-9XPT`. */
export function sampleCode(prefix: string, length: number): string {
  const body = SAMPLE.repeat(Math.ceil(length / SAMPLE.length)).slice(0, length);
  const chunks = body.match(/.{1,4}/g) ?? [body];
  const p = prefix.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return [p, ...chunks].filter(Boolean).join("-");
}

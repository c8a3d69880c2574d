/** The largest amount a form takes, ¥1,000,000: the limit of the campaign and redemption schemas. */
export const MAX_AMOUNT_FEN = 100_000_000;

/** Why typed text is not an amount: not a number (or more than two decimals), below zero, too large. */
export type YuanProblem = "format" | "negative" | "tooLarge";

/**
 * Yuan as people type them — "19.9", "¥20", "1,000.00", full-width "２０" or "￥２０" from a Chinese
 * input method — into fen, or what is wrong with it.
 */
export function readYuan(input: string): { fen: number } | { problem: YuanProblem } {
  const s = input.normalize("NFKC").replace(/[¥,\s]/g, "").replace(/^[−–]/, "-");
  const negative = s.startsWith("-");
  const digits = negative ? s.slice(1) : s;
  if (!/^\d+(\.\d{1,2})?$/.test(digits)) return { problem: "format" };
  const [whole, frac = ""] = digits.split(".");
  if (negative && /[1-9]/.test(digits)) return { problem: "negative" };
  if (whole.replace(/^0+/, "").length > 9) return { problem: "tooLarge" };
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return fen > MAX_AMOUNT_FEN ? { problem: "tooLarge" } : { fen };
}

/** readYuan's amount in fen, or null when the text is not one. */
export function parseYuan(input: string): number | null {
  const r = readYuan(input);
  return "fen" in r ? r.fen : null;
}

/** fen → "¥20.00" */
export function formatFen(fen: number, currency = "¥"): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${currency}${Math.floor(abs / 100).toLocaleString("en-US")}.${String(abs % 100).padStart(2, "0")}`;
}

/** Fen as exact yuan text, "1234.50" (never through floating point): what CSV exports write. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

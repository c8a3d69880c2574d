/** "19.9" / "¥20" / "1,000.00" → fen; null when it is not a non-negative amount with at most two decimals. */
export function parseYuan(input: string): number | null {
  const s = input.replace(/[¥￥,\s]/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ""] = s.split(".");
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return Number.isSafeInteger(fen) ? fen : null;
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

/**
 * Normalises a phone number to E.164. Mainland mobiles may be typed bare (`138 0013 8000`), with
 * `86`/`+86`/`0086`, in ASCII or full-width digits; other countries need their `+` country code. Returns null when it is not a number
 * a consumer could receive an SMS on.
 */
export function normalizePhone(input: string): string | null {
  // NFKC: full-width digits, ＋ and spaces as Chinese input methods type them (`１３８ ００１３ ８０００`).
  const raw = input.normalize("NFKC").trim();
  if (!raw) return null;
  if (!/^[+\d\s\-().]+$/.test(raw)) return null;
  let digits = raw.replace(/[\s\-().]/g, "");
  if (digits.startsWith("00")) digits = `+${digits.slice(2)}`;
  if (digits.startsWith("+")) {
    const rest = digits.slice(1);
    if (!/^\d+$/.test(rest)) return null;
    if (rest.startsWith("86")) return mainland(rest.slice(2));
    // E.164: a country code (not 0) and at most 15 digits in all.
    return /^[1-9]\d{6,14}$/.test(rest) ? `+${rest}` : null;
  }
  if (!/^\d+$/.test(digits)) return null;
  if (digits.length === 13 && digits.startsWith("86")) return mainland(digits.slice(2));
  return mainland(digits);
}

function mainland(national: string): string | null {
  return /^1[3-9]\d{9}$/.test(national) ? `+86${national}` : null;
}

/** `+86 138****8000`: enough for a person to recognise their number, not enough to leak it. */
export function maskPhone(e164: string): string {
  if (e164.startsWith("+86") && e164.length === 14) return `+86 ${e164.slice(3, 6)}****${e164.slice(10)}`;
  return `${e164.slice(0, 4)}****${e164.slice(-3)}`;
}

// Brand settings rules (pure: no database, Next.js or React). The time zone, colour and logo that
// consumer claim pages show, and how each is checked.

/** What an uploaded logo may weigh: it is stored inline (a data: URL) and sent with every claim page. */
export const LOGO_MAX_BYTES = 200 * 1024;

/** Raster types only. SVG is refused: it is a document that can carry script and external references. */
export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** "#E11D48", "e11d48", "#e1d" → "#e11d48"; anything else → null. */
export function normalizeHexColor(input: string): string | null {
  const s = input.trim().replace(/^#/, "").toLowerCase();
  if (/^[0-9a-f]{6}$/.test(s)) return `#${s}`;
  if (/^[0-9a-f]{3}$/.test(s)) return `#${[...s].map((c) => c + c).join("")}`;
  return null;
}

let zoneList: readonly string[] | undefined;

/** The zones a Chinese merchant's stores are most likely in, offered first (China's own first). */
export const COMMON_TIME_ZONES = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul", "UTC"] as const;

/** The IANA zones this runtime knows, plus UTC: the common ones first, then the rest sorted. */
export function timeZoneOptions(): readonly string[] {
  zoneList ??= [...new Set([...COMMON_TIME_ZONES, ...[...new Set(["UTC", ...Intl.supportedValuesOf("timeZone")])].sort()])];
  return zoneList;
}

// Area/Location names ("Asia/Shanghai", "America/Argentina/Buenos_Aires", "Etc/GMT-8") or "UTC".
// Offsets such as "+08:00" are refused: Intl accepts them, but Postgres reads POSIX-style offsets
// with the sign reversed, so the same text would mean two different zones.
const IANA_SHAPE = /^(?:UTC|[A-Za-z][A-Za-z_]*(?:\/[A-Za-z0-9_+-]+){1,2})$/;

/**
 * An IANA time zone as the form list spells it ("asia/shanghai" → "Asia/Shanghai"), or null when it is
 * not one. The database is asked too before saving (lib/organizations/mutations.ts): a zone must be
 * known to both, since days are counted in SQL and dates formatted in JavaScript.
 */
export function normalizeTimeZone(input: string): string | null {
  const s = input.trim();
  if (!s || s.length > 64 || !IANA_SHAPE.test(s)) return null;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: s });
  } catch {
    return null;
  }
  const lower = s.toLowerCase();
  return timeZoneOptions().find((z) => z.toLowerCase() === lower) ?? s;
}

/** The type of an image from its first bytes (never from the name or the browser's claim), or null. */
export function sniffImageType(bytes: Uint8Array): LogoType | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  // RIFF <size> WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

export type LogoUploadError = "settings.brand.errors.logoFileRequired" | "settings.brand.errors.logoTooLarge" | "settings.brand.errors.logoType";

/** An uploaded logo as the data: URL stored in organizations.logo_url, or the message key of why not. */
export function logoDataUrl(bytes: Uint8Array): { ok: true; url: string; type: LogoType } | { ok: false; error: LogoUploadError } {
  if (bytes.length === 0) return { ok: false, error: "settings.brand.errors.logoFileRequired" };
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, error: "settings.brand.errors.logoTooLarge" };
  const type = sniffImageType(bytes);
  if (!type) return { ok: false, error: "settings.brand.errors.logoType" };
  return { ok: true, url: `data:${type};base64,${Buffer.from(bytes).toString("base64")}`, type };
}

/** Whether a stored logo is an upload (a data: URL of an accepted type) rather than a link. */
export function isUploadedLogo(url: string | null | undefined): boolean {
  return typeof url === "string" && LOGO_TYPES.some((t) => url.startsWith(`data:${t};base64,`));
}

/** A linked logo: an absolute https URL without credentials, normalised; null otherwise. */
export function normalizeLogoUrl(input: string): string | null {
  const s = input.trim();
  if (!s || s.length > 2048) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (u.protocol !== "https:" || !u.hostname || u.username || u.password) return null;
  return u.href;
}

/** How a logo appears in the audit log: a link as is, an upload by type and size (not its bytes). */
export function describeLogo(url: string | null): string | null {
  if (!url) return null;
  if (!url.startsWith("data:")) return url;
  const type = url.slice(5, url.indexOf(";"));
  const base64 = url.slice(url.indexOf(",") + 1);
  const bytes = Math.floor((base64.length * 3) / 4) - (base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0);
  return `upload:${type}:${bytes}`;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

/**
 * The brand colour as a background for white text: itself when white on it reaches 4.5:1 (WCAG AA),
 * else the same hue darkened just enough. A pale brand colour (a yellow) still gives readable buttons.
 */
export function brandSurface(color: string): string {
  const hex = normalizeHexColor(color) ?? "#e11d48";
  let [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  let out = hex;
  for (let i = 0; i < 40 && contrastRatio("#ffffff", out) < 4.5; i++) {
    [r, g, b] = [r, g, b].map((c) => Math.floor(c * 0.95));
    out = `#${[r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("")}`;
  }
  return out;
}

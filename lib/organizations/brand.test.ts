import { describe, expect, it } from "vitest";
import { brandSurface, contrastRatio, COMMON_TIME_ZONES, describeLogo, isUploadedLogo, LOGO_MAX_BYTES, logoDataUrl, normalizeHexColor, normalizeLogoUrl, normalizeTimeZone, sniffImageType, timeZoneOptions } from "./brand";

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => new TextEncoder().encode(s);

describe("brand colour", () => {
  it("accepts six or three hex digits, with or without #, and lower-cases them", () => {
    expect(normalizeHexColor("#E11D48")).toBe("#e11d48");
    expect(normalizeHexColor(" e11d48 ")).toBe("#e11d48");
    expect(normalizeHexColor("#0af")).toBe("#00aaff");
  });

  it("refuses anything else", () => {
    for (const bad of ["", "#", "red", "#12345", "#1234567", "#ggg", "rgb(1,2,3)", "#e11d48;background:url(x)"]) expect(normalizeHexColor(bad)).toBeNull();
  });
});

describe("time zone", () => {
  it("accepts IANA names in any case and spells them as the list does", () => {
    expect(normalizeTimeZone("Asia/Shanghai")).toBe("Asia/Shanghai");
    expect(normalizeTimeZone(" asia/shanghai ")).toBe("Asia/Shanghai");
    expect(normalizeTimeZone("UTC")).toBe("UTC");
    expect(normalizeTimeZone("America/Argentina/Buenos_Aires")).toBe("America/Argentina/Buenos_Aires");
  });

  it("refuses unknown zones, offsets and junk", () => {
    for (const bad of ["", "Mars/Olympus", "+08:00", "GMT+8", "Asia", "Asia/Shanghai; drop table", "../etc/passwd", "x".repeat(80)]) {
      expect(normalizeTimeZone(bad)).toBeNull();
    }
  });

  it("offers Shanghai and the common zones first, then every other zone once, sorted", () => {
    const list = timeZoneOptions();
    expect(list[0]).toBe("Asia/Shanghai");
    expect(list.slice(0, COMMON_TIME_ZONES.length)).toEqual([...COMMON_TIME_ZONES]);
    const rest = list.slice(COMMON_TIME_ZONES.length);
    expect(rest).toEqual([...rest].sort());
    expect(rest).toContain("Africa/Abidjan");
    expect(new Set(list).size).toBe(list.length);
  });
});

describe("logo upload", () => {
  it("reads the type from the bytes", () => {
    expect(sniffImageType(bytes(...PNG_SIG, 0))).toBe("image/png");
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe("image/jpeg");
    expect(sniffImageType(ascii("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "))).toBe("image/webp");
    expect(sniffImageType(ascii("RIFF\u0000\u0000\u0000\u0000WAVEfmt "))).toBeNull();
    expect(sniffImageType(ascii("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffImageType(ascii("GIF89a"))).toBeNull();
    expect(sniffImageType(bytes())).toBeNull();
  });

  it("makes a data: URL of an accepted image up to 200 KB", () => {
    const ok = logoDataUrl(bytes(...PNG_SIG));
    expect(ok).toEqual({ ok: true, type: "image/png", url: `data:image/png;base64,${Buffer.from(PNG_SIG).toString("base64")}` });
    const limit = new Uint8Array(LOGO_MAX_BYTES);
    limit.set(PNG_SIG);
    expect(logoDataUrl(limit).ok).toBe(true);
    const over = new Uint8Array(LOGO_MAX_BYTES + 1);
    over.set(PNG_SIG);
    expect(logoDataUrl(over)).toEqual({ ok: false, error: "settings.brand.errors.logoTooLarge" });
    expect(logoDataUrl(ascii("<svg/>"))).toEqual({ ok: false, error: "settings.brand.errors.logoType" });
    expect(logoDataUrl(bytes())).toEqual({ ok: false, error: "settings.brand.errors.logoFileRequired" });
  });

  it("tells an upload from a link, and describes an upload by type and size", () => {
    expect(isUploadedLogo("data:image/png;base64,AAAA")).toBe(true);
    expect(isUploadedLogo("data:image/svg+xml;base64,AAAA")).toBe(false);
    expect(isUploadedLogo("https://example.com/a.png")).toBe(false);
    expect(isUploadedLogo(null)).toBe(false);
    expect(describeLogo(`data:image/png;base64,${Buffer.from(new Uint8Array(10)).toString("base64")}`)).toBe("upload:image/png:10");
    expect(describeLogo("https://example.com/a.png")).toBe("https://example.com/a.png");
    expect(describeLogo(null)).toBeNull();
  });
});

describe("logo link", () => {
  it("accepts https only, without credentials", () => {
    expect(normalizeLogoUrl(" https://cdn.example.com/logo.png ")).toBe("https://cdn.example.com/logo.png");
    for (const bad of ["http://example.com/a.png", "javascript:alert(1)", "data:image/png;base64,AA", "//example.com/a.png", "https://u:p@example.com/a.png", "", "not a url"]) {
      expect(normalizeLogoUrl(bad)).toBeNull();
    }
  });
});

describe("brandSurface", () => {
  it("keeps a brand colour white text is readable on, and darkens a pale one until it is (4.5:1)", () => {
    expect(brandSurface("#b91c1c")).toBe("#b91c1c");
    for (const pale of ["#facc15", "#e11d48", "#22c55e", "#ffffff", "#7dd3fc"]) {
      const surface = brandSurface(pale);
      expect(contrastRatio("#ffffff", surface)).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 0);
  });
});

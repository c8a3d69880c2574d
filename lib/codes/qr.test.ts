import { describe, expect, it } from "vitest";
import { isQrSize, qrFilename, qrPng, qrSvg, QR_SIZES } from "./qr";

const URL = "https://quan.example.com/c/demo-live";

describe("qr", () => {
  it("renders an SVG of the requested width, deterministically", async () => {
    const svg = await qrSvg(URL, QR_SIZES.print);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('width="1200"');
    expect(svg).toContain('height="1200"');
    expect(await qrSvg(URL, QR_SIZES.print)).toBe(svg);
    // a different text is a different symbol
    expect(await qrSvg(`${URL}x`, QR_SIZES.print)).not.toBe(svg);
  });

  it("renders a PNG of the requested size", async () => {
    for (const size of [QR_SIZES.screen, QR_SIZES.print]) {
      const png = await qrPng(URL, size);
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      // IHDR: width and height, big-endian, at bytes 16–23
      expect(png.readUInt32BE(16)).toBe(size);
      expect(png.readUInt32BE(20)).toBe(size);
    }
  });

  it("names downloads and knows its sizes", () => {
    expect(qrFilename("demo-live", "print", "png")).toBe("qr-demo-live-print.png");
    expect(qrFilename("a/../b", "screen", "svg")).toBe("qr-ab-screen.svg");
    expect(isQrSize("print")).toBe(true);
    expect(isQrSize("toString")).toBe(false);
  });
});

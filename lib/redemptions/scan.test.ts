import { describe, expect, it } from "vitest";
import { parseScan } from "./scan";

describe("parseScan", () => {
  it("reads a bare code as the consumer's QR encodes it, or as a clerk types it", () => {
    expect(parseScan("LM7KQ49XPT")).toEqual({ kind: "code", code: "LM7KQ49XPT" });
    expect(parseScan("  lm-7kq4-9xpt\r\n")).toEqual({ kind: "code", code: "LM7KQ49XPT" });
    expect(parseScan("LM 7KQ4 9XPT")).toEqual({ kind: "code", code: "LM7KQ49XPT" });
    expect(parseScan("lm888")).toEqual({ kind: "code", code: "LM888" });
  });

  it("folds full-width characters left by a Chinese input method", () => {
    expect(parseScan("ＬＭ－７ＫＱ４－９ＸＰＴ")).toEqual({ kind: "code", code: "LM7KQ49XPT" });
  });

  it("reads a URL: ?code=, a code page (by its claim) or an offer's landing page", () => {
    expect(parseScan("https://shop.example/redeem?code=lm-7kq4-9xpt")).toEqual({ kind: "code", code: "LM7KQ49XPT" });
    expect(parseScan("https://shop.example/c/demo-live/code/0F8FAD5B-D9CB-469F-A165-70867728950E")).toEqual({
      kind: "claim",
      claimId: "0f8fad5b-d9cb-469f-a165-70867728950e",
    });
    expect(parseScan("http://shop.example/c/Demo-Live?utm_source=douyin")).toEqual({ kind: "landing", slug: "demo-live" });
    expect(parseScan("https://shop.example/c/demo-live/")).toEqual({ kind: "landing", slug: "demo-live" });
  });

  it("refuses what cannot be a code", () => {
    for (const text of ["", "   ", "A", "LM7KQ4!9XPT", "券", "https://shop.example/", "https://shop.example/c/me", "https://shop.example/c/x/code/not-a-uuid", "https://"]) {
      expect(parseScan(text)).toEqual({ kind: "invalid" });
    }
    expect(parseScan("https://shop.example/?code=%21%21")).toEqual({ kind: "invalid" });
  });

  it("reads a Chinese shared code (口令) as a code", () => {
    expect(parseScan(" 鹿鸣 ")).toEqual({ kind: "code", code: "鹿鸣" });
    expect(parseScan("ｌｍ８８８")).toEqual({ kind: "code", code: "LM888" });
  });
});

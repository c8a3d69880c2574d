import { describe, expect, it } from "vitest";
import { carriesNul, decodablePath, isSameOrigin } from "./origin";

describe("decodablePath", () => {
  it("refuses a path whose percent-encoding does not decode", () => {
    for (const p of ["/c/%ff", "/api/v1/groups/%E4%B8", "/a/%"]) expect(decodablePath(p), p).toBe(false);
    for (const p of ["/c/demo-live", "/c/%E9%B9%BF", "/api/v1/groups/%20x", "/"]) expect(decodablePath(p), p).toBe(true);
  });
});

describe("carriesNul", () => {
  it("finds a NUL raw, or escaped the way the body's type writes it", () => {
    expect(carriesNul("a\u0000b", "multipart/form-data; boundary=x")).toBe(true);
    expect(carriesNul('["x","\\u0000"]', "text/plain;charset=UTF-8")).toBe(true);
    expect(carriesNul("phone=%00", "application/x-www-form-urlencoded")).toBe(true);
    expect(carriesNul("name=%2500", "application/x-www-form-urlencoded")).toBe(false);
    expect(carriesNul('["plain"]', "text/plain")).toBe(false);
    expect(carriesNul("%00 typed as text", "multipart/form-data")).toBe(false);
  });
});

describe("isSameOrigin", () => {
  const req = (origin?: string) => new Request("http://shop.test/x", { method: "POST", headers: { host: "shop.test", ...(origin ? { origin } : {}) } });
  it("is true only for this site's own Origin", () => {
    expect(isSameOrigin(req("http://shop.test"))).toBe(true);
    expect(isSameOrigin(req("https://evil.test"))).toBe(false);
    expect(isSameOrigin(req("null"))).toBe(false);
    expect(isSameOrigin(req())).toBe(false);
  });
});

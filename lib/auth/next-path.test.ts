import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("keeps a path on this site, with its query", () => {
    expect(safeNextPath("/audit")).toBe("/audit");
    expect(safeNextPath("/campaigns?status=draft")).toBe("/campaigns?status=draft");
  });

  it("refuses anything that could leave the site", () => {
    for (const bad of [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "javascript:alert(1)",
      "evil.example",
      "/\tevil",
      "/\r\nSet-Cookie:x",
      "",
      null,
      undefined,
      42,
    ]) {
      expect(safeNextPath(bad)).toBeNull();
    }
  });

  it("keeps encoded characters encoded, so they stay part of the path", () => {
    expect(safeNextPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });

  it("does not send people back to the sign-in pages or the API", () => {
    expect(safeNextPath("/login")).toBeNull();
    expect(safeNextPath("/register")).toBeNull();
    expect(safeNextPath("/api/v1/campaigns")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage } from "./config";

describe("localeFromAcceptLanguage", () => {
  it("picks the most wanted of our languages", () => {
    expect(localeFromAcceptLanguage("en-US,en;q=0.9,zh-CN;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("zh-TW,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,en;q=0.5,zh;q=0.7")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("de;q=0.9, EN;q=0.1")).toBe("en");
  });
  it("is null when neither is asked for, or the header is missing or junk", () => {
    expect(localeFromAcceptLanguage("fr-FR,de;q=0.5")).toBeNull();
    expect(localeFromAcceptLanguage("en;q=0")).toBeNull();
    expect(localeFromAcceptLanguage(null)).toBeNull();
    expect(localeFromAcceptLanguage(";;,,q=")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { isBot, referrerOrigin, utm, visitorHash } from "./views";

const IPHONE_WECHAT =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";
const ANDROID_DOUYIN =
  "Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.5414.86 Mobile Safari/537.36 aweme_290100 JsSdk/1.0 NetType/WIFI";

describe("isBot", () => {
  it("counts people in WeChat, Douyin and ordinary browsers", () => {
    expect(isBot(IPHONE_WECHAT)).toBe(false);
    expect(isBot(ANDROID_DOUYIN)).toBe(false);
    expect(isBot("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15")).toBe(false);
  });
  it.each([
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "TelegramBot (like TwitterBot)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)",
    "WhatsApp/2.23.20.0",
    "curl/8.4.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
    "",
  ])("does not count %j", (ua) => {
    expect(isBot(ua)).toBe(true);
  });
});

describe("visitor and attribution helpers", () => {
  it("gives one visitor the same id within a day and another the next day", () => {
    const a = visitorHash("s", "1.2.3.4", IPHONE_WECHAT, "2026-11-23");
    expect(visitorHash("s", "1.2.3.4", IPHONE_WECHAT, "2026-11-23")).toBe(a);
    expect(visitorHash("s", "1.2.3.4", IPHONE_WECHAT, "2026-11-24")).not.toBe(a);
    expect(visitorHash("s", "1.2.3.5", IPHONE_WECHAT, "2026-11-23")).not.toBe(a);
    expect(a).not.toContain("1.2.3.4");
  });
  it("keeps utm parameters and only the referrer's origin", () => {
    expect(utm({ utm_source: " douyin ", utm_medium: ["live", "x"], utm_campaign: "" })).toEqual({ utmSource: "douyin", utmMedium: "live", utmCampaign: null });
    expect(referrerOrigin("https://www.xiaohongshu.com/explore/123?phone=138")).toBe("https://www.xiaohongshu.com");
    expect(referrerOrigin("not a url")).toBeNull();
  });
});

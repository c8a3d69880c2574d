import { createHash } from "node:crypto";

// Link-preview fetchers and crawlers: they open the page to draw a card, no person is looking.
const BOT_PATTERN =
  /bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|quora link|whatsapp|telegram|slack|discord|skype|line\/|twitterbot|linkedin|pinterest|bingpreview|headless|lighthouse|wget|curl|python-requests|httpclient|okhttp|go-http|java\/|node-fetch|axios|MicroMessenger\/.*(?:WeChatBot|wxwork-bot)|Weibo.*(?:spider|bot)|Baiduspider|Sogou|YisouSpider|Bytespider|PetalBot|360Spider/i;

/** Whether a user agent belongs to a link preview, crawler or script rather than a person's browser. */
export function isBot(userAgent: string | null | undefined): boolean {
  if (!userAgent || userAgent.length < 20) return true;
  return BOT_PATTERN.test(userAgent);
}

/** A visitor id that needs no cookie and keeps no raw IP: a salted hash of IP and browser, per day. */
export function visitorHash(secret: string, ip: string, userAgent: string, day: string): string {
  return createHash("sha256").update(`${secret}:v:${day}:${ip}:${userAgent}`).digest("base64url").slice(0, 22);
}

/** utm_* parameters, trimmed and capped, or null. */
export function utm(params: Record<string, string | string[] | undefined>) {
  const one = (k: string) => {
    const v = params[k];
    const s = (Array.isArray(v) ? v[0] : v)?.trim().slice(0, 100);
    return s ? s : null;
  };
  return { utmSource: one("utm_source"), utmMedium: one("utm_medium"), utmCampaign: one("utm_campaign") };
}

/** The referring site's origin only (never its path or query, which may carry personal data). */
export function referrerOrigin(referer: string | null): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin.slice(0, 200);
  } catch {
    return null;
  }
}

import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { CONSUMER_PAGE_HEADER, DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, localeOf } from "./config";
import { loadMessages } from "./messages";
import type { Locale } from "./config";

// Locale comes from a cookie (no locale in the URL): Simplified Chinese unless the user switched. A
// consumer page with no cookie follows the browser's Accept-Language (a tourist's phone in English).
export default getRequestConfig(async () => {
  const wanted = (await cookies()).get(LOCALE_COOKIE)?.value;
  let locale: Locale = localeOf(wanted);
  if (!isLocale(wanted)) {
    const h = await headers();
    if (h.get(CONSUMER_PAGE_HEADER)) locale = localeFromAcceptLanguage(h.get("accept-language")) ?? DEFAULT_LOCALE;
  }
  return {
    locale,
    timeZone: "Asia/Shanghai",
    messages: await loadMessages(locale),
  };
});

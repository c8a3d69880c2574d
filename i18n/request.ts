import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE } from "./config";
import { loadMessages } from "./messages";

// Locale comes from a cookie (no locale in the URL): Simplified Chinese unless the user switched.
export default getRequestConfig(async () => {
  const wanted = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(wanted) ? wanted : DEFAULT_LOCALE;
  return {
    locale,
    timeZone: "Asia/Shanghai",
    messages: await loadMessages(locale),
  };
});

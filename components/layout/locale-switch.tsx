import { getLocale, getTranslations } from "next-intl/server";
import { LOCALES } from "@/i18n/config";
import { setLocaleAction } from "@/lib/locale/actions";
import { cn } from "@/components/ui/cn";

const FORM_ID = "locale-form";

/**
 * 简体中文 | English: submit buttons of a server-action form, so it works before (or without) JavaScript.
 * The buttons sit outside the <form> element (joined by its id) so a page's own form stays the only
 * `form button[type=submit]` on the sign-in page.
 */
export async function LocaleSwitch({ className }: { className?: string }) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("locale")]);
  return (
    <div role="group" aria-label={t("label")} className={cn("inline-flex rounded-lg bg-zinc-100 p-0.5", className)}>
      <form id={FORM_ID} action={setLocaleAction} hidden />
      {LOCALES.map((l) => {
        const active = l === locale;
        return (
          <button
            key={l}
            type="submit"
            form={FORM_ID}
            name="locale"
            value={l}
            lang={l}
            data-testid={`locale-${l}`}
            aria-pressed={active}
            className={cn(
              "flex-1 rounded-md px-2.5 py-1 text-xs font-medium whitespace-nowrap transition-colors",
              "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-rose-600",
              active ? "bg-white text-zinc-900 shadow-xs" : "text-zinc-600 hover:text-zinc-900",
            )}
          >
            {t(l)}
          </button>
        );
      })}
    </div>
  );
}

"use client";

import { useTranslations } from "next-intl";

/** Translates a message key returned by a server action; unknown keys fall back to the generic error. */
export function useMessage() {
  const t = useTranslations();
  return (key: string | undefined): string | undefined => {
    if (!key) return undefined;
    return t.has(key) ? t(key) : t("errors.generic");
  };
}

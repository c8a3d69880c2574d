"use server";

import { formOf } from "@/lib/action-state";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { isLocale, LOCALE_COOKIE } from "@/i18n/config";

// Remembers the chosen UI language in the NEXT_LOCALE cookie, read by i18n/request.ts.
export async function setLocaleAction(form: FormData): Promise<void> {
  const formData = formOf(form);
  const locale = formData.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    sameSite: "lax",
    secure: process.env.NODE_ENV === "production",
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
  });
  revalidatePath("/", "layout");
}

import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { AppShell } from "@/components/layout/app-shell";
import { AuthFrame } from "@/components/layout/auth-frame";
import { getConsoleContext, requireUserId } from "@/lib/auth/session";
import { signOutAction } from "@/lib/auth/actions";

// The signed-in console. Each page still checks its own permission: a layout is not re-run on every navigation.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const ctx = await getConsoleContext();
  if (ctx) return <AppShell ctx={ctx}>{children}</AppShell>;

  // Signed in but in no organisation yet: only onboarding renders (every other page redirects there).
  await requireUserId();
  const t = await getTranslations("shell");
  return (
    <AuthFrame
      aside={
        <form action={signOutAction}>
          <button type="submit" data-testid="sign-out" className="text-sm font-medium text-zinc-600 hover:text-zinc-900">
            {t("signOut")}
          </button>
        </form>
      }
    >
      {children}
    </AuthFrame>
  );
}

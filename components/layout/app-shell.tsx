import type { ReactNode } from "react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ConsoleContext } from "@/lib/auth/session";
import { can, navFor } from "@/lib/auth/permissions";
import { signOutAction } from "@/lib/auth/actions";
import { AlertsBell } from "./alerts-bell";
import { BrandMark } from "./brand";
import { Icon } from "./icons";
import { LocaleSwitch } from "./locale-switch";
import { MOBILE_MENU_ID } from "./menu-id";
import { NavLinks, type NavLink } from "./nav-links";
import { OrgSwitcher } from "./org-switcher";
import { RoleBadge } from "./role-badge";

/**
 * The signed-in console: a sidebar on wide screens; on phones a top bar whose menu button opens the
 * same sidebar (a checkbox toggle, so it works without JavaScript). One sidebar in the DOM, not two.
 */
export async function AppShell({ ctx, children }: { ctx: ConsoleContext; children: ReactNode }) {
  const [tNav, tShell] = await Promise.all([getTranslations("nav"), getTranslations("shell")]);

  const sections: NavLink[] = navFor(ctx.role).map((item) => ({
    key: item.key,
    href: item.href,
    label: tNav(item.key),
    icon: <Icon name={item.key} />,
    testId: `nav-${item.key}`,
  }));
  // The overview is not one of the role matrix's sections (NAV_ITEMS), so it carries its own test id.
  const overview: NavLink[] = can(ctx.role, "campaign:read")
    ? [{ key: "dashboard", href: "/dashboard", label: tNav("dashboard"), icon: <Icon name="dashboard" />, testId: "overview-link" }]
    : [];

  return (
    <div className="min-h-dvh lg:pl-64">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-rose-700 shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        {tShell("skipToContent")}
      </a>
      <input type="checkbox" id={MOBILE_MENU_ID} className="peer sr-only" aria-label={tShell("menu")} aria-controls="shell-sidebar" />

      <header className="sticky top-0 z-30 flex h-14 items-center justify-between gap-3 border-b border-zinc-200 bg-white/95 px-4 backdrop-blur peer-focus-visible:ring-2 peer-focus-visible:ring-rose-600 peer-focus-visible:ring-inset peer-checked:[&_[data-icon=close]]:block peer-checked:[&_[data-icon=menu]]:hidden lg:hidden">
        <div className="flex min-w-0 items-center gap-3">
          <BrandMark compact />
          <span className="truncate text-sm font-semibold text-zinc-900">{ctx.org.name}</span>
        </div>
        <div className="flex items-center gap-1">
          <AlertsBell ctx={ctx} />
          <label
            htmlFor={MOBILE_MENU_ID}
            className="-mr-1 flex size-10 cursor-pointer items-center justify-center rounded-lg text-zinc-700 hover:bg-zinc-100"
          >
            <span data-icon="menu">
              <Icon name="menu" className="size-6" />
            </span>
            <span data-icon="close" className="hidden">
              <Icon name="close" className="size-6" />
            </span>
            <span className="sr-only">{tShell("menu")}</span>
          </label>
        </div>
      </header>

      <aside
        id="shell-sidebar"
        className="fixed inset-x-0 top-14 bottom-0 z-20 hidden flex-col overflow-y-auto border-zinc-200 bg-white peer-checked:flex lg:inset-y-0 lg:top-0 lg:left-0 lg:flex lg:w-64 lg:border-r"
      >
        <div className="hidden h-16 shrink-0 items-center justify-between border-b border-zinc-100 px-5 lg:flex">
          <BrandMark />
          <AlertsBell ctx={ctx} className="-mr-2" />
        </div>
        <div className="border-b border-zinc-100 px-5 py-4">
          <OrgSwitcher active={ctx.org} memberships={ctx.memberships} />
        </div>
        <nav aria-label={tNav("label")} data-testid="sidebar" className="flex-1 px-3 py-4">
          {overview.length ? (
            <div className="mb-2 border-b border-zinc-100 pb-2">
              <NavLinks items={overview} />
            </div>
          ) : null}
          <NavLinks items={sections} />
        </nav>
        <div className="space-y-3 border-t border-zinc-100 px-5 py-4">
          <div className="min-w-0">
            <p className="text-xs text-zinc-500">{tShell("account")}</p>
            <div className="mt-1 flex items-center gap-2">
              <span className="truncate text-sm font-medium text-zinc-900" data-testid="user-name">
                {ctx.name}
              </span>
              <span data-testid="role-badge" data-role={ctx.role} className="shrink-0">
                <RoleBadge role={ctx.role} />
              </span>
            </div>
            <p className="truncate text-xs text-zinc-500">{ctx.email}</p>
            <Link href="/account" className="mt-1 inline-block text-xs font-medium text-rose-700 hover:underline" data-testid="account-link">
              {tShell("accountSettings")}
            </Link>
          </div>
          <LocaleSwitch className="flex w-full" />
          <form action={signOutAction}>
            <button
              type="submit"
              data-testid="sign-out"
              className="flex w-full items-center gap-2 rounded-lg px-2 py-1.5 text-sm font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-rose-600"
            >
              <Icon name="signOut" className="size-4" />
              {tShell("signOut")}
            </button>
          </form>
        </div>
      </aside>

      <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 lg:px-10 lg:py-10">
        {children}
      </main>
    </div>
  );
}

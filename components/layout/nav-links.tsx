"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect } from "react";
import { cn } from "@/components/ui/cn";
import { MOBILE_MENU_ID } from "./menu-id";

export type NavLink = { key: string; href: string; label: string; icon: React.ReactNode; testId: string };

function isActive(pathname: string, href: string) {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The sidebar links, the current section highlighted; closes the mobile menu after a navigation. */
export function NavLinks({ items }: { items: NavLink[] }) {
  const pathname = usePathname();
  useEffect(() => {
    const toggle = document.getElementById(MOBILE_MENU_ID);
    if (toggle instanceof HTMLInputElement) toggle.checked = false;
  }, [pathname]);
  return (
    <ul className="space-y-0.5">
      {items.map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <li key={item.key}>
            <Link
              href={item.href}
              data-testid={item.testId}
              aria-current={active ? "page" : undefined}
              className={cn(
                "group flex items-center gap-3 rounded-lg px-3 py-1.5 text-sm font-medium transition-colors",
                "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-rose-600",
                active ? "bg-rose-50 text-rose-700" : "text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900",
              )}
            >
              <span className={cn("shrink-0", active ? "text-rose-600" : "text-zinc-400 group-hover:text-zinc-600")}>{item.icon}</span>
              <span className="truncate">{item.label}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

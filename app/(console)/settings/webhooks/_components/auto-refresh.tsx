"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";

/** Re-renders the page from the server every `ms` while mounted (while deliveries are waiting). */
export function AutoRefresh({ ms, label }: { ms: number; label: string }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, ms);
    return () => clearInterval(timer);
  }, [ms, router]);
  return (
    <p className="flex items-center gap-2 text-xs text-zinc-500" aria-live="off">
      <span className="size-1.5 animate-pulse rounded-full bg-sky-500" aria-hidden="true" />
      {label}
    </p>
  );
}

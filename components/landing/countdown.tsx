"use client";

import { useEffect, useState } from "react";

/** Counts down to `target`; without JavaScript the server-rendered fallback (the opening time) stays. */
export function Countdown({ target, template, fallback }: { target: string; template: string; fallback: string }) {
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const end = Date.parse(target);
    const tick = () => {
      const ms = end - Date.now();
      if (ms <= 0) window.location.reload();
      else setLeft(ms);
    };
    tick();
    const id = window.setInterval(tick, 1000);
    return () => window.clearInterval(id);
  }, [target]);
  if (left == null) return <>{fallback}</>;
  const s = Math.floor(left / 1000);
  const d = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, "0")).join(":");
  return <span className="tabular-nums">{template.replace("{time}", d > 0 ? `${d}d ${hms}` : hms)}</span>;
}

"use client";

import { useEffect, useState } from "react";
import { countdownText } from "@/lib/format";

/**
 * Counts down to `target`; without JavaScript the server-rendered fallback (the opening time) stays.
 * `days` is how the language writes a number of days ("{n}天", "{n}d").
 */
export function Countdown({ target, template, days, fallback }: { target: string; template: string; days: string; fallback: string }) {
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
  return <span className="tabular-nums">{template.replace("{time}", countdownText(left, days))}</span>;
}

"use client";

import { useState } from "react";
import { cn } from "./cn";

/**
 * A value with a copy button. With `display`, a shorter text is shown as a link (a claim path)
 * while the button copies the whole `value`; otherwise a read-only input shows and selects it.
 */
export function CopyField({
  value,
  display,
  label,
  copyLabel,
  copiedLabel,
  mono = true,
  testId,
}: {
  value: string;
  display?: string;
  label: string;
  copyLabel: string;
  copiedLabel: string;
  mono?: boolean;
  testId?: string;
}) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div className="flex min-w-0 items-stretch overflow-hidden rounded-lg border border-zinc-300 bg-white shadow-xs">
      {display ? (
        <a
          href={value}
          target="_blank"
          rel="noreferrer"
          aria-label={label}
          title={value}
          data-testid={testId}
          className={cn(
            "min-w-0 flex-1 truncate px-3 py-2 text-sm text-rose-700 hover:underline focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-rose-600",
            mono && "font-mono",
          )}
        >
          {display}
        </a>
      ) : (
        <input
          readOnly
          aria-label={label}
          value={value}
          data-testid={testId}
          onFocus={(e) => e.currentTarget.select()}
          className={cn("min-w-0 flex-1 bg-transparent px-3 py-2 text-sm text-zinc-900 outline-none", mono && "font-mono")}
        />
      )}
      <button
        type="button"
        onClick={copy}
        className="shrink-0 border-l border-zinc-300 bg-zinc-50 px-3 text-sm font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-rose-600"
      >
        <span aria-live="polite">{copied ? copiedLabel : copyLabel}</span>
      </button>
    </div>
  );
}

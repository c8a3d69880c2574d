import type { ReactNode } from "react";
import { BrandMark } from "./brand";
import { LocaleSwitch } from "./locale-switch";

/** The frame of the signed-out pages (and onboarding): brand, language switch, one centred column. */
export function AuthFrame({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col bg-zinc-50">
      <header className="flex items-center justify-between gap-4 px-4 py-4 sm:px-8">
        <BrandMark />
        <div className="flex items-center gap-3">
          {aside}
          <LocaleSwitch />
        </div>
      </header>
      <main id="main" className="flex flex-1 items-start justify-center px-4 pt-6 pb-16 sm:items-center sm:pt-0">
        <div className="w-full max-w-md">{children}</div>
      </main>
    </div>
  );
}

import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";

/** The product mark: a rose ticket with the product name. */
export async function BrandMark({ className, compact = false }: { className?: string; compact?: boolean }) {
  const t = await getTranslations("app");
  return (
    <span className={cn("inline-flex items-center gap-2.5", className)}>
      <span className="flex size-8 items-center justify-center rounded-lg bg-rose-600 text-white shadow-sm" aria-hidden="true">
        <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M3 9a3 3 0 0 0 0 6v2a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2v-2a3 3 0 0 1 0-6V7a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2Z" />
          <path d="M14 5v2M14 11v2M14 17v2" />
        </svg>
      </span>
      {compact ? null : <span className="text-base font-semibold tracking-tight text-zinc-900">{t("name")}</span>}
    </span>
  );
}

import type { ReactNode } from "react";
import { cn } from "./cn";

/** What a section is for and what to do next, when it has nothing to show yet. */
export function EmptyState({
  icon,
  title,
  description,
  action,
  className,
}: {
  icon?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("flex flex-col items-center px-6 py-14 text-center", className)}>
      {icon ? (
        <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-rose-50 text-rose-600 [&>svg]:size-6">{icon}</div>
      ) : null}
      <h2 className="text-base font-semibold text-zinc-900">{title}</h2>
      {description ? <div className="mt-2 max-w-md space-y-1 text-sm text-zinc-600">{description}</div> : null}
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}

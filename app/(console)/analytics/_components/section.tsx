import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

/**
 * One chart of the dashboard: title, its CSV download, the chart, and the same numbers as a table under
 * a disclosure (the accessible view, also what the CSV holds).
 */
export async function Section({
  id,
  title,
  description,
  csvHref,
  table,
  children,
  className,
  open = false,
}: {
  id: string;
  title: ReactNode;
  description?: ReactNode;
  csvHref?: string;
  table?: ReactNode;
  children?: ReactNode;
  className?: string;
  open?: boolean;
}) {
  const t = await getTranslations("analytics");
  return (
    <Card className={cn("min-w-0", className)} data-testid={`section-${id}`}>
      <CardHeader title={title} description={description} actions={csvHref ? <CsvLink href={csvHref} id={id} label={t("csv")} /> : undefined} />
      {children ? <CardBody>{children}</CardBody> : null}
      {table ? (
        <details className="group border-t border-zinc-200" open={open} data-testid={`${id}-table-toggle`}>
          <summary className="flex cursor-pointer list-none items-center gap-2 px-5 py-3 text-sm font-medium text-zinc-700 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-rose-600 [&::-webkit-details-marker]:hidden">
            <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="size-4 transition-transform group-open:rotate-90">
              <path d="m9 18 6-6-6-6" />
            </svg>
            {t("tableView")}
          </summary>
          <div className="border-t border-zinc-100">{table}</div>
        </details>
      ) : null}
    </Card>
  );
}

/** A CSV download (a plain link: the browser saves what the route streams). */
export function CsvLink({ href, id, label }: { href: string; id: string; label: string }) {
  return (
    <a href={href} download className={buttonClasses({ variant: "secondary", size: "sm" })} data-testid={`${id}-csv`}>
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="size-4">
        <path d="M12 4v11m0 0-4-4m4 4 4-4M5 19h14" />
      </svg>
      {label}
    </a>
  );
}

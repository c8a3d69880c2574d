import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";
import { CAMPAIGN_STATUSES, type CampaignStatus } from "@/lib/campaigns/lifecycle";

/** Status tabs for the campaign list; the choice lives in the URL (?status=), so it can be linked and reloaded. */
export async function StatusFilter({ current, q }: { current?: CampaignStatus; q?: string }) {
  const [t, tStatus] = await Promise.all([getTranslations("campaigns.filter"), getTranslations("campaign.status")]);
  const options: { value?: CampaignStatus; label: string }[] = [
    { label: t("all") },
    ...CAMPAIGN_STATUSES.map((s) => ({ value: s, label: tStatus(s) })),
  ];
  return (
    // Wraps onto a second line on a phone rather than running off the screen.
    <nav aria-label={t("label")} className="mb-4">
      <ul className="flex flex-wrap gap-1 rounded-lg bg-zinc-100 p-1 sm:w-max">
        {options.map((o) => {
          const active = o.value === current;
          return (
            <li key={o.value ?? "all"}>
              <Link
                href={`/campaigns${toQuery({ status: o.value, q: q || undefined })}`}
                aria-current={active ? "page" : undefined}
                data-testid={`campaign-filter-${o.value ?? "all"}`}
                className={cn(
                  "block rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-rose-600",
                  active ? "bg-white text-zinc-900 shadow-xs" : "text-zinc-600 hover:text-zinc-900",
                )}
              >
                {o.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function toQuery(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  return q.size ? `?${q}` : "";
}

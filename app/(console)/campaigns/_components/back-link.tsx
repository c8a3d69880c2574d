import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** "← Campaigns" above a campaign page; reviewers, who have no campaign list, go back to their reviews. */
export async function BackLink({ href, label }: { href: string; label?: string }) {
  const t = await getTranslations("campaigns");
  return (
    <Link
      href={href}
      className="mb-3 inline-flex items-center gap-1 text-sm font-medium text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-rose-600"
      data-testid="back-link"
    >
      <span aria-hidden="true">←</span>
      {label ?? t("backToList")}
    </Link>
  );
}

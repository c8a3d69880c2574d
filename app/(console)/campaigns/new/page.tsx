import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { CampaignForm } from "@/components/campaigns/campaign-form";
import { defaultCampaignFormValues } from "@/lib/campaigns/form";
import { isTemplateKey, TEMPLATE_KEYS, templateFormValues } from "@/lib/campaigns/templates";
import { getCouponBrand } from "@/lib/campaigns/queries";
import { requirePageContext } from "@/lib/auth/session";
import { listStores } from "@/lib/stores/queries";
import { listUniqueGroupChoices } from "@/lib/codes/queries";
import { listSegments } from "@/lib/segments/queries";
import { dateInZone } from "@/lib/time";
import { BackLink } from "../_components/back-link";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("campaigns.newPage");
  return { title: t("title") };
}

// A blank form, or one prefilled from a template card (`?template=tiered`); nothing is saved until the marketer saves.
export default async function NewCampaignPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext("campaign:write");
  const requested = (await searchParams).template;
  const template = isTemplateKey(requested) ? requested : null;
  const [t, tTemplates, stores, brand, segments, followUpGroups] = await Promise.all([
    getTranslations("campaigns.newPage"),
    getTranslations("campaigns.templates"),
    listStores(ctx.orgId),
    getCouponBrand(ctx.orgId),
    listSegments(ctx.orgId),
    listUniqueGroupChoices(ctx.orgId),
  ]);
  const timeZone = ctx.org.timeZone;
  const today = dateInZone(new Date(), timeZone);
  const initial = template
    ? templateFormValues(template, today, { name: tTemplates(`${template}.name`), giftName: template === "gift" ? tTemplates("gift.giftName") : undefined })
    : defaultCampaignFormValues(today);

  return (
    <>
      <BackLink href="/campaigns" />
      <PageHeader title={t("title")} description={t("description")} />
      <nav aria-label={tTemplates("title")} className="mb-6" data-testid="campaign-templates">
        <h2 className="mb-2 text-sm font-medium text-zinc-800">{tTemplates("title")}</h2>
        <ul className="grid gap-2 sm:grid-cols-3 xl:grid-cols-5">
          {TEMPLATE_KEYS.map((key) => (
            <li key={key}>
              <Link
                href={`/campaigns/new?template=${key}`}
                aria-current={template === key ? "true" : undefined}
                data-testid={`template-${key}`}
                className={cn(
                  "block h-full rounded-lg border p-3 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-rose-600",
                  template === key ? "border-rose-600 bg-rose-50/60 ring-1 ring-rose-600" : "border-zinc-300 bg-white",
                )}
              >
                <span className="block text-sm font-medium text-zinc-900">{tTemplates(`${key}.title`)}</span>
                <span className="mt-0.5 block text-xs text-zinc-500">{tTemplates(`${key}.description`)}</span>
              </Link>
            </li>
          ))}
        </ul>
        {template ? <p className="mt-2 text-xs text-zinc-500">{tTemplates("prefilled")}</p> : null}
      </nav>
      <CampaignForm
        // A new template starts a fresh form (the form keeps its own state once typed in).
        key={template ?? "blank"}
        mode="create"
        initial={initial}
        stores={stores.map((s) => ({ id: s.id, name: s.name, address: s.address }))}
        segments={segments.map((sg) => ({ id: sg.id, name: sg.name }))}
        followUpGroups={followUpGroups}
        brand={brand ?? { name: ctx.org.name, color: "#e11d48" }}
        timeZone={timeZone}
        cancelHref="/campaigns"
      />
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { and, asc, eq } from "drizzle-orm";
import { getTranslations } from "next-intl/server";
import { db } from "@/db";
import { codes } from "@/db/schema";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { offerText, scopeText } from "@/components/campaigns/offer";
import { auditActor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { qrSvg } from "@/lib/codes/qr";
import { getGroup } from "@/lib/codes/queries";
import { formatDate } from "@/lib/format";
import { publicBaseUrl } from "@/lib/http/base-url";
import { PrintButton } from "./print-button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("groups.sheet");
  return { title: t("title") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Cards per A4 page: columns × rows, and how large the QR is on each (mm). */
const LAYOUTS = {
  poster: { cols: 1, rows: 1, qr: 120 },
  cards4: { cols: 2, rows: 2, qr: 62 },
  cards8: { cols: 2, rows: 4, qr: 36 },
  tickets15: { cols: 3, rows: 5, qr: 27 },
} as const;
type LayoutKey = keyof typeof LAYOUTS;
const MAX_PAGES = 10;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * A printable A4 sheet of QR cards for store counters and posters: the group's claim link on every card,
 * or (with code:export, audited) one available unique code per card for handing out in person.
 */
export default async function GroupSheetPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const ctx = await requirePageContext("group:read");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const row = await getGroup(ctx.orgId, id);
  if (!row) notFound();
  const { group, campaign } = row;
  const sp = await searchParams;
  const layoutKey: LayoutKey = (Object.keys(LAYOUTS) as LayoutKey[]).find((k) => k === first(sp.layout)) ?? "cards4";
  const layout = LAYOUTS[layoutKey];
  const perPage = layout.cols * layout.rows;
  const pages = Math.min(MAX_PAGES, Math.max(1, Number.parseInt(first(sp.pages) ?? "1", 10) || 1));
  const canCodes = group.mode === "unique" && can(ctx.role, "code:export");
  const source = canCodes && first(sp.source) === "codes" ? "codes" : "link";

  const [t, tOffer, tScope, base] = await Promise.all([
    getTranslations("groups.sheet"),
    getTranslations("campaign.offer"),
    getTranslations("campaign.scope"),
    publicBaseUrl(),
  ]);
  const claimUrl = `${base}/c/${group.slug}`;
  const offer = offerText(tOffer, campaign);
  // Product limits are part of the offer: a sheet that hides them promises more than the counter gives.
  const scope = scopeText(tScope, campaign.productScope);
  // The validity as the consumer will have it: N days from their claim when the campaign says so.
  const validity = campaign.validDaysAfterClaim
    ? t("validityAfterClaim", { days: campaign.validDaysAfterClaim, until: formatDate(campaign.validUntil, ctx.org.timeZone) })
    : t("validity", { from: formatDate(campaign.validFrom, ctx.org.timeZone), until: formatDate(campaign.validUntil, ctx.org.timeZone) });

  type CardData = { key: string; svg: string; caption: string; code?: string };
  let cards: CardData[];
  if (source === "codes") {
    const rows = await db
      .select({ code: codes.code })
      .from(codes)
      .where(and(eq(codes.orgId, ctx.orgId), eq(codes.groupId, group.id), eq(codes.status, "available")))
      .orderBy(asc(codes.seq))
      .limit(perPage * pages);
    // Printing codes hands them out: audited like an export.
    await writeAudit(db, {
      ...auditActor({ orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null }),
      action: "codes.printed",
      entityType: "code_group",
      entityId: group.id,
      after: { count: rows.length, layout: layoutKey },
    });
    cards = await Promise.all(rows.map(async (r) => ({ key: r.code, svg: await qrSvg(r.code, 600), caption: t("showAtCounter"), code: r.code })));
  } else {
    const svg = await qrSvg(claimUrl, 1200);
    cards = Array.from({ length: perPage * pages }, (_, i) => ({ key: String(i), svg, caption: t("scanToClaim") }));
  }
  const pageChunks = Array.from({ length: Math.ceil(cards.length / perPage) }, (_, i) => cards.slice(i * perPage, (i + 1) * perPage));
  const small = layoutKey === "tickets15" || layoutKey === "cards8";
  const href = (changes: Record<string, string>) => `?${new URLSearchParams({ layout: layoutKey, source, pages: String(pages), ...changes })}`;

  return (
    <div className="sheet-root min-h-dvh bg-zinc-100 print:bg-white">
      <style>{`
        @page { size: A4; margin: 0; }
        @media screen and (max-width: 840px) { .sheet-page { zoom: 0.62; } }
        @media screen and (max-width: 520px) { .sheet-page { zoom: 0.46; } }
        @media print {
          html, body { background: #fff !important; }
          .sheet-page { box-shadow: none !important; margin: 0 !important; break-after: page; }
          .sheet-page:last-child { break-after: auto; }
        }
      `}</style>
      <header className="border-b sm:sticky sm:top-0 sm:z-10 border-zinc-200 bg-white/95 px-4 py-3 backdrop-blur print:hidden">
        <div className="mx-auto max-w-5xl space-y-3">
          <div className="flex items-end justify-between gap-4">
            <div className="min-w-0">
              <Link href={`/groups/${group.id}`} className="text-sm text-zinc-500 hover:text-zinc-900">
                ← {group.name}
              </Link>
              <h1 className="text-lg font-semibold text-zinc-900">{t("title")}</h1>
            </div>
            <PrintButton />
          </div>
          <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
            <nav aria-label={t("layoutLabel")} className="flex flex-wrap gap-1">
              {(Object.keys(LAYOUTS) as LayoutKey[]).map((k) => (
                <Link key={k} href={href({ layout: k })} className={buttonClasses({ variant: k === layoutKey ? "primary" : "secondary", size: "sm" })} aria-current={k === layoutKey ? "page" : undefined}>
                  {t(`layouts.${k}`)}
                </Link>
              ))}
            </nav>
            {canCodes ? (
              <nav aria-label={t("sourceLabel")} className="flex flex-wrap gap-1">
                {(["link", "codes"] as const).map((s) => (
                  <Link key={s} href={href({ source: s })} className={buttonClasses({ variant: s === source ? "primary" : "secondary", size: "sm" })} aria-current={s === source ? "page" : undefined}>
                    {t(`sources.${s}`)}
                  </Link>
                ))}
              </nav>
            ) : null}
            <form className="flex items-center gap-2 text-sm text-zinc-700">
              <input type="hidden" name="layout" value={layoutKey} />
              <input type="hidden" name="source" value={source} />
              <label htmlFor="sheet-pages">{t("pages")}</label>
              <input id="sheet-pages" name="pages" type="number" min={1} max={MAX_PAGES} defaultValue={pages} className="h-8 w-16 rounded-lg border border-zinc-300 px-2 tabular-nums" />
              <button type="submit" className={buttonClasses({ variant: "secondary", size: "sm" })}>
                {t("apply")}
              </button>
            </form>
          </div>
        </div>
        {source === "codes" ? <p className="mx-auto mt-2 max-w-5xl text-xs text-amber-800">{t("codesNote", { count: cards.length })}</p> : null}
      </header>

      <main className="flex flex-col items-center gap-8 py-8 print:block print:p-0" data-testid="sheet">
        {pageChunks.length === 0 ? <p className="text-sm text-zinc-600">{t("noCodes")}</p> : null}
        {pageChunks.map((chunk, p) => (
          <section
            key={p}
            className="sheet-page grid bg-white shadow-lg"
            style={{
              width: "210mm",
              height: "297mm",
              padding: "8mm",
              gap: "4mm",
              gridTemplateColumns: `repeat(${layout.cols}, 1fr)`,
              gridTemplateRows: `repeat(${layout.rows}, 1fr)`,
              overflow: "hidden",
            }}
          >
            {chunk.map((card) => (
              <article
                key={card.key}
                data-testid="sheet-card"
                className={cn("flex flex-col items-center justify-center overflow-hidden rounded-[3mm] border border-dashed border-zinc-300 text-center", small ? "gap-[1mm] p-[2mm]" : "gap-[3mm] p-[6mm]")}
              >
                <p className={cn("font-semibold text-zinc-900", layoutKey === "poster" ? "text-3xl" : small ? "text-[2.8mm] leading-tight" : "text-base")} data-testid="sheet-brand">
                  {ctx.org.name}
                </p>
                {layoutKey === "tickets15" ? null : (
                  <p className={cn("font-medium text-rose-700", layoutKey === "poster" ? "text-2xl" : small ? "text-[2.6mm] leading-tight" : "text-sm")}>{campaign.name}</p>
                )}
                <p className={cn("font-bold text-zinc-900", layoutKey === "poster" ? "text-5xl" : small ? "text-[4mm] leading-tight" : "text-2xl")}>{offer}</p>
                <div
                  className="shrink-0 [&>svg]:h-full [&>svg]:w-full"
                  style={{ width: `${layout.qr}mm`, height: `${layout.qr}mm` }}
                  role="img"
                  aria-label={card.code ?? claimUrl}
                  dangerouslySetInnerHTML={{ __html: card.svg }}
                />
                {card.code ? (
                  <p className={cn("font-mono font-semibold tracking-wider text-zinc-900", small ? "text-[3.2mm]" : "text-lg")}>{card.code}</p>
                ) : group.sharedCode ? (
                  <p className={cn("text-zinc-900", small ? "text-[3mm]" : "text-base")}>
                    {t("sharedCode")} <span className="font-mono font-semibold tracking-wider">{group.sharedCode}</span>
                  </p>
                ) : null}
                <p className={cn("text-zinc-700", layoutKey === "poster" ? "text-xl" : small ? "text-[2.6mm]" : "text-sm")}>{card.caption}</p>
                {card.code ? null : <p className={cn("font-mono text-zinc-500", small ? "text-[2.2mm]" : "text-xs")}>{claimUrl.replace(/^https?:\/\//, "")}</p>}
                <p className={cn("text-zinc-500", small ? "text-[2.2mm]" : "text-xs")}>{validity}</p>
                {scope ? (
                  <p className={cn("text-zinc-600", layoutKey === "poster" ? "text-base" : small ? "text-[2.2mm]" : "text-xs")} data-testid="sheet-scope">
                    {scope}
                  </p>
                ) : null}
                {layoutKey === "poster" && campaign.terms ? <p className="mt-4 max-w-[150mm] text-sm text-zinc-500">{campaign.terms}</p> : null}
              </article>
            ))}
          </section>
        ))}
      </main>
    </div>
  );
}

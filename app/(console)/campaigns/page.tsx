import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { Button, ButtonLink } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Icon } from "@/components/layout/icons";
import { CampaignStatusBadge } from "@/components/campaigns/status-badge";
import { offerText } from "@/components/campaigns/offer";
import { CAMPAIGN_STATUSES, displayStatus } from "@/lib/campaigns/lifecycle";
import { groupCounts, listCampaigns } from "@/lib/campaigns/queries";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { formatCount, formatDateRange } from "@/lib/format";
import { StatusFilter } from "./_components/status-filter";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("campaigns") };
}

const PAGE_SIZE = 100;
const statusParam = z.enum(CAMPAIGN_STATUSES).optional().catch(undefined);

export default async function CampaignsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext(sectionPermission("campaigns"));
  const query = await searchParams;
  const raw = query.status;
  const status = statusParam.parse(Array.isArray(raw) ? raw[0] : raw);
  const q = (typeof query.q === "string" ? query.q : "").normalize("NFKC").trim().slice(0, 80);
  const [t, tType, tOffer, { items, next }, groups] = await Promise.all([
    getTranslations("campaigns"),
    getTranslations("campaign.type"),
    getTranslations("campaign.offer"),
    listCampaigns(ctx.orgId, { limit: PAGE_SIZE, status, q: q || undefined }),
    groupCounts(ctx.orgId),
  ]);
  const now = new Date();

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <ButtonLink href="/campaigns/new" data-testid="campaign-new">
            <Icon name="plus" className="size-4" />
            {t("newCampaign")}
          </ButtonLink>
        }
      />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <StatusFilter current={status} q={q} />
        <form method="get" action="/campaigns" role="search" className="mb-4 flex gap-2 sm:w-72" data-testid="campaign-search">
          {status ? <input type="hidden" name="status" value={status} /> : null}
          <Input name="q" type="search" defaultValue={q} placeholder={t("searchPlaceholder")} aria-label={t("searchPlaceholder")} maxLength={80} />
          <Button type="submit" variant="secondary">
            {t("search")}
          </Button>
        </form>
      </div>
      <Card>
        {items.length === 0 ? (
          status || q ? (
            <EmptyState
              icon={<Icon name="campaigns" />}
              title={t("emptyFiltered.title")}
              description={<p>{t("emptyFiltered.description")}</p>}
              action={
                <ButtonLink href="/campaigns" variant="secondary">
                  {t("filter.clear")}
                </ButtonLink>
              }
            />
          ) : (
            <EmptyState
              icon={<Icon name="campaigns" />}
              title={t("empty.title")}
              description={<p>{t("empty.description")}</p>}
              action={<ButtonLink href="/campaigns/new">{t("newCampaign")}</ButtonLink>}
            />
          )
        ) : (
          <>
            {/* Phones get a stacked list; wider screens the table. */}
            <ul className="divide-y divide-zinc-100 sm:hidden" data-testid="campaigns-list">
              {items.map((c) => {
                const g = groups.get(c.id);
                return (
                  <li key={c.id}>
                    <Link
                      href={`/campaigns/${c.id}`}
                      className="block px-4 py-3.5 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-rose-600"
                    >
                      <span className="flex items-start justify-between gap-3">
                        <span className="min-w-0 font-medium [overflow-wrap:anywhere] text-zinc-900">{c.name}</span>
                        <CampaignStatusBadge status={displayStatus(c, now)} />
                      </span>
                      <span className="mt-1 block text-sm text-zinc-600">
                        {tType(c.type)} · {offerText(tOffer, c)}
                      </span>
                      <span className="mt-0.5 block text-xs text-zinc-500 tabular-nums">
                        {formatDateRange(c.validFrom, c.validUntil, ctx.org.timeZone)}
                        {g ? ` · ${t("groupCount", { groups: g.groups, codes: formatCount(g.codes) })}` : null}
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ul>
            <div className="hidden sm:block">
              <Table data-testid="campaigns-table">
                <THead>
                  <tr>
                    <TH>{t("columns.name")}</TH>
                    <TH>{t("columns.type")}</TH>
                    <TH>{t("columns.offer")}</TH>
                    <TH>{t("columns.status")}</TH>
                    <TH>{t("columns.validity")}</TH>
                    <TH className="text-right">{t("columns.groups")}</TH>
                  </tr>
                </THead>
                <TBody>
                  {items.map((c) => {
                    const g = groups.get(c.id);
                    return (
                      <TR key={c.id} className="relative">
                        <TD className="min-w-40 max-w-sm font-medium [overflow-wrap:anywhere] text-zinc-900">
                          {/* The name's link covers the row, so the whole row opens the campaign. */}
                          <Link
                            href={`/campaigns/${c.id}`}
                            className="after:absolute after:inset-0 hover:text-rose-700 focus-visible:outline-2 focus-visible:outline-rose-600"
                            data-testid="campaign-row-link"
                          >
                            {c.name}
                          </Link>
                        </TD>
                        <TD className="whitespace-nowrap">{tType(c.type)}</TD>
                        <TD className="whitespace-nowrap tabular-nums">{offerText(tOffer, c)}</TD>
                        <TD>
                          <CampaignStatusBadge status={displayStatus(c, now)} />
                        </TD>
                        <TD className="whitespace-nowrap tabular-nums">{formatDateRange(c.validFrom, c.validUntil, ctx.org.timeZone)}</TD>
                        <TD className="text-right whitespace-nowrap tabular-nums">
                          {g ? t("groupCount", { groups: g.groups, codes: formatCount(g.codes) }) : <span className="text-zinc-400">—</span>}
                        </TD>
                      </TR>
                    );
                  })}
                </TBody>
              </Table>
            </div>
          </>
        )}
      </Card>
      {next ? <p className="mt-3 text-sm text-zinc-500">{t("more", { count: PAGE_SIZE })}</p> : null}
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { requirePageContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { formatDate, formatDateTime } from "@/lib/format";
import { getWebhookEndpoint, listWebhookDeliveries, type WebhookDelivery } from "@/lib/webhooks/endpoints";
import { EVENT_TYPES } from "@/lib/webhooks/events";
import { eventId } from "@/lib/webhooks/rules";
import { DELIVERY_STATUSES, type DeliveryStatus } from "@/lib/webhooks/schemas";
import { AutoRefresh } from "../_components/auto-refresh";
import { EndpointActions } from "../_components/endpoint-actions";
import { eventKey, STATUS_TONE } from "../_components/labels";
import { RedeliverButton } from "../_components/redeliver-button";
import { WebhookForm } from "../_components/webhook-form";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ cursor?: string; status?: string }> };

const PAGE_SIZE = 25;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ctx = await requirePageContext("webhook:manage");
  const endpoint = await getWebhookEndpoint(ctx.orgId, (await params).id);
  const t = await getTranslations("webhooks");
  return { title: endpoint ? `${t("title")} · ${new URL(endpoint.url).host}` : t("title") };
}

function isStatus(v: string | undefined): v is DeliveryStatus {
  return (DELIVERY_STATUSES as readonly string[]).includes(v ?? "");
}

// One endpoint: its settings and actions (test, disable, rotate, delete) and its deliveries, newest first.
export default async function WebhookPage({ params, searchParams }: Props) {
  const ctx = await requirePageContext("webhook:manage");
  const [{ id }, query, t] = await Promise.all([params, searchParams, getTranslations("webhooks")]);
  const endpoint = await getWebhookEndpoint(ctx.orgId, id);
  if (!endpoint) notFound();
  const status = isStatus(query.status) ? query.status : undefined;
  const page = await listWebhookDeliveries(ctx.orgId, id, { limit: PAGE_SIZE, cursor: query.cursor, status }).catch((e) => {
    // A stale or edited cursor shows the first page rather than an error.
    if (isAppError(e) && e.code === "invalid_input") return listWebhookDeliveries(ctx.orgId, id, { limit: PAGE_SIZE, status });
    throw e;
  });
  const tz = ctx.org.timeZone;
  const base = `/settings/webhooks/${id}`;
  const href = (q: { status?: string; cursor?: string }) => {
    const sp = new URLSearchParams(Object.entries(q).filter((kv): kv is [string, string] => Boolean(kv[1])));
    return sp.size ? `${base}?${sp}` : base;
  };
  const eventTypes = EVENT_TYPES.map((type) => ({ value: type, label: t(`events.${eventKey(type)}.label`), hint: t(`events.${eventKey(type)}.hint`) }));
  const label = (type: string) => (t.has(`events.${eventKey(type)}.label`) ? t(`events.${eventKey(type)}.label`) : type);
  const waiting = endpoint.active && page.items.some((d) => d.status === "pending");

  return (
    <div className="space-y-6">
      <BackLink href="/settings/webhooks">{t("backToList")}</BackLink>
      <Card>
        <CardHeader
          title={
            <span className="inline-flex max-w-full flex-wrap items-center gap-2">
              <span className="font-mono text-sm break-all sm:text-base" data-testid="webhook-url">
                {endpoint.url}
              </span>
              {endpoint.active ? <Badge tone="green">{t("list.active")}</Badge> : <Badge>{t("list.disabled")}</Badge>}
            </span>
          }
          description={[endpoint.description, t("detail.created", { date: formatDate(endpoint.createdAt, tz) })].filter(Boolean).join(" · ")}
        />
        <CardBody className="space-y-4">
          {!endpoint.active ? <Alert tone="warning">{t("detail.disabledNotice")}</Alert> : null}
          <div>
            <p className="text-xs font-medium text-zinc-500">{t("detail.events")}</p>
            <div className="mt-1.5 flex flex-wrap gap-1.5">
              {endpoint.eventTypes.map((type) => (
                <Badge key={type}>
                  {label(type)} <span className="ml-1 font-mono text-zinc-500">{type}</span>
                </Badge>
              ))}
            </div>
          </div>
          <EndpointActions id={endpoint.id} url={endpoint.url} active={endpoint.active} />
          <details className="group rounded-lg border border-zinc-200">
            <summary className="cursor-pointer list-none px-4 py-3 text-sm font-medium text-zinc-800 select-none hover:bg-zinc-50 [&::-webkit-details-marker]:hidden">
              <span className="mr-1 inline-block transition-transform group-open:rotate-90">›</span> {t("detail.settings")}
            </summary>
            <div className="border-t border-zinc-200 px-4 py-4">
              <WebhookForm
                eventTypes={eventTypes}
                endpoint={{ id: endpoint.id, url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes }}
              />
            </div>
          </details>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("deliveries.title")} description={t("deliveries.description")} actions={waiting ? <AutoRefresh ms={3000} label={t("deliveries.autoRefresh")} /> : null} />
        <nav aria-label={t("deliveries.filter.label")} className="flex flex-wrap gap-2 border-b border-zinc-100 px-5 py-3">
          {[undefined, ...DELIVERY_STATUSES].map((s) => (
            <Link
              key={s ?? "all"}
              href={href({ status: s })}
              aria-current={s === status ? "page" : undefined}
              className={cn(
                "rounded-full border px-3 py-1 text-xs font-medium",
                s === status ? "border-rose-300 bg-rose-50 text-rose-700" : "border-zinc-200 text-zinc-600 hover:bg-zinc-50",
              )}
            >
              {s ? t(`status.${s}`) : t("deliveries.filter.all")}
            </Link>
          ))}
        </nav>
        {page.items.length === 0 ? (
          <EmptyState title={t("deliveries.empty.title")} description={<p>{t("deliveries.empty.description")}</p>} />
        ) : (
          <Table data-testid="webhook-deliveries" className="min-w-[54rem]">
            <THead>
              <tr>
                <TH>{t("deliveries.columns.time")}</TH>
                <TH>{t("deliveries.columns.event")}</TH>
                <TH>{t("deliveries.columns.status")}</TH>
                <TH className="text-right">{t("deliveries.columns.attempts")}</TH>
                <TH>{t("deliveries.columns.next")}</TH>
                <TH>{t("deliveries.columns.response")}</TH>
              </tr>
            </THead>
            <TBody>
              {page.items.map((d) => (
                <DeliveryRow key={d.id} d={d} tz={tz} endpointId={endpoint.id} label={label(d.eventType)} statusLabel={t(`status.${d.status}`)} t={t} />
              ))}
            </TBody>
          </Table>
        )}
        {query.cursor || page.nextCursor ? (
          <div className="flex justify-between gap-3 border-t border-zinc-100 px-5 py-3 text-sm">
            {query.cursor ? (
              <Link href={href({ status })} className="font-medium text-zinc-600 hover:text-zinc-900">
                ← {t("deliveries.newest")}
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <Link href={href({ status, cursor: page.nextCursor })} className="font-medium text-rose-700 hover:text-rose-800" data-testid="webhook-deliveries-older">
                {t("deliveries.older")} →
              </Link>
            ) : null}
          </div>
        ) : null}
      </Card>
    </div>
  );
}

function DeliveryRow({
  d,
  tz,
  endpointId,
  label,
  statusLabel,
  t,
}: {
  d: WebhookDelivery;
  tz: string;
  endpointId: string;
  label: string;
  statusLabel: string;
  t: Awaited<ReturnType<typeof getTranslations<"webhooks">>>;
}) {
  const waiting = d.status === "pending" || d.status === "failed";
  const response = d.lastError ?? d.lastResponse;
  return (
    <TR data-testid="webhook-delivery" data-status={d.status} data-event-type={d.eventType}>
      <TD className="whitespace-nowrap tabular-nums">
        <time dateTime={d.createdAt.toISOString()}>{formatDateTime(d.createdAt, tz)}</time>
      </TD>
      <TD>
        <span className="block text-zinc-900">{label}</span>
        <span className="block font-mono text-xs text-zinc-500">
          {d.eventType} · {eventId(d.outboxId)}
        </span>
      </TD>
      <TD className="whitespace-nowrap">
        <div className="flex flex-col items-start gap-1.5">
          <Badge tone={STATUS_TONE[d.status]}>{statusLabel}</Badge>
          {d.status === "failed" || d.status === "dead" ? <RedeliverButton endpointId={endpointId} deliveryId={d.id} /> : null}
        </div>
      </TD>
      <TD className="text-right tabular-nums">{d.attempts}</TD>
      <TD className="whitespace-nowrap tabular-nums">
        {waiting ? <time dateTime={d.nextAttemptAt.toISOString()}>{formatDateTime(d.nextAttemptAt, tz)}</time> : <span className="text-zinc-400">—</span>}
      </TD>
      <TD className="max-w-[16rem]">
        {d.lastStatusCode !== null || response ? (
          <details>
            <summary className="cursor-pointer text-sm whitespace-nowrap select-none" title={t("deliveries.showResponse")}>
              {d.lastStatusCode !== null ? (
                <span className={cn("font-mono font-medium", d.lastStatusCode < 300 ? "text-emerald-700" : "text-red-700")}>{d.lastStatusCode}</span>
              ) : (
                <span className="text-red-700">{t("deliveries.noResponse")}</span>
              )}
              <span className="sr-only"> {t("deliveries.showResponse")}</span>
            </summary>
            <pre className="mt-2 max-h-40 overflow-auto rounded-md bg-zinc-50 p-2 text-xs break-all whitespace-pre-wrap text-zinc-700">{response || "—"}</pre>
          </details>
        ) : (
          <span className="text-zinc-400">—</span>
        )}
      </TD>
    </TR>
  );
}

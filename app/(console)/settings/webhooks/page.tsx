import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageContext } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { EVENT_TYPES } from "@/lib/webhooks/events";
import { WebhookForm } from "./_components/webhook-form";
import { eventKey, STATUS_TONE } from "./_components/labels";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("webhooks");
  return { title: t("title") };
}

type Props = { searchParams: Promise<{ deleted?: string }> };

// Owners register the organisation's webhook endpoints and see how each one's deliveries stand.
export default async function WebhooksPage({ searchParams }: Props) {
  const ctx = await requirePageContext("webhook:manage");
  const [t, endpoints, query] = await Promise.all([getTranslations("webhooks"), listWebhookEndpoints(ctx.orgId), searchParams]);
  const tz = ctx.org.timeZone;
  const eventTypes = EVENT_TYPES.map((type) => ({ value: type, label: t(`events.${eventKey(type)}.label`), hint: t(`events.${eventKey(type)}.hint`) }));

  return (
    <div className="space-y-6">
      {query.deleted ? (
        <Alert tone="success" testId="webhook-deleted">
          {t("deleted")}
        </Alert>
      ) : null}
      <Card>
        <CardHeader title={t("create.title")} description={t("create.description")} />
        <CardBody>
          <WebhookForm eventTypes={eventTypes} />
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("list.title")} description={t("list.description")} />
        {endpoints.length === 0 ? (
          <EmptyState title={t("list.empty.title")} description={<p>{t("list.empty.description")}</p>} />
        ) : (
          <ul className="divide-y divide-zinc-100" data-testid="webhook-list">
            {endpoints.map((e) => (
              <li key={e.id} data-testid="webhook-row" data-url={e.url}>
                <Link
                  href={`/settings/webhooks/${e.id}`}
                  className="group flex flex-col gap-2 px-5 py-4 hover:bg-zinc-50/70 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-rose-600 sm:flex-row sm:items-center sm:justify-between sm:gap-6"
                >
                  <div className="min-w-0 space-y-1.5">
                    <div className="flex min-w-0 flex-wrap items-center gap-2">
                      <span className="min-w-0 truncate font-mono text-sm text-zinc-900 group-hover:text-rose-700" title={e.url}>
                        {e.url}
                      </span>
                      {e.active ? <Badge tone="green">{t("list.active")}</Badge> : <Badge>{t("list.disabled")}</Badge>}
                    </div>
                    {e.description ? <p className="text-sm text-zinc-600">{e.description}</p> : null}
                    <div className="flex flex-wrap gap-1.5">
                      {e.eventTypes.map((type) => (
                        <Badge key={type} tone="neutral" className="font-mono">
                          {type}
                        </Badge>
                      ))}
                    </div>
                  </div>
                  <div className="flex shrink-0 flex-col gap-1 text-xs text-zinc-500 sm:items-end">
                    {e.lastDelivery ? (
                      <span className="inline-flex items-center gap-1.5">
                        <Badge tone={STATUS_TONE[e.lastDelivery.status]}>{t(`status.${e.lastDelivery.status}`)}</Badge>
                        <time dateTime={e.lastDelivery.at.toISOString()} className="tabular-nums">
                          {formatDateTime(e.lastDelivery.at, tz)}
                        </time>
                      </span>
                    ) : (
                      <span>{t("list.noDeliveries")}</span>
                    )}
                    {e.queued > 0 ? <span className="tabular-nums">{t("list.queued", { count: e.queued })}</span> : null}
                    <span className="font-medium text-rose-700">{t("list.open")} →</span>
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <p className="text-xs text-zinc-500">{t("docsHint")}</p>
    </div>
  );
}

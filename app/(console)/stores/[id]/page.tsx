import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { RawSearchParams } from "@/components/data-table/params";
import { getStore, listClerkAccounts } from "@/lib/stores/queries";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { formatDate, formatDateTime } from "@/lib/format";
import { ArchiveButton } from "@/components/forms/archive-button";
import { archiveStoreAction, restoreStoreAction } from "@/lib/stores/actions";
import { BackLink } from "@/components/ui/back-link";
import { StoreForm } from "../_components/store-form";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ctx = await requirePageContext("store:read");
  const store = await getStore(ctx.orgId, (await params).id);
  const t = await getTranslations("nav");
  return { title: store?.name ?? t("stores") };
}

// One store: the edit form with its clerks for owners, the same fields read-only for other readers.
export default async function StorePage({ params, searchParams }: Props) {
  const ctx = await requirePageContext("store:read");
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const store = await getStore(ctx.orgId, id);
  if (!store) notFound();
  const canWrite = can(ctx.role, "store:write");
  const [t, allClerks] = await Promise.all([getTranslations("stores"), canWrite ? listClerkAccounts(ctx.orgId) : Promise.resolve([])]);
  // Readers see who is assigned; writers choose among the organisation's clerks.
  const clerks = canWrite ? allClerks : store.clerks;
  const archived = Boolean(store.archivedAt);
  const tz = ctx.org.timeZone;

  return (
    <div className="max-w-5xl">
      <BackLink href="/stores">{t("backToList")}</BackLink>
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {store.name}
            {archived ? <Badge>{t("status.archived")}</Badge> : null}
          </span>
        }
        description={store.address || undefined}
        actions={canWrite ? <ArchiveButton id={store.id} name={store.name} archived={archived} archiveAction={archiveStoreAction} restoreAction={restoreStoreAction} namespace="stores" kind="store" /> : null}
      />
      {archived ? (
        <Alert tone="warning" className="mb-6" testId="store-archived">
          {t("archivedNotice", { date: formatDateTime(store.archivedAt!, tz) })}
        </Alert>
      ) : !canWrite ? (
        <Alert tone="info" className="mb-6">
          {t("readOnly")}
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem] lg:items-start">
        <Card>
          <CardBody className="py-5">
            <StoreForm
              store={{ id: store.id, name: store.name, address: store.address, clerkIds: store.clerks.map((c) => c.id) }}
              clerks={clerks}
              readOnly={!canWrite || archived}
              notice={query.created === "1" ? "stores.createdMessage" : undefined}
            />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("details.title")} />
          <dl className="divide-y divide-zinc-100 text-sm">
            <div className="flex justify-between gap-4 px-5 py-3">
              <dt className="text-zinc-500">{t("details.created")}</dt>
              <dd className="tabular-nums text-zinc-900">{formatDate(store.createdAt, tz)}</dd>
            </div>
            <div className="flex justify-between gap-4 px-5 py-3">
              <dt className="text-zinc-500">{t("details.clerks")}</dt>
              <dd className="tabular-nums text-zinc-900">{t("clerkCount", { count: store.clerks.length })}</dd>
            </div>
          </dl>
        </Card>
      </div>
    </div>
  );
}

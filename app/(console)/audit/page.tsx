import type { Metadata } from "next";
import { getMessages, getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { parseListParams, type RawSearchParams } from "@/components/data-table/params";
import { AUDIT_COUNT_CAP, auditPeople, listAuditTable } from "@/lib/audit/queries";
import { AUDIT_FILTER_KEYS, auditListParams, hasAuditFilters } from "@/lib/audit/schemas";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { formatCount } from "@/lib/format";
import { AuditFiltersForm } from "./_components/audit-filters";
import { AuditTable } from "./_components/audit-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("audit") };
}

/** "group.frozen" → label, for every action and object type the messages name (so new ones appear by themselves). */
function leaves(tree: unknown, prefix = ""): string[] {
  if (typeof tree !== "object" || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

// Reviewers and owners read who did what: filtered by person, action, object and time, paged on the
// server, each row's before → after readable, and the filtered rows exportable as CSV.
export default async function AuditPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext(sectionPermission("audit"));
  const params = parseListParams(auditListParams, await searchParams);
  const [t, messages, { rows, total, capped }, people] = await Promise.all([
    getTranslations("audit"),
    getMessages(),
    listAuditTable(ctx.orgId, params, ctx.org.timeZone),
    auditPeople(ctx.orgId),
  ]);
  const audit = (messages as { audit?: { actions?: unknown; entity?: unknown } }).audit ?? {};
  const label = (key: string) => (t.has(key) ? t(key) : key.split(".").slice(1).join("."));
  // Some actions have two spellings with one label (campaign.approve / campaign.approved): one option for both.
  const byLabel = new Map<string, string[]>();
  for (const a of leaves(audit.actions)) byLabel.set(label(`actions.${a}`), [...(byLabel.get(label(`actions.${a}`)) ?? []), a]);
  const actions = [...byLabel].map(([text, codes]) => ({ value: codes.join(","), label: text }));
  const entities = leaves(audit.entity).map((e) => ({ value: e, label: label(`entity.${e}`) }));
  const current: Record<string, string> = {};
  for (const k of AUDIT_FILTER_KEYS) if (params[k]) current[k] = params[k]!;
  const active = hasAuditFilters(params);
  const exportHref = `/audit/export?${new URLSearchParams(current)}`;

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card>
        <AuditFiltersForm
          filters={params}
          people={{
            users: people.people.map((u) => ({ value: `user:${u.id}`, label: `${u.name} · ${u.email}` })),
            keys: people.keys.map((k) => ({ value: `key:${k.id}`, label: t("apiKey", { name: `${k.name} (${k.prefix}…)` }) })),
          }}
          actions={actions}
          entities={entities}
          exportHref={exportHref}
          active={active}
        />
        {capped ? (
          <Alert tone="info" className="m-4">
            {t("capped", { count: formatCount(AUDIT_COUNT_CAP) })}
          </Alert>
        ) : null}
        <AuditTable rows={rows} total={total} params={params} timeZone={ctx.org.timeZone} filterHref={current} filtered={active} />
      </Card>
    </>
  );
}

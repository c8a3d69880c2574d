import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Icon } from "@/components/layout/icons";
import { RoleBadge } from "@/components/layout/role-badge";
import { listApiKeys } from "@/lib/api/keys";
import { API_KEY_ROLES } from "@/lib/api/keys";
import { requirePageContext } from "@/lib/auth/session";
import { formatDate, formatDateTime } from "@/lib/format";
import { listStores } from "@/lib/stores/queries";
import { CreateKeyForm } from "./_components/create-key-form";
import { RevokeKeyButton } from "./_components/revoke-key-button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("apiKeys");
  return { title: t("title") };
}

export default async function ApiKeysPage() {
  const ctx = await requirePageContext("apikey:manage");
  const [t, tCommon, tRoles, keys, stores] = await Promise.all([
    getTranslations("apiKeys"),
    getTranslations("common"),
    getTranslations("roles"),
    listApiKeys(ctx.orgId),
    listStores(ctx.orgId),
  ]);
  const tz = ctx.org.timeZone;

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={t("create.title")} description={t("create.description")} />
        <CardBody>
          <CreateKeyForm roles={API_KEY_ROLES.map((r) => ({ value: r, label: tRoles(r) }))} stores={stores.map((s) => ({ id: s.id, name: s.name }))} />
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("title")} description={t("description")} />
        {keys.length === 0 ? (
          <EmptyState icon={<Icon name="key" />} title={t("empty.title")} description={<p>{t("empty.description")}</p>} />
        ) : (
          <Table data-testid="api-keys-table" className="min-w-[52rem]">
            <THead>
              <tr>
                <TH>{t("columns.name")}</TH>
                <TH>{t("columns.role")}</TH>
                <TH>{t("columns.stores")}</TH>
                <TH>{t("columns.prefix")}</TH>
                <TH>{t("columns.created")}</TH>
                <TH>{t("columns.lastUsed")}</TH>
                <TH>{t("columns.status")}</TH>
                <TH>
                  <span className="sr-only">{t("revoke.button")}</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {keys.map((k) => (
                <TR key={k.id} className={k.revokedAt ? "text-zinc-400" : undefined}>
                  <TD className={k.revokedAt ? "font-medium text-zinc-500" : "font-medium text-zinc-900"}>{k.name}</TD>
                  <TD>
                    <RoleBadge role={k.role} />
                  </TD>
                  <TD className="max-w-56 text-sm" data-testid="api-key-store-names">
                    {k.stores ? k.stores.map((s) => s.name).join(t("storeSeparator")) : <span className="text-zinc-400">{t("allStores")}</span>}
                  </TD>
                  <TD className="font-mono text-xs whitespace-nowrap">{k.prefix}…</TD>
                  <TD className="whitespace-nowrap tabular-nums">{formatDate(k.createdAt, tz)}</TD>
                  <TD className="whitespace-nowrap tabular-nums">
                    {k.lastUsedAt ? formatDateTime(k.lastUsedAt, tz) : <span className="text-zinc-400">{tCommon("never")}</span>}
                  </TD>
                  <TD className="whitespace-nowrap">
                    {k.revokedAt ? (
                      <span title={t("revokedAt", { date: formatDateTime(k.revokedAt, tz) })}>
                        <Badge tone="red">{t("revoked")}</Badge>
                      </span>
                    ) : (
                      <Badge tone="green">{t("active")}</Badge>
                    )}
                  </TD>
                  <TD className="text-right">{k.revokedAt ? null : <RevokeKeyButton id={k.id} name={k.name} />}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </div>
  );
}

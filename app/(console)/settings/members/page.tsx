import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RoleBadge } from "@/components/layout/role-badge";
import { listMembers } from "@/lib/members/queries";
import { requirePageContext } from "@/lib/auth/session";
import { formatDate, formatDateTime } from "@/lib/format";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("members");
  return { title: t("title") };
}

export default async function MembersPage() {
  const ctx = await requirePageContext("member:manage");
  const [t, tCommon, members] = await Promise.all([getTranslations("members"), getTranslations("common"), listMembers(ctx.orgId)]);
  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      <Table data-testid="members-table">
        <THead>
          <tr>
            <TH>{t("columns.name")}</TH>
            <TH>{t("columns.email")}</TH>
            <TH>{t("columns.role")}</TH>
            <TH>{t("columns.joined")}</TH>
            <TH>{t("columns.lastLogin")}</TH>
          </tr>
        </THead>
        <TBody>
          {members.map((m) => (
            <TR key={m.userId}>
              <TD className="font-medium whitespace-nowrap text-zinc-900">
                {m.name}
                {m.userId === ctx.userId ? <span className="ml-2 text-xs font-normal text-zinc-500">({t("you")})</span> : null}
              </TD>
              <TD className="font-mono text-xs">{m.email}</TD>
              <TD>
                <RoleBadge role={m.role} />
              </TD>
              <TD className="whitespace-nowrap tabular-nums">{formatDate(m.joinedAt, ctx.org.timeZone)}</TD>
              <TD className="whitespace-nowrap tabular-nums">
                {m.lastLoginAt ? formatDateTime(m.lastLoginAt, ctx.org.timeZone) : <span className="text-zinc-400">{tCommon("never")}</span>}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}

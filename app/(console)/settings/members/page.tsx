import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RoleBadge } from "@/components/layout/role-badge";
import { ROLES } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { formatDate, formatDateTime } from "@/lib/format";
import { listInfluencers } from "@/lib/influencers/queries";
import { listMembers } from "@/lib/members/queries";
import { listStores } from "@/lib/stores/queries";
import { AddMemberForm, MemberActions } from "./_components/member-forms";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("members");
  return { title: t("title") };
}

export default async function MembersPage() {
  const ctx = await requirePageContext("member:manage");
  const [t, tCommon, tRoles, members, stores, influencers] = await Promise.all([
    getTranslations("members"),
    getTranslations("common"),
    getTranslations("roles"),
    listMembers(ctx.orgId),
    listStores(ctx.orgId),
    listInfluencers(ctx.orgId),
  ]);
  const tz = ctx.org.timeZone;
  const storeNames = new Map(stores.map((s) => [s.id, s.name]));
  const influencerNames = new Map(influencers.map((i) => [i.id, i.displayName]));
  const options = {
    roles: ROLES.map((r) => ({ value: r, label: tRoles(r) })),
    stores: stores.map((s) => ({ id: s.id, name: s.name })),
    influencers: influencers.map((i) => ({ id: i.id, name: i.displayName })),
  };

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={t("add.title")} description={t("add.description")} />
        <CardBody>
          <AddMemberForm {...options} />
        </CardBody>
      </Card>
      <Card>
        <CardHeader title={t("title")} description={t("description")} />
        <Table data-testid="members-table" className="min-w-[64rem]">
          <THead>
            <tr>
              <TH>{t("columns.name")}</TH>
              <TH>{t("columns.email")}</TH>
              <TH>{t("columns.role")}</TH>
              <TH>{t("columns.access")}</TH>
              <TH>{t("columns.joined")}</TH>
              <TH>{t("columns.lastLogin")}</TH>
              <TH>
                <span className="sr-only">{t("columns.actions")}</span>
              </TH>
            </tr>
          </THead>
          <TBody>
            {members.map((m) => (
              <TR key={m.userId} data-testid="member-row" data-email={m.email}>
                <TD className="max-w-48 font-medium break-words text-zinc-900">
                  {m.name}
                  {m.userId === ctx.userId ? <span className="ml-2 text-xs font-normal text-zinc-500">({t("you")})</span> : null}
                  {!m.passwordSet ? (
                    <span className="ml-2 align-middle">
                      <Badge tone="amber">{t("pendingPassword")}</Badge>
                    </span>
                  ) : null}
                </TD>
                <TD className="font-mono text-xs break-all">{m.email}</TD>
                <TD>
                  <span data-testid="member-role-badge" data-role={m.role}>
                    <RoleBadge role={m.role} />
                  </span>
                </TD>
                <TD className="max-w-56 text-sm" data-testid="member-access">
                  {m.role === "clerk"
                    ? m.storeIds.map((id) => storeNames.get(id) ?? "—").join(t("separator"))
                    : m.role === "influencer"
                      ? (m.influencerId && influencerNames.get(m.influencerId)) || <span className="text-zinc-400">{t("noInfluencer")}</span>
                      : <span className="text-zinc-400">{t("wholeOrganisation")}</span>}
                </TD>
                <TD className="whitespace-nowrap tabular-nums">{formatDate(m.joinedAt, tz)}</TD>
                <TD className="whitespace-nowrap tabular-nums">
                  {m.lastLoginAt ? formatDateTime(m.lastLoginAt, tz) : <span className="text-zinc-400">{tCommon("never")}</span>}
                </TD>
                <TD className="text-right">
                  <MemberActions
                    member={{ userId: m.userId, name: m.name, email: m.email, role: m.role, storeIds: m.storeIds, influencerId: m.influencerId }}
                    isSelf={m.userId === ctx.userId}
                    {...options}
                  />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </Card>
    </div>
  );
}

import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { OrgMembership } from "@/lib/auth/session";
import { switchOrganizationAction } from "@/lib/organizations/actions";
import { Select } from "@/components/ui/input";
import { buttonClasses } from "@/components/ui/button";
import { Icon } from "./icons";

/** The active organisation; a switcher when the user belongs to several (the server re-checks membership). */
export async function OrgSwitcher({ active, memberships }: { active: OrgMembership; memberships: OrgMembership[] }) {
  const t = await getTranslations("shell");
  return (
    <div className="space-y-2">
      <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{t("organization")}</p>
      {memberships.length > 1 ? (
        <form action={switchOrganizationAction} className="flex gap-1.5" data-testid="org-switcher">
          <label htmlFor="org-switch" className="sr-only">
            {t("switchOrganization")}
          </label>
          <Select id="org-switch" name="orgId" defaultValue={active.orgId} className="h-9 min-w-0 flex-1 text-sm">
            {memberships.map((m) => (
              <option key={m.orgId} value={m.orgId}>
                {m.name}
              </option>
            ))}
          </Select>
          <button type="submit" className={buttonClasses({ variant: "secondary", size: "sm" }) + " h-9"}>
            {t("switch")}
          </button>
        </form>
      ) : (
        <p className="truncate text-sm font-semibold text-zinc-900" title={active.name}>
          {active.name}
        </p>
      )}
      <Link
        href="/onboarding"
        className="inline-flex items-center gap-1 text-xs font-medium text-zinc-500 hover:text-rose-700 focus-visible:outline-2 focus-visible:outline-rose-600"
      >
        <Icon name="plus" className="size-3.5" />
        {t("newOrganization")}
      </Link>
    </div>
  );
}

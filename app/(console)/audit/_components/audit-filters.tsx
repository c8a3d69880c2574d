import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClasses } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import type { AuditFilters } from "@/lib/audit/schemas";

type Option = { value: string; label: string };

/** The audit log's filters: a plain GET form (works without JavaScript); the table keeps its paging keys. */
export async function AuditFiltersForm({
  filters,
  people,
  actions,
  entities,
  exportHref,
  active,
}: {
  filters: AuditFilters;
  people: { users: Option[]; keys: Option[] };
  actions: Option[];
  entities: Option[];
  exportHref: string;
  active: boolean;
}) {
  const t = await getTranslations("audit");
  return (
    <form method="get" action="/audit" className="grid grid-cols-2 gap-3 border-b border-zinc-200 px-4 py-4 sm:px-5 lg:grid-cols-6" data-testid="audit-filters">
      <div className="col-span-2 space-y-1">
        <Label htmlFor="audit-actor">{t("person")}</Label>
        <Select id="audit-actor" name="actor" defaultValue={filters.actor ?? ""} className="h-9" data-testid="audit-filter-actor">
          <option value="">{t("allPeople")}</option>
          <optgroup label={t("person")}>
            {people.users.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
          {people.keys.length ? (
            <optgroup label="API">
              {people.keys.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ) : null}
          <option value="system">{t("system")}</option>
        </Select>
      </div>
      <div className="col-span-2 space-y-1">
        <Label htmlFor="audit-action">{t("actionLabel")}</Label>
        <Select id="audit-action" name="action" defaultValue={filters.action ?? ""} className="h-9" data-testid="audit-filter-action">
          <option value="">{t("allActions")}</option>
          {actions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </div>
      <div className="col-span-2 space-y-1">
        <Label htmlFor="audit-entity">{t("entityLabel")}</Label>
        <Select id="audit-entity" name="entity" defaultValue={filters.entity ?? ""} className="h-9" data-testid="audit-filter-entity">
          <option value="">{t("allEntities")}</option>
          {entities.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </div>
      <div className="col-span-2 space-y-1">
        <Label htmlFor="audit-entity-id">{t("entityId")}</Label>
        <Input id="audit-entity-id" name="entityId" defaultValue={filters.entityId ?? ""} maxLength={100} className="h-9 font-mono" data-testid="audit-filter-entity-id" />
      </div>
      <div className="space-y-1">
        <Label htmlFor="audit-from">{t("from")}</Label>
        <Input id="audit-from" type="date" name="from" defaultValue={filters.from ?? ""} className="h-9" data-testid="audit-filter-from" />
      </div>
      <div className="space-y-1">
        <Label htmlFor="audit-to">{t("to")}</Label>
        <Input id="audit-to" type="date" name="to" defaultValue={filters.to ?? ""} className="h-9" data-testid="audit-filter-to" />
      </div>
      <div className="col-span-2 flex flex-wrap items-end gap-2 lg:col-span-6">
        <button type="submit" className={buttonClasses({ size: "sm" })} data-testid="audit-filter-apply">
          {t("apply")}
        </button>
        {active ? (
          <Link href="/audit" className={buttonClasses({ variant: "ghost", size: "sm" })} data-testid="audit-filter-clear">
            {t("clear")}
          </Link>
        ) : null}
        <a href={exportHref} download className={buttonClasses({ variant: "secondary", size: "sm" }) + " sm:ml-auto"} data-testid="audit-export">
          {t("exportCsv")}
        </a>
      </div>
    </form>
  );
}

import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, formatMoney } from "@/lib/format";
import type { CheckInfo } from "@/lib/reconciliation/queries";
import { netOf } from "@/lib/reconciliation/rules";
import { CheckButton } from "./check-button";

/**
 * A statement's check: checked (who, when), changed since checked (with what was checked), or not
 * checked; and the button when the viewer may check and the period has ended.
 */
export async function CheckStatus({
  check,
  closed,
  canCheck,
  form,
  timeZone,
  testId,
}: {
  check: CheckInfo | null;
  closed: boolean;
  canCheck: boolean;
  form: { period: string; date: string; scope: string };
  timeZone: string;
  testId: string;
}) {
  const t = await getTranslations("reconciliation.check");
  const changed = Boolean(check?.changed.length);
  const was = check ? netOf(check.totals) : null;
  return (
    <div className="flex min-w-40 flex-col items-start gap-1.5" data-testid={testId} data-state={check ? (changed ? "changed" : "checked") : "unchecked"}>
      {check ? (
        <>
          <Badge tone={changed ? "amber" : "green"}>{changed ? t("changed") : t("checked")}</Badge>
          <span className="text-xs whitespace-nowrap text-zinc-500">
            {t("by", { name: check.checkedBy ?? t("someone"), at: formatDateTime(check.checkedAt, timeZone) })}
          </span>
          {changed && was ? (
            <span className="max-w-64 text-xs text-amber-800" data-testid={`${testId}-was`}>
              {t("was", {
                redemptions: check.totals.redemptions,
                reversals: check.totals.reversals,
                order: formatMoney(was.netOrderTotal),
                discount: formatMoney(was.netDiscount),
                storedValue: formatMoney(was.netStoredValue),
              })}
            </span>
          ) : null}
        </>
      ) : (
        <Badge>{t("notChecked")}</Badge>
      )}
      {canCheck && closed && (!check || changed) ? <CheckButton {...form} again={Boolean(check)} testId={`${testId}-button`} /> : null}
      {canCheck && !closed && !check ? <span className="text-xs text-zinc-500">{t("openPeriod")}</span> : null}
    </div>
  );
}

"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";
import type { ActionState } from "@/lib/action-state";
import { reviewAlertAction } from "@/lib/anomalies/actions";

/** "Unfreeze and mark handled" (when the alert's group is frozen) and "Mark handled". */
export function AlertActions({ alertId, canUnfreeze }: { alertId: string; canUnfreeze: boolean }) {
  const t = useTranslations("alerts");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(reviewAlertAction, {});
  return (
    <form action={action} className="flex flex-col items-start gap-1.5">
      <input type="hidden" name="alertId" value={alertId} />
      <div className="flex flex-wrap gap-2">
        {canUnfreeze ? (
          <SubmitButton size="sm" name="unfreeze" value="1" pending={pending} pendingLabel={t("pending")} data-testid="alert-unfreeze">
            {t("unfreeze")}
          </SubmitButton>
        ) : null}
        <SubmitButton size="sm" variant="secondary" pending={pending} pendingLabel={t("pending")} data-testid="alert-review">
          {t("review")}
        </SubmitButton>
      </div>
      {state.message && !state.ok ? (
        <span className="text-xs text-red-600" role="alert">
          {message(state.message)}
        </span>
      ) : null}
    </form>
  );
}

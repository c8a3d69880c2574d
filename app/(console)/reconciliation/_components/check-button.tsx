"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";
import type { ActionState } from "@/lib/action-state";
import { markStatementCheckedAction } from "@/lib/reconciliation/actions";

/** "Mark as checked" for one statement (a period of one scope); the page re-renders with the mark. */
export function CheckButton({ period, date, scope, again = false, testId }: { period: string; date: string; scope: string; again?: boolean; testId?: string }) {
  const t = useTranslations("reconciliation.check");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(markStatementCheckedAction, {});
  return (
    <form action={action} className="inline-flex flex-col items-start gap-1">
      <input type="hidden" name="period" value={period} />
      <input type="hidden" name="date" value={date} />
      <input type="hidden" name="scope" value={scope} />
      <SubmitButton variant={again ? "secondary" : "primary"} size="sm" pending={pending} pendingLabel={t("pending")} data-testid={testId ?? "statement-check"}>
        {again ? t("again") : t("button")}
      </SubmitButton>
      {state.message && !state.ok ? (
        <span className="text-xs text-red-600" role="alert">
          {message(state.message)}
        </span>
      ) : null}
    </form>
  );
}

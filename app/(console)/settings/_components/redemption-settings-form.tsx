"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";
import type { ActionState } from "@/lib/action-state";
import { updateRedemptionSettingsAction } from "@/lib/organizations/actions";

/** The owner's redemption settings: how many minutes clerks may reverse a redemption. */
export function RedemptionSettingsForm({ reversalWindowMinutes }: { reversalWindowMinutes: number }) {
  const t = useTranslations("settings.counter");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(updateRedemptionSettingsAction, {});
  const value = state.values?.reversalWindowMinutes ?? String(reversalWindowMinutes);
  return (
    <form action={action} className="space-y-4" noValidate data-testid="redemption-settings-form">
      {state.ok && state.message ? (
        <Alert tone="success" testId="redemption-settings-saved">
          {message(state.message)}
        </Alert>
      ) : null}
      {state.message && !state.ok ? <Alert tone="error">{message(state.message)}</Alert> : null}
      <Field id="reversal-window" label={t("window")} error={message(state.fieldErrors?.reversalWindowMinutes)} hint={t("windowHint")}>
        {(control) => (
          <div className="flex items-center gap-3">
            <Input
              {...control}
              key={value}
              name="reversalWindowMinutes"
              defaultValue={value}
              inputMode="numeric"
              maxLength={4}
              className="max-w-28 tabular-nums"
              data-testid="reversal-window"
            />
            <span className="text-sm text-zinc-700">{t("windowSuffix")}</span>
          </div>
        )}
      </Field>
      <div className="flex justify-end border-t border-zinc-100 pt-4">
        <SubmitButton pending={pending} pendingLabel={t("pending")} data-testid="redemption-settings-submit">
          {t("submit")}
        </SubmitButton>
      </div>
    </form>
  );
}

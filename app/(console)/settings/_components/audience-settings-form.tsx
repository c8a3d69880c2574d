"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";
import type { ActionState } from "@/lib/action-state";
import { updateAudienceSettingsAction } from "@/lib/organizations/actions";
import type { AudienceSettings } from "@/lib/sends/rules";

/** Quiet hours for marketing texts, the send size that needs a reviewer, and how long inactive consumers are kept. */
export function AudienceSettingsForm({ current }: { current: AudienceSettings }) {
  const t = useTranslations("settings.audience");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(updateAudienceSettingsAction, {});
  const v = state.values ?? {
    quietFrom: current.quietHours?.from ?? "",
    quietTo: current.quietHours?.to ?? "",
    sendApprovalThreshold: String(current.sendApprovalThreshold),
    consumerRetentionMonths: current.consumerRetentionMonths ? String(current.consumerRetentionMonths) : "",
    privacyUrl: current.privacyUrl ?? "",
  };
  return (
    <form action={action} className="space-y-4" noValidate data-testid="audience-settings-form">
      {state.ok && state.message ? <Alert tone="success">{message(state.message)}</Alert> : null}
      {state.message && !state.ok ? <Alert tone="error">{message(state.message)}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="quiet-from" label={t("quietFrom")} error={message(state.fieldErrors?.quietFrom)} hint={t("quietHint")}>
          {(control) => <Input {...control} name="quietFrom" defaultValue={v.quietFrom} placeholder="21:00" className="max-w-32 tabular-nums" data-testid="quiet-from" />}
        </Field>
        <Field id="quiet-to" label={t("quietTo")} error={message(state.fieldErrors?.quietTo)}>
          {(control) => <Input {...control} name="quietTo" defaultValue={v.quietTo} placeholder="08:00" className="max-w-32 tabular-nums" data-testid="quiet-to" />}
        </Field>
        <Field id="send-threshold" label={t("threshold")} error={message(state.fieldErrors?.sendApprovalThreshold)} hint={t("thresholdHint")}>
          {(control) => <Input {...control} name="sendApprovalThreshold" defaultValue={v.sendApprovalThreshold} inputMode="numeric" className="max-w-40 tabular-nums" data-testid="send-threshold" />}
        </Field>
        <Field id="retention" label={t("retention")} error={message(state.fieldErrors?.consumerRetentionMonths)} hint={t("retentionHint")}>
          {(control) => <Input {...control} name="consumerRetentionMonths" defaultValue={v.consumerRetentionMonths} inputMode="numeric" className="max-w-32 tabular-nums" data-testid="retention-months" />}
        </Field>
      </div>
      <Field id="privacy-url" label={t("privacyUrl")} error={message(state.fieldErrors?.privacyUrl)} hint={t("privacyUrlHint")}>
        {(control) => <Input {...control} name="privacyUrl" type="url" defaultValue={v.privacyUrl} placeholder="https://" maxLength={500} data-testid="privacy-url" />}
      </Field>
      <div className="flex justify-end border-t border-zinc-100 pt-4">
        <SubmitButton pending={pending} pendingLabel={t("pending")} data-testid="audience-settings-submit">
          {t("submit")}
        </SubmitButton>
      </div>
    </form>
  );
}

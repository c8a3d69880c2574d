"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import { changePasswordAction } from "@/lib/members/actions";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

export function ChangePasswordForm({ email }: { email: string }) {
  const t = useTranslations("account.password");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(changePasswordAction, {});
  return (
    <form action={action} className="space-y-4" noValidate data-testid="change-password-form">
      {state.message ? <Alert tone="error" testId="form-error">{message(state.message)}</Alert> : null}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field id="current-password" label={t("current")} error={message(state.fieldErrors?.currentPassword)}>
        {(control) => <Input {...control} name="currentPassword" type="password" autoComplete="current-password" required />}
      </Field>
      <Field id="new-password" label={t("new")} error={message(state.fieldErrors?.password)} hint={t("newHint")}>
        {(control) => <Input {...control} name="password" type="password" autoComplete="new-password" required minLength={8} />}
      </Field>
      <Field id="confirm-password" label={t("confirm")} error={message(state.fieldErrors?.confirmPassword)}>
        {(control) => <Input {...control} name="confirmPassword" type="password" autoComplete="new-password" required />}
      </Field>
      <SubmitButton pending={pending} pendingLabel={t("pending")} data-testid="change-password-submit">
        {t("submit")}
      </SubmitButton>
    </form>
  );
}

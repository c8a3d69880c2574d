"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import { setPasswordAction } from "@/lib/members/actions";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations("account.setPassword");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(setPasswordAction, {});
  const tokenError = state.fieldErrors?.token;
  return (
    <form action={action} className="mt-6 space-y-4" noValidate data-testid="set-password-form">
      {state.message || tokenError ? <Alert tone="error" testId="form-error">{message(state.message ?? tokenError)}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      {/* For password managers: the account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field id="set-password" label={t("password")} error={message(state.fieldErrors?.password)}>
        {(control) => <Input {...control} name="password" type="password" autoComplete="new-password" required minLength={8} autoFocus />}
      </Field>
      <Field id="set-password-confirm" label={t("confirm")} error={message(state.fieldErrors?.confirmPassword)}>
        {(control) => <Input {...control} name="confirmPassword" type="password" autoComplete="new-password" required />}
      </Field>
      <SubmitButton pending={pending} pendingLabel={t("pending")} className="w-full" data-testid="set-password-submit">
        {t("submit")}
      </SubmitButton>
    </form>
  );
}

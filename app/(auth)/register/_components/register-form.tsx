"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { registerAction } from "@/lib/organizations/actions";
import type { ActionState } from "@/lib/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { OrganizationFields } from "@/components/forms/organization-fields";
import { useMessage } from "@/components/forms/use-message";

export function RegisterForm() {
  const t = useTranslations("auth.register");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(registerAction, {});
  return (
    <form action={action} className="mt-6 space-y-6" noValidate>
      {state.message ? <Alert tone="error" testId="form-error">
          {message(state.message)}
        </Alert> : null}
      <fieldset className="space-y-4">
        <legend className="mb-3 text-xs font-medium tracking-wide text-zinc-500 uppercase">{t("you")}</legend>
        <Field id="register-name" label={t("name")} error={message(state.fieldErrors?.name)}>
          {(control) => <Input {...control} name="name" autoComplete="name" required maxLength={80} defaultValue={state.values?.name ?? ""} />}
        </Field>
        <Field id="register-email" label={t("email")} error={message(state.fieldErrors?.email)}>
          {(control) => (
            <Input {...control} name="email" type="email" inputMode="email" autoComplete="email" required defaultValue={state.values?.email ?? ""} />
          )}
        </Field>
        <Field id="register-password" label={t("password")} hint={t("passwordHint")} error={message(state.fieldErrors?.password)}>
          {(control) => <Input {...control} name="password" type="password" autoComplete="new-password" required minLength={8} />}
        </Field>
      </fieldset>
      <fieldset className="space-y-4 border-t border-zinc-200 pt-5">
        <legend className="float-left mb-3 w-full text-xs font-medium tracking-wide text-zinc-500 uppercase">{t("organization")}</legend>
        <OrganizationFields state={state} idPrefix="register" />
      </fieldset>
      <SubmitButton pending={pending} pendingLabel={t("pending")} className="w-full">
        {t("submit")}
      </SubmitButton>
    </form>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ActionState } from "@/lib/action-state";
import { useMessage } from "./use-message";

/** Organisation name and slug, shared by sign-up and onboarding. */
export function OrganizationFields({ state, idPrefix }: { state: ActionState; idPrefix: string }) {
  const t = useTranslations("auth.register");
  const message = useMessage();
  return (
    <>
      <Field id={`${idPrefix}-org-name`} label={t("orgName")} hint={t("orgNameHint")} error={message(state.fieldErrors?.orgName)}>
        {(control) => <Input {...control} name="orgName" autoComplete="organization" required maxLength={80} defaultValue={state.values?.orgName ?? ""} />}
      </Field>
      <Field id={`${idPrefix}-org-slug`} label={t("orgSlug")} hint={t("orgSlugHint")} error={message(state.fieldErrors?.orgSlug)}>
        {(control) => (
          <Input
            {...control}
            name="orgSlug"
            required
            minLength={3}
            maxLength={40}
            pattern="[a-z0-9][a-z0-9\-]*[a-z0-9]"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            className="font-mono"
            defaultValue={state.values?.orgSlug ?? ""}
          />
        )}
      </Field>
    </>
  );
}

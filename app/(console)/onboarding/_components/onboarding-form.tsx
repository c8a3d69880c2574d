"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { createOrganizationAction } from "@/lib/organizations/actions";
import type { ActionState } from "@/lib/action-state";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { OrganizationFields } from "@/components/forms/organization-fields";
import { useMessage } from "@/components/forms/use-message";

export function OnboardingForm() {
  const t = useTranslations("onboarding");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(createOrganizationAction, {});
  return (
    <form action={action} className="mt-6 space-y-4" noValidate>
      {state.message ? <Alert tone="error" testId="form-error">
          {message(state.message)}
        </Alert> : null}
      <OrganizationFields state={state} idPrefix="onboarding" />
      <SubmitButton pending={pending} pendingLabel={t("pending")} className="w-full">
        {t("submit")}
      </SubmitButton>
    </form>
  );
}

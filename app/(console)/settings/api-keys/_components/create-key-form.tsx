"use client";

import { useActionState, useState } from "react";
import { useTranslations } from "next-intl";
import { createApiKeyAction } from "@/lib/api/key-actions";
import type { ActionState } from "@/lib/action-state";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

/** Name + role; the new key's secret is shown once, right here, and never again. */
export function CreateKeyForm({ roles }: { roles: { value: string; label: string }[] }) {
  const t = useTranslations("apiKeys");
  const tCommon = useTranslations("common");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(createApiKeyAction, {});
  const [dismissed, setDismissed] = useState<string | null>(null);
  const secret = state.secret && state.secret !== dismissed ? state.secret : null;

  return (
    <div className="space-y-4">
      {secret ? (
        <div className="rounded-lg border border-amber-300 bg-amber-50 p-4" role="status" data-testid="api-key-secret">
          <p className="text-sm font-semibold text-amber-900">{t("secret.title")}</p>
          <p className="mt-1 text-sm text-amber-900">{t("secret.warning")}</p>
          <div className="mt-3">
            <CopyField value={secret} label={t("secret.label")} copyLabel={tCommon("copy")} copiedLabel={tCommon("copied")} testId="api-key-secret-value" />
          </div>
          <Button variant="secondary" size="sm" className="mt-3" onClick={() => setDismissed(secret)}>
            {t("secret.done")}
          </Button>
        </div>
      ) : null}
      {state.message && !state.ok ? <Alert tone="error">{message(state.message)}</Alert> : null}

      <form action={action} className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem_auto] sm:items-start" noValidate>
        <Field id="api-key-name" label={t("create.name")} error={message(state.fieldErrors?.name)}>
          {(control) => (
            <Input
              {...control}
              name="name"
              required
              maxLength={80}
              placeholder={t("create.namePlaceholder")}
              defaultValue={state.ok ? "" : (state.values?.name ?? "")}
            />
          )}
        </Field>
        <Field id="api-key-role" label={t("create.role")} error={message(state.fieldErrors?.role)}>
          {(control) => (
            <Select {...control} name="role" defaultValue={state.ok ? "clerk" : (state.values?.role ?? "clerk")}>
              {roles.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <div className="sm:pt-7">
          <SubmitButton pending={pending} pendingLabel={t("create.pending")} className="w-full sm:w-auto">
            {t("create.submit")}
          </SubmitButton>
        </div>
      </form>
    </div>
  );
}

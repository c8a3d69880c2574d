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

/** Name + role (+ stores for a clerk key); the new key's secret is shown once, right here, and never again. */
export function CreateKeyForm({ roles, stores }: { roles: { value: string; label: string }[]; stores: { id: string; name: string }[] }) {
  const t = useTranslations("apiKeys");
  const tCommon = useTranslations("common");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(createApiKeyAction, {});
  const [dismissed, setDismissed] = useState<string | null>(null);
  const secret = state.secret && state.secret !== dismissed ? state.secret : null;
  const [role, setRole] = useState(state.values?.role ?? "clerk");
  // A failed submit keeps the ticked stores; a single store is ticked for the owner.
  const checked = state.ok || !state.values ? (stores.length === 1 ? [stores[0].id] : []) : state.values.storeIds?.split(",").filter(Boolean) ?? [];

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
            <Select {...control} name="role" value={role} onChange={(e) => setRole(e.target.value)}>
              {roles.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {role === "clerk" ? (
          <fieldset
            className="space-y-2 sm:col-span-3"
            aria-describedby={state.fieldErrors?.storeIds ? "api-key-stores-error" : "api-key-stores-hint"}
            data-testid="api-key-stores"
          >
            <legend className="text-sm font-medium text-zinc-800">{t("create.stores")}</legend>
            {stores.length === 0 ? (
              <p className="text-sm text-amber-800">{t("create.noStores")}</p>
            ) : (
              <div className="flex flex-wrap gap-x-5 gap-y-2" key={checked.join(",")}>
                {stores.map((s) => (
                  <label key={s.id} className="flex min-h-8 items-center gap-2 text-sm text-zinc-800">
                    <input type="checkbox" name="storeIds" value={s.id} defaultChecked={checked.includes(s.id)} className="size-4 accent-rose-600" />
                    {s.name}
                  </label>
                ))}
              </div>
            )}
            {state.fieldErrors?.storeIds ? (
              <p id="api-key-stores-error" className="text-sm text-red-600">
                {message(state.fieldErrors.storeIds)}
              </p>
            ) : (
              <p id="api-key-stores-hint" className="text-xs text-zinc-500">
                {t("create.storesHint")}
              </p>
            )}
          </fieldset>
        ) : null}
        <div className="sm:col-start-3 sm:row-start-1 sm:pt-7">
          <SubmitButton pending={pending} pendingLabel={t("create.pending")} className="w-full sm:w-auto">
            {t("create.submit")}
          </SubmitButton>
        </div>
      </form>
    </div>
  );
}

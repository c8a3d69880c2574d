"use client";

import { useActionState, useState } from "react";
import { useTranslations } from "next-intl";
import { createStoreAction, updateStoreAction } from "@/lib/stores/actions";
import type { ActionState } from "@/lib/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { cn } from "@/components/ui/cn";
import { useMessage } from "@/components/forms/use-message";

export type StoreFormValues = { id?: string; name: string; address: string; clerkIds: string[] };
export type ClerkAccount = { id: string; name: string; email: string };

/**
 * Add or edit a store and choose its clerks (a checkbox per clerk of the organisation; the checked set
 * replaces the store's clerks on save). `readOnly` shows the same fields disabled, without a submit.
 */
export function StoreForm({
  store,
  clerks,
  readOnly = false,
  notice,
}: {
  store?: StoreFormValues;
  clerks: ClerkAccount[];
  readOnly?: boolean;
  /** A success message key to show until the form is next submitted (e.g. after creating). */
  notice?: string;
}) {
  const t = useTranslations("stores.form");
  const message = useMessage();
  const editing = Boolean(store?.id);
  const [state, action, pending] = useActionState<ActionState, FormData>(editing ? updateStoreAction : createStoreAction, {});
  const errors = state.fieldErrors ?? {};
  const value = (key: "name" | "address"): string => state.values?.[key] ?? store?.[key] ?? "";
  // Controlled so the count stays right and a failed submit keeps the choice.
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(store?.clerkIds ?? []));
  const clerkError = message(errors.clerkIds);
  const disabled = readOnly || pending;

  function toggle(id: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  return (
    <form action={action} noValidate className="space-y-5" data-testid="store-form">
      {state.message || notice ? (
        <Alert tone={state.message && !state.ok ? "error" : "success"} testId="store-form-message">
          {message(state.message ?? notice)}
        </Alert>
      ) : null}
      {store?.id ? <input type="hidden" name="id" value={store.id} /> : null}
      <fieldset disabled={disabled} className="space-y-5">
        <Field id="store-name" label={t("name")} hint={t("nameHint")} error={message(errors.name)}>
          {(control) => <Input {...control} name="name" required maxLength={80} autoComplete="off" defaultValue={value("name")} />}
        </Field>
        <Field id="store-address" label={t("address")} hint={t("addressHint")} error={message(errors.address)}>
          {(control) => <Input {...control} name="address" maxLength={200} autoComplete="street-address" defaultValue={value("address")} />}
        </Field>
      </fieldset>

      <fieldset
        disabled={disabled}
        aria-describedby={clerkError ? "store-clerks-error" : readOnly ? undefined : "store-clerks-hint"}
        aria-invalid={clerkError ? true : undefined}
        data-testid="store-clerks"
      >
        <div className="flex items-baseline justify-between gap-3">
          <legend className="text-sm font-medium text-zinc-800">{t("clerks")}</legend>
          {clerks.length ? <span className="text-xs text-zinc-500 tabular-nums">{t("clerksSelected", { count: selected.size })}</span> : null}
        </div>
        {clerks.length ? (
          <ul
            className={cn(
              "mt-1.5 max-h-72 divide-y divide-zinc-100 overflow-y-auto rounded-lg border bg-white shadow-xs",
              clerkError ? "border-red-500" : "border-zinc-300",
            )}
          >
            {clerks.map((c) => (
              <li key={c.id}>
                <label className="flex cursor-pointer items-center gap-3 px-3 py-2.5 hover:bg-zinc-50 has-disabled:cursor-default has-disabled:hover:bg-transparent">
                  <input
                    type="checkbox"
                    name="clerkIds"
                    value={c.id}
                    checked={selected.has(c.id)}
                    onChange={(e) => toggle(c.id, e.target.checked)}
                    className="size-4 shrink-0 rounded border-zinc-300 accent-rose-600"
                  />
                  <span className="flex min-w-0 flex-col sm:flex-row sm:items-baseline sm:gap-2">
                    <span className="text-sm text-zinc-900">{c.name}</span>
                    <span className="truncate font-mono text-xs text-zinc-500">{c.email}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-1.5 rounded-lg border border-dashed border-zinc-300 px-3 py-3 text-sm text-zinc-500">{t("noClerkAccounts")}</p>
        )}
        {clerkError ? (
          <p id="store-clerks-error" className="mt-1.5 text-sm text-red-600">
            {clerkError}
          </p>
        ) : readOnly ? null : (
          <p id="store-clerks-hint" className="mt-1.5 text-xs text-zinc-500">
            {t("clerksHint")}
          </p>
        )}
      </fieldset>

      {readOnly ? null : (
        <div className="flex justify-end border-t border-zinc-100 pt-5">
          <SubmitButton pending={pending} pendingLabel={editing ? t("saving") : t("creating")} data-testid="store-submit" className="w-full sm:w-auto">
            {editing ? t("save") : t("create")}
          </SubmitButton>
        </div>
      )}
    </form>
  );
}

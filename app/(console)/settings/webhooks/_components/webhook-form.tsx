"use client";

import { useActionState, useState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import { createWebhookAction, updateWebhookAction } from "@/lib/webhooks/actions";
import { Alert } from "@/components/ui/alert";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";
import { SecretNotice } from "./secret-notice";

export type EventTypeOption = { value: string; label: string; hint: string };
export type WebhookFormValues = { id: string; url: string; description: string; eventTypes: string[] };

/**
 * Register an endpoint (URL, description, event types; the new secret is shown once, right here) or,
 * with `endpoint`, change one.
 */
export function WebhookForm({ eventTypes, endpoint }: { eventTypes: EventTypeOption[]; endpoint?: WebhookFormValues }) {
  const t = useTranslations("webhooks.form");
  const message = useMessage();
  const editing = Boolean(endpoint);
  const [state, action, pending] = useActionState<ActionState, FormData>(editing ? updateWebhookAction : createWebhookAction, {});
  const [dismissed, setDismissed] = useState<string | null>(null);
  const secret = state.secret && state.secret !== dismissed ? state.secret : null;
  const errors = state.fieldErrors ?? {};
  // A successful create clears the form (new keys remount the fields); a failed one keeps what was typed.
  const formKey = state.ok && !editing ? `done-${state.secret}` : "form";
  const initial = (): Set<string> => {
    if (state.values?.eventTypes !== undefined && !state.ok) return new Set(state.values.eventTypes.split(",").filter(Boolean));
    return new Set(endpoint?.eventTypes ?? eventTypes.filter((e) => e.value.startsWith("code.")).map((e) => e.value));
  };
  const value = (key: "url" | "description") => (state.ok && !editing ? "" : (state.values?.[key] ?? endpoint?.[key] ?? ""));
  const typesError = message(errors.eventTypes);
  const prefix = endpoint ? `webhook-${endpoint.id}` : "webhook-new";

  return (
    <div className="space-y-4">
      {secret ? <SecretNotice secret={secret} onDone={() => setDismissed(secret)} /> : null}
      {state.message && (!state.ok || editing) ? (
        <Alert tone={state.ok ? "success" : "error"} testId="webhook-form-message">
          {message(state.message)}
        </Alert>
      ) : null}
      <form key={formKey} action={action} noValidate className="space-y-5" data-testid="webhook-form">
        {endpoint ? <input type="hidden" name="id" value={endpoint.id} /> : null}
        <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <Field id={`${prefix}-url`} label={t("url")} hint={t("urlHint")} error={message(errors.url)}>
            {(control) => (
              <Input
                {...control}
                name="url"
                type="url"
                inputMode="url"
                required
                maxLength={2048}
                autoComplete="off"
                spellCheck={false}
                placeholder={t("urlPlaceholder")}
                defaultValue={value("url")}
                className="font-mono"
              />
            )}
          </Field>
          <Field id={`${prefix}-description`} label={t("description")} error={message(errors.description)}>
            {(control) => (
              <Input {...control} name="description" maxLength={200} autoComplete="off" placeholder={t("descriptionPlaceholder")} defaultValue={value("description")} />
            )}
          </Field>
        </div>
        <EventTypeChoice
          key={formKey}
          id={`${prefix}-events`}
          options={eventTypes}
          initial={initial}
          error={typesError}
          label={t("eventTypes")}
          hint={t("eventTypesHint")}
          selectedLabel={(count) => t("selected", { count })}
        />
        <div className="flex justify-end border-t border-zinc-100 pt-4">
          <SubmitButton pending={pending} pendingLabel={editing ? t("saving") : t("creating")} className="w-full sm:w-auto" data-testid="webhook-submit">
            {editing ? t("save") : t("create")}
          </SubmitButton>
        </div>
      </form>
    </div>
  );
}

function EventTypeChoice({
  id,
  options,
  initial,
  error,
  label,
  hint,
  selectedLabel,
}: {
  id: string;
  options: EventTypeOption[];
  initial: () => Set<string>;
  error?: string;
  label: string;
  hint: string;
  selectedLabel: (count: number) => string;
}) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(initial);
  function toggle(value: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(value);
      else next.delete(value);
      return next;
    });
  }
  return (
    <fieldset aria-describedby={error ? `${id}-error` : `${id}-hint`} aria-invalid={error ? true : undefined} data-testid="webhook-event-types">
      <div className="flex items-baseline justify-between gap-3">
        <legend className="text-sm font-medium text-zinc-800">{label}</legend>
        <span className="text-xs text-zinc-500 tabular-nums">{selectedLabel(selected.size)}</span>
      </div>
      <ul className={cn("mt-1.5 grid gap-px overflow-hidden rounded-lg border bg-zinc-100 shadow-xs sm:grid-cols-2", error ? "border-red-500" : "border-zinc-300")}>
        {options.map((o) => (
          // An odd last option spans both columns rather than leaving a grey hole.
          <li key={o.value} className="bg-white sm:last:odd:col-span-2">
            <label className="flex h-full cursor-pointer items-start gap-3 px-3 py-2.5 hover:bg-zinc-50">
              <input
                type="checkbox"
                name="eventTypes"
                value={o.value}
                checked={selected.has(o.value)}
                onChange={(e) => toggle(o.value, e.target.checked)}
                className="mt-0.5 size-4 shrink-0 rounded border-zinc-300 accent-rose-600"
              />
              <span className="min-w-0">
                <span className="block text-sm text-zinc-900">{o.label}</span>
                <span className="block text-xs break-words text-zinc-500">{o.hint}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      {error ? (
        <p id={`${id}-error`} className="mt-1.5 text-sm text-red-600">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="mt-1.5 text-xs text-zinc-500">
          {hint}
        </p>
      )}
    </fieldset>
  );
}

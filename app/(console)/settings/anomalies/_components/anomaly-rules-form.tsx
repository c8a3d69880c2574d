"use client";

import { startTransition, useActionState } from "react";
import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";
import type { ActionState } from "@/lib/action-state";
import { updateAnomalyRulesAction } from "@/lib/anomalies/actions";
import type { AnomalyRule } from "@/lib/anomalies/rules";

/** One fieldset per rule: on/off, threshold (the floor for the store rule), window, factor, action. */
export function AnomalyRulesForm({ rules }: { rules: AnomalyRule[] }) {
  const t = useTranslations("anomalies");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(updateAnomalyRulesAction, {});
  const fe = state.fieldErrors ?? {};
  const v = state.ok ? undefined : state.values;
  const value = (kind: string, field: keyof AnomalyRule, current: unknown) => v?.[`${kind}.${field}`] ?? (current === null ? "" : String(current));

  return (
    <form
      action={action}
      // Submitted by hand so React keeps what was typed when a field is refused.
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
      noValidate
      className="space-y-5"
      data-testid="anomaly-rules-form"
    >
      {state.ok && state.message ? (
        <Alert tone="success" testId="anomaly-rules-saved">
          {message(state.message)}
        </Alert>
      ) : null}
      {state.message && !state.ok ? <Alert tone="error">{message(state.message)}</Alert> : null}
      {rules.map((rule) => {
        const id = (field: string) => `rule-${rule.kind}-${field}`;
        const name = (field: string) => `${rule.kind}.${field}`;
        const enabled = v ? v[name("enabled")] === "on" : rule.enabled;
        return (
          <fieldset key={rule.kind} className="rounded-xl border border-zinc-200 bg-white p-5 shadow-xs" data-testid={`rule-${rule.kind}`}>
            <legend className="sr-only">{t(`rules.${rule.kind}.title`)}</legend>
            <div className="flex items-start justify-between gap-4">
              <div className="min-w-0">
                <h3 className="text-base font-semibold text-zinc-900">{t(`rules.${rule.kind}.title`)}</h3>
                <p className="mt-1 text-sm text-zinc-600">{t(`rules.${rule.kind}.description`)}</p>
              </div>
              <label className="inline-flex shrink-0 cursor-pointer items-center gap-2 text-sm font-medium text-zinc-800">
                <input
                  type="checkbox"
                  name={name("enabled")}
                  defaultChecked={enabled}
                  className="size-4 rounded border-zinc-300 accent-rose-600"
                  data-testid={`rule-${rule.kind}-enabled`}
                />
                {t("enabled")}
              </label>
            </div>
            <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <Field
                id={id("threshold")}
                label={rule.kind === "store_rate" ? t("floor") : t("threshold")}
                hint={rule.kind === "store_rate" ? t("floorHint") : t("thresholdHint")}
                error={message(fe[name("threshold")])}
              >
                {(control) => (
                  <Input {...control} name={name("threshold")} inputMode="numeric" defaultValue={value(rule.kind, "threshold", rule.threshold)} data-testid={`rule-${rule.kind}-threshold`} />
                )}
              </Field>
              <Field id={id("window")} label={t("windowMinutes")} error={message(fe[name("windowMinutes")])}>
                {(control) => (
                  <Input {...control} name={name("windowMinutes")} inputMode="numeric" defaultValue={value(rule.kind, "windowMinutes", rule.windowMinutes)} data-testid={`rule-${rule.kind}-window`} />
                )}
              </Field>
              {rule.kind === "store_rate" ? (
                <Field id={id("factor")} label={t("factor")} hint={t("factorHint")} error={message(fe[name("factor")])}>
                  {(control) => <Input {...control} name={name("factor")} inputMode="numeric" defaultValue={value(rule.kind, "factor", rule.factor)} data-testid={`rule-${rule.kind}-factor`} />}
                </Field>
              ) : null}
              <Field id={id("action")} label={t("action")} error={message(fe[name("action")])}>
                {(control) => (
                  <Select {...control} name={name("action")} defaultValue={value(rule.kind, "action", rule.action)} data-testid={`rule-${rule.kind}-action`}>
                    <option value="freeze">{t("actions.freeze")}</option>
                    <option value="flag">{t("actions.flag")}</option>
                  </Select>
                )}
              </Field>
            </div>
          </fieldset>
        );
      })}
      <p className="text-sm text-zinc-500">{t("freezeWhich")}</p>
      <div className="flex justify-end border-t border-zinc-100 pt-4">
        <SubmitButton pending={pending} pendingLabel={t("pending")} data-testid="anomaly-rules-submit">
          {t("save")}
        </SubmitButton>
      </div>
    </form>
  );
}

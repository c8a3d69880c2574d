"use client";

import { useActionState, useState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import { setGroupVariantsAction } from "@/lib/groups/actions";
import { variantField } from "@/lib/groups/form";
import { MAX_VARIANT_TIERS, MAX_VARIANTS, MIN_VARIANTS, VARIANT_LABELS, variantFieldsFor, type VariantOverride } from "@/lib/groups/rules";
import { fenToYuan } from "@/lib/money";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

export type EditorVariant = VariantOverride & { label: string };

type Props = {
  groupId: string;
  campaignType: string;
  /** The campaign's own values, formatted, per field: the hint of a blank field ("留空则沿用活动：¥20.00"). */
  campaignHints: Partial<Record<"value" | "minSpend" | "percentOff" | "maxDiscount" | "tiers", string>>;
  initial: EditorVariant[];
};

const yuan = (fen: number | null | undefined) => (fen == null ? "" : fenToYuan(fen));

/** The A/B variants form of a unique group: 2–4 variants, each a label and the offer fields its campaign type has. */
export function VariantEditor({ groupId, campaignType, campaignHints, initial }: Props) {
  const t = useTranslations("groups.ab");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(setGroupVariantsAction, {});
  const [removeState, removeAction, removing] = useActionState<ActionState, FormData>(setGroupVariantsAction, {});
  const [count, setCount] = useState(Math.max(MIN_VARIANTS, initial.length));
  const [tierRows, setTierRows] = useState(() =>
    Array.from({ length: MAX_VARIANTS }, (_, i) => Math.max(1, initial[i]?.tiers?.length ?? 0)),
  );
  const fields = variantFieldsFor(campaignType);
  const err = (key: string) => message(state.fieldErrors?.[key]);
  // After a failed submit the typed text comes back in `values`; otherwise the saved variant's.
  const value = (key: string, saved: string) => state.values?.[key] ?? saved;
  const hint = (f: keyof Props["campaignHints"]) => (campaignHints[f] ? t("campaignValue", { value: campaignHints[f] }) : t("campaignNone"));

  return (
    <div className="space-y-4">
      <form action={action} className="space-y-4" data-testid="variant-editor">
        <input type="hidden" name="groupId" value={groupId} />
        <input type="hidden" name="campaignType" value={campaignType} />
        <input type="hidden" name="count" value={count} />
        <div className="grid gap-4 lg:grid-cols-2">
          {Array.from({ length: count }, (_, i) => {
            const saved = initial[i];
            return (
              <fieldset key={i} className="space-y-3 rounded-lg border border-zinc-200 p-4" data-testid={`variant-${i}`}>
                <legend className="px-1 text-sm font-semibold text-zinc-900">{t("variant", { label: VARIANT_LABELS[i] })}</legend>
                <Field id={`variant-label-${i}`} label={t("label")} error={err(variantField.label(i))}>
                  {(control) => (
                    <Input {...control} name={variantField.label(i)} maxLength={20} defaultValue={value(variantField.label(i), saved?.label ?? VARIANT_LABELS[i])} />
                  )}
                </Field>
                {(["value", "percentOff", "maxDiscount", "minSpend"] as const)
                  .filter((f) => fields.includes(f))
                  .map((f) => (
                    <Field key={f} id={`variant-${f}-${i}`} label={t(`fields.${f}`)} error={err(variantField[f](i))} hint={hint(f)}>
                      {(control) => (
                        <Input
                          {...control}
                          name={variantField[f](i)}
                          inputMode={f === "percentOff" ? "numeric" : "decimal"}
                          defaultValue={value(variantField[f](i), f === "percentOff" ? (saved?.percentOff?.toString() ?? "") : yuan(saved?.[f]))}
                          data-testid={`variant-${f}-${i}`}
                        />
                      )}
                    </Field>
                  ))}
                {fields.includes("tiers") ? (
                  <div className="space-y-2">
                    <p className="text-sm font-medium text-zinc-800">{t("fields.tiers")}</p>
                    <p className="text-xs text-zinc-500">{hint("tiers")}</p>
                    {err(variantField.tiers(i)) ? <p className="text-sm text-red-600">{err(variantField.tiers(i))}</p> : null}
                    {Array.from({ length: tierRows[i] }, (_, j) => (
                      <div key={j} className="grid grid-cols-2 gap-2">
                        <Field id={`variant-tier-min-${i}-${j}`} label={t("fields.tierMin")} error={err(variantField.tierMin(i, j))}>
                          {(control) => (
                            <Input {...control} name={variantField.tierMin(i, j)} inputMode="decimal" defaultValue={value(variantField.tierMin(i, j), yuan(saved?.tiers?.[j]?.minSpend))} />
                          )}
                        </Field>
                        <Field id={`variant-tier-value-${i}-${j}`} label={t("fields.tierValue")} error={err(variantField.tierValue(i, j))}>
                          {(control) => (
                            <Input {...control} name={variantField.tierValue(i, j)} inputMode="decimal" defaultValue={value(variantField.tierValue(i, j), yuan(saved?.tiers?.[j]?.value))} />
                          )}
                        </Field>
                      </div>
                    ))}
                    {tierRows[i] < MAX_VARIANT_TIERS ? (
                      <Button variant="ghost" size="sm" onClick={() => setTierRows((rows) => rows.map((n, k) => (k === i ? n + 1 : n)))}>
                        {t("addTier")}
                      </Button>
                    ) : null}
                  </div>
                ) : null}
              </fieldset>
            );
          })}
        </div>
        {err("count") ? (
          <p className="text-sm text-red-600" role="alert">
            {err("count")}
          </p>
        ) : null}
        {state.message ? (
          <p className={state.ok ? "text-sm text-green-700" : "text-sm text-red-600"} role={state.ok ? "status" : "alert"}>
            {message(state.message)}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {count < MAX_VARIANTS ? (
            <Button variant="secondary" size="sm" onClick={() => setCount((n) => n + 1)} data-testid="variant-add">
              {t("addVariant")}
            </Button>
          ) : null}
          {count > MIN_VARIANTS ? (
            <Button variant="ghost" size="sm" onClick={() => setCount((n) => n - 1)}>
              {t("removeVariant")}
            </Button>
          ) : null}
          <SubmitButton size="sm" pending={pending} pendingLabel={t("saving")} data-testid="variant-save">
            {t("save")}
          </SubmitButton>
        </div>
      </form>
      {initial.length ? (
        <form action={removeAction} className="flex flex-wrap items-center gap-3">
          <input type="hidden" name="groupId" value={groupId} />
          <input type="hidden" name="campaignType" value={campaignType} />
          <input type="hidden" name="count" value="0" />
          <SubmitButton variant="danger" size="sm" pending={removing} pendingLabel={t("removing")} data-testid="variant-remove-all">
            {t("removeAll")}
          </SubmitButton>
          {removeState.message && !removeState.ok ? (
            <span className="text-sm text-red-600" role="alert">
              {message(removeState.message)}
            </span>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}

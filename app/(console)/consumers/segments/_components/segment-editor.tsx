"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import { previewSegmentAction, saveSegmentAction, type SegmentPreview } from "@/lib/segments/actions";
import type { SegmentFormValues } from "@/lib/segments/form";
import { formatCount } from "@/lib/format";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

const PREVIEW_DEBOUNCE_MS = 400;

/** The rules of a segment, with its size counted live while they are edited. */
export function SegmentEditor({ id, initial, tags }: { id?: string; initial: SegmentFormValues; tags: string[] }) {
  const t = useTranslations("segments.editor");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(saveSegmentAction, {});
  const [values, setValues] = useState<SegmentFormValues>(state.values ? { ...initial, ...state.values } : initial);
  const [preview, setPreview] = useState<SegmentPreview | null>(null);
  const [counting, setCounting] = useState(false);
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    setCounting(true);
    const timer = setTimeout(async () => {
      try {
        const p = await previewSegmentAction(values);
        if (ticket === latest.current) setPreview(p);
      } finally {
        if (ticket === latest.current) setCounting(false);
      }
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [values]);

  const set = (key: keyof SegmentFormValues) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));
  const errors = { ...(preview && "fieldErrors" in preview ? preview.fieldErrors : {}), ...state.fieldErrors };
  delete (errors as Record<string, string>).name;
  const nameError = state.fieldErrors?.name;

  return (
    <form action={action} className="grid gap-6 lg:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)]" noValidate data-testid="segment-form">
      {id ? <input type="hidden" name="id" value={id} /> : null}
      <div className="space-y-5">
        {state.message ? <Alert tone="error">{message(state.message)}</Alert> : null}
        <Field id="seg-name" label={t("name")} error={message(nameError)}>
          {(control) => <Input {...control} name="name" maxLength={60} value={values.name} onChange={set("name")} data-testid="segment-name" />}
        </Field>
        <datalist id="seg-tag-list">
          {tags.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
        <Field id="seg-tags-any" label={t("tagsAny")} hint={t("tagsHint")} error={message(errors.tagsAny)}>
          {(control) => <Input {...control} name="tagsAny" list="seg-tag-list" value={values.tagsAny} onChange={set("tagsAny")} data-testid="segment-tags-any" />}
        </Field>
        <Field id="seg-tags-all" label={t("tagsAll")} error={message(errors.tagsAll)}>
          {(control) => <Input {...control} name="tagsAll" list="seg-tag-list" value={values.tagsAll} onChange={set("tagsAll")} data-testid="segment-tags-all" />}
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-zinc-800">{t("who")}</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {(["any", "new", "returning"] as const).map((w) => (
              <label key={w} className="flex min-h-8 items-center gap-2 text-sm text-zinc-800">
                <input type="radio" name="who" value={w} checked={values.who === w} onChange={set("who")} className="size-4 accent-rose-600" data-testid={`segment-who-${w}`} />
                {t(`whoOptions.${w}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="seg-dormant" label={t("dormantDays")} hint={t("dormantHint")} error={message(errors.dormantDays)}>
            {(control) => <Input {...control} name="dormantDays" inputMode="numeric" value={values.dormantDays} onChange={set("dormantDays")} data-testid="segment-dormant" />}
          </Field>
          <Field id="seg-within" label={t("withinDays")} hint={t("withinHint")} error={message(errors.withinDays)}>
            {(control) => <Input {...control} name="withinDays" inputMode="numeric" value={values.withinDays} onChange={set("withinDays")} data-testid="segment-within" />}
          </Field>
          <Field id="seg-spend" label={t("minOrderTotal")} error={message(errors.minOrderTotal)}>
            {(control) => <Input {...control} name="minOrderTotal" inputMode="decimal" value={values.minOrderTotal} onChange={set("minOrderTotal")} data-testid="segment-spend" />}
          </Field>
          <Field id="seg-redemptions" label={t("minRedemptions")} error={message(errors.minRedemptions)}>
            {(control) => <Input {...control} name="minRedemptions" inputMode="numeric" value={values.minRedemptions} onChange={set("minRedemptions")} data-testid="segment-redemptions" />}
          </Field>
        </div>
        <SubmitButton pending={pending} pendingLabel={t("saving")} data-testid="segment-save">
          {t("save")}
        </SubmitButton>
      </div>
      <aside className="h-fit rounded-xl border border-zinc-200 bg-zinc-50 p-5" aria-live="polite">
        <p className="text-sm font-medium text-zinc-600">{t("sizeTitle")}</p>
        {preview && "size" in preview ? (
          <>
            <p className="mt-1 flex items-center gap-2 text-3xl font-bold text-zinc-900 tabular-nums" data-testid="segment-preview-size">
              {formatCount(preview.size)}
              {counting ? <Spinner className="size-4 text-zinc-400" /> : null}
            </p>
            <p className="mt-1 text-sm text-zinc-600" data-testid="segment-preview-textable">
              {t("textable", { count: formatCount(preview.textable) })}
            </p>
            {preview.contradiction ? <p className="mt-3 text-sm text-amber-800">{t("contradiction")}</p> : null}
          </>
        ) : (
          <p className="mt-1 text-sm text-zinc-500">{counting ? t("counting") : t("fixToCount")}</p>
        )}
        <p className="mt-4 text-xs text-zinc-500">{t("sizeNote")}</p>
      </aside>
    </form>
  );
}

"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { createInfluencerAction, updateInfluencerAction } from "@/lib/influencers/actions";
import { INFLUENCER_PLATFORMS } from "@/lib/influencers/schemas";
import type { ActionState } from "@/lib/action-state";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input, Select, controlClasses } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { cn } from "@/components/ui/cn";
import { useMessage } from "@/components/forms/use-message";

export type InfluencerFormValues = {
  id?: string;
  displayName: string;
  platform: string;
  handle: string;
  notes: string;
  userId: string | null;
};

export type InfluencerAccount = { id: string; name: string; email: string; linkedCount: number };

/**
 * Add or edit an influencer. Field errors come back from the action as message keys and sit under their
 * field; `readOnly` (a reviewer, or an archived influencer) shows the same fields disabled, without a submit.
 */
export function InfluencerForm({
  influencer,
  accounts,
  readOnly = false,
  notice,
}: {
  influencer?: InfluencerFormValues;
  accounts: InfluencerAccount[];
  readOnly?: boolean;
  /** A success message key to show until the form is next submitted (e.g. after creating). */
  notice?: string;
}) {
  const t = useTranslations("influencers.form");
  const tPlatform = useTranslations("platform");
  const message = useMessage();
  const editing = Boolean(influencer?.id);
  const [state, action, pending] = useActionState<ActionState, FormData>(editing ? updateInfluencerAction : createInfluencerAction, {});
  const errors = state.fieldErrors ?? {};
  // After a failed submit the typed values come back; otherwise the saved ones (React resets the form after an action).
  const value = (key: keyof Omit<InfluencerFormValues, "id">): string => state.values?.[key] ?? influencer?.[key] ?? "";

  return (
    <form action={action} noValidate className="space-y-5" data-testid="influencer-form">
      {state.message || notice ? (
        <Alert tone={state.message && !state.ok ? "error" : "success"} testId="influencer-form-message">
          {message(state.message ?? notice)}
          {state.link ? (
            <>
              {" "}
              <Link href={state.link} className="font-medium underline" data-testid="influencer-existing-link">
                {t("openExisting")}
              </Link>
            </>
          ) : null}
        </Alert>
      ) : null}
      {influencer?.id ? <input type="hidden" name="id" value={influencer.id} /> : null}
      <fieldset disabled={readOnly || pending} className="space-y-5">
        <div className="grid gap-5 sm:grid-cols-2">
          <Field id="influencer-displayName" label={t("displayName")} hint={t("displayNameHint")} error={message(errors.displayName)}>
            {(control) => <Input {...control} name="displayName" required maxLength={80} autoComplete="off" defaultValue={value("displayName")} />}
          </Field>
          <Field id="influencer-platform" label={t("platform")} error={message(errors.platform)}>
            {(control) => (
              <Select {...control} name="platform" required defaultValue={value("platform") || "douyin"}>
                {INFLUENCER_PLATFORMS.map((p) => (
                  <option key={p} value={p}>
                    {tPlatform(p)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <Field id="influencer-handle" label={t("handle")} hint={t("handleHint")} error={message(errors.handle)}>
          {(control) => (
            <Input
              {...control}
              name="handle"
              maxLength={100}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              className="font-mono"
              defaultValue={value("handle")}
            />
          )}
        </Field>
        <Field id="influencer-userId" label={t("user")} hint={readOnly ? undefined : accounts.length ? t("userHint") : t("noAccounts")} error={message(errors.userId)}>
          {(control) => (
            <Select {...control} name="userId" defaultValue={value("userId")}>
              <option value="">{t("userNone")}</option>
              {accounts.map((a) => {
                // Another influencer row linked to this account (one creator on several platforms is fine).
                const others = a.linkedCount - (a.id === influencer?.userId ? 1 : 0);
                return (
                  <option key={a.id} value={a.id}>
                    {others > 0 ? t("userOptionLinked", { name: a.name, email: a.email, count: others }) : t("userOption", { name: a.name, email: a.email })}
                  </option>
                );
              })}
            </Select>
          )}
        </Field>
        <Field id="influencer-notes" label={t("notes")} hint={t("notesHint")} error={message(errors.notes)}>
          {(control) => (
            <textarea {...control} name="notes" rows={4} maxLength={2000} defaultValue={value("notes")} className={cn(controlClasses, "min-h-24 py-2")} />
          )}
        </Field>
      </fieldset>
      {readOnly ? null : (
        <div className="flex justify-end border-t border-zinc-100 pt-5">
          <SubmitButton pending={pending} pendingLabel={editing ? t("saving") : t("creating")} data-testid="influencer-submit" className="w-full sm:w-auto">
            {editing ? t("save") : t("create")}
          </SubmitButton>
        </div>
      )}
    </form>
  );
}

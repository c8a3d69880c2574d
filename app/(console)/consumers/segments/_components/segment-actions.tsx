"use client";

import { useActionState, useRef } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import { createSendAction, deleteSegmentAction } from "@/lib/segments/actions";
import { formatCount } from "@/lib/format";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

/** 定向发放: one code of the chosen group to every member, texted or not; the counts are said first. */
export function SendForm({
  segmentId,
  groups,
  size,
  textable,
  needsApproval,
  threshold,
}: {
  segmentId: string;
  groups: { id: string; label: string }[];
  size: number;
  textable: number;
  needsApproval: boolean;
  threshold: number;
}) {
  const t = useTranslations("segments.send");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(createSendAction, {});
  if (groups.length === 0) return <p className="text-sm text-zinc-600">{t("noGroups")}</p>;
  return (
    <form action={action} className="space-y-4" noValidate data-testid="send-form">
      <input type="hidden" name="segmentId" value={segmentId} />
      {state.ok && state.message ? <Alert tone="success" testId="send-started">{message(state.message)}</Alert> : null}
      {state.message && !state.ok ? <Alert tone="error">{message(state.message)}</Alert> : null}
      <Field id="send-group" label={t("group")} hint={t("groupHint")} error={message(state.fieldErrors?.groupId)}>
        {(control) => (
          <Select {...control} name="groupId" defaultValue={state.values?.groupId ?? ""} data-testid="send-group">
            <option value="">{t("chooseGroup")}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <label className="flex items-center gap-2 text-sm text-zinc-800">
        <input type="checkbox" name="sms" defaultChecked className="size-4 accent-rose-600" data-testid="send-sms" />
        {t("sms")}
      </label>
      <ul className="space-y-1 text-sm text-zinc-700" data-testid="send-counts">
        <li>{t("members", { count: formatCount(size) })}</li>
        <li>{t("texts", { count: formatCount(textable) })}</li>
        <li className="text-zinc-500">{t("rules")}</li>
        {needsApproval ? <li className="font-medium text-amber-800">{t("needsApproval", { threshold: formatCount(threshold) })}</li> : null}
      </ul>
      <SubmitButton pending={pending} pendingLabel={t("starting")} disabled={size === 0} data-testid="send-submit">
        {needsApproval ? t("askApproval") : t("start")}
      </SubmitButton>
    </form>
  );
}

export function DeleteSegment({ id }: { id: string }) {
  const t = useTranslations("segments");
  const tCommon = useTranslations("common");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(deleteSegmentAction, {});
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <Button variant="danger" size="sm" onClick={() => dialog.current?.showModal()} data-testid="segment-delete">
        {t("delete")}
      </Button>
      <dialog ref={dialog} aria-label={t("delete")} className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-zinc-200 p-0 text-left shadow-xl backdrop:bg-zinc-900/40">
        <form action={action} className="space-y-4 p-6">
          <input type="hidden" name="id" value={id} />
          <h2 className="text-base font-semibold text-zinc-900">{t("delete")}</h2>
          <p className="text-sm text-zinc-600">{t("deleteConfirm")}</p>
          {state.message ? <p className="text-sm text-red-600" role="alert">{message(state.message)}</p> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <SubmitButton variant="destructive" pending={pending} pendingLabel={t("deleting")}>
              {t("delete")}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}

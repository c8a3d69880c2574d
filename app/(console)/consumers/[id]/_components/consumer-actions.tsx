"use client";

import { useActionState, useRef } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import { addTagAction, eraseConsumerAction, removeTagAction, setOptOutAction } from "@/lib/consumers/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

function RemoveTag({ consumerId, tag }: { consumerId: string; tag: string }) {
  const t = useTranslations("consumers.detail");
  const [, action, pending] = useActionState<ActionState, FormData>(removeTagAction, {});
  return (
    <form action={action} className="inline">
      <input type="hidden" name="consumerId" value={consumerId} />
      <input type="hidden" name="tag" value={tag} />
      <button type="submit" disabled={pending} aria-label={t("removeTag", { tag })} className="ml-1 text-violet-500 hover:text-violet-900" data-testid="tag-remove">
        ×
      </button>
    </form>
  );
}

/** The consumer's tags, each removable, and a field to add one. */
export function TagEditor({ consumerId, tags, canWrite }: { consumerId: string; tags: string[]; canWrite: boolean }) {
  const t = useTranslations("consumers.detail");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(addTagAction, {});
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-2" data-testid="consumer-tags">
        {tags.length === 0 ? <span className="text-sm text-zinc-500">{t("noTags")}</span> : null}
        {tags.map((tag) => (
          <Badge key={tag} tone="violet">
            <span data-testid="consumer-tag">{tag}</span>
            {canWrite ? <RemoveTag consumerId={consumerId} tag={tag} /> : null}
          </Badge>
        ))}
      </div>
      {canWrite ? (
        <form action={action} className="flex items-start gap-2" key={state.ok ? `ok-${tags.length}` : "form"}>
          <input type="hidden" name="consumerId" value={consumerId} />
          <div className="min-w-0 flex-1">
            <Field id="tag-new" label={t("addTag")} error={message(state.fieldErrors?.tag)}>
              {(control) => <Input {...control} name="tag" maxLength={40} defaultValue={state.values?.tag ?? ""} data-testid="tag-input" />}
            </Field>
          </div>
          <SubmitButton pending={pending} pendingLabel={t("adding")} className="mt-7" data-testid="tag-add">
            {t("add")}
          </SubmitButton>
        </form>
      ) : null}
      {state.message ? <p className="text-sm text-red-600" role="alert">{message(state.message)}</p> : null}
    </div>
  );
}

/** Records (or lifts) the consumer's wish not to get marketing texts. */
export function OptOutToggle({ consumerId, optedOut }: { consumerId: string; optedOut: boolean }) {
  const t = useTranslations("consumers.detail");
  const [, action, pending] = useActionState<ActionState, FormData>(setOptOutAction, {});
  return (
    <form action={action} className="mt-4">
      <input type="hidden" name="consumerId" value={consumerId} />
      <input type="hidden" name="optedOut" value={optedOut ? "0" : "1"} />
      <Button type="submit" variant="secondary" size="sm" disabled={pending} data-testid="opt-out-toggle">
        {optedOut ? t("optIn") : t("optOut")}
      </Button>
      <p className="mt-1 text-xs text-zinc-500">{t("optOutNote")}</p>
    </form>
  );
}

/** Erasure, after typing ERASE: the phone is removed everywhere; the figures stay. */
export function EraseConsumer({ consumerId }: { consumerId: string }) {
  const t = useTranslations("consumers.privacy");
  const tCommon = useTranslations("common");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(eraseConsumerAction, {});
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <Button variant="danger" size="sm" onClick={() => dialog.current?.showModal()} data-testid="consumer-erase">
        {t("erase")}
      </Button>
      <dialog ref={dialog} aria-label={t("erase")} className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-zinc-200 p-0 text-left shadow-xl backdrop:bg-zinc-900/40">
        <form action={action} className="space-y-4 p-6">
          <input type="hidden" name="consumerId" value={consumerId} />
          <h2 className="text-base font-semibold text-zinc-900">{t("erase")}</h2>
          <p className="text-sm text-zinc-600">{t("eraseConfirm")}</p>
          <Field id="erase-confirm" label={t("typeErase")} error={message(state.fieldErrors?.confirm)}>
            {(control) => <Input {...control} name="confirm" autoComplete="off" data-testid="erase-confirm-input" />}
          </Field>
          {state.message ? <p className="text-sm text-red-600" role="alert">{message(state.message)}</p> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <SubmitButton variant="destructive" pending={pending} pendingLabel={t("erasing")} data-testid="erase-confirm">
              {t("erase")}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}

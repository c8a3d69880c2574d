"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import { freezeGroupAction, unfreezeGroupAction } from "@/lib/codes/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

/** Freeze (with a reason, in a dialog) or unfreeze a group; both are audited by the domain. */
export function FreezeControls({ groupId, status }: { groupId: string; status: "generating" | "active" | "frozen" }) {
  return status === "frozen" ? <UnfreezeButton groupId={groupId} /> : status === "active" ? <FreezeButton groupId={groupId} /> : null;
}

function FreezeButton({ groupId }: { groupId: string }) {
  const t = useTranslations("groups.detail.freeze");
  const tCommon = useTranslations("common");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(freezeGroupAction, {});
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (state.ok) dialog.current?.close();
  }, [state]);
  return (
    <>
      <Button variant="danger" onClick={() => dialog.current?.showModal()} data-testid="group-freeze">
        {t("button")}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="freeze-title"
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-zinc-200 p-0 text-left shadow-xl backdrop:bg-zinc-900/40"
      >
        <form action={action} className="p-6">
          <input type="hidden" name="groupId" value={groupId} />
          <h2 id="freeze-title" className="text-base font-semibold text-zinc-900">
            {t("title")}
          </h2>
          <p className="mt-2 text-sm text-zinc-600">{t("description")}</p>
          <div className="mt-4">
            <Field id="freeze-reason" label={t("reason")} error={message(state.fieldErrors?.reason)}>
              {(control) => <Input {...control} name="reason" required maxLength={200} placeholder={t("reasonPlaceholder")} data-testid="freeze-reason" />}
            </Field>
          </div>
          {state.message && !state.ok ? (
            <p className="mt-3 text-sm text-red-600" role="alert">
              {message(state.message)}
            </p>
          ) : null}
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <SubmitButton variant="destructive" pending={pending} pendingLabel={t("pending")} data-testid="freeze-confirm">
              {t("confirm")}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}

function UnfreezeButton({ groupId }: { groupId: string }) {
  const t = useTranslations("groups.detail.unfreeze");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(unfreezeGroupAction, {});
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="groupId" value={groupId} />
      {state.message && !state.ok ? (
        <span className="text-sm text-red-600" role="alert">
          {message(state.message)}
        </span>
      ) : null}
      <SubmitButton variant="secondary" pending={pending} pendingLabel={t("pending")} data-testid="group-unfreeze">
        {t("button")}
      </SubmitButton>
    </form>
  );
}

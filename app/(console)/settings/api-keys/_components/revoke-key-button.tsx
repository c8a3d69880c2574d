"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { revokeApiKeyAction } from "@/lib/api/key-actions";
import type { ActionState } from "@/lib/action-state";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

/** Revoke, after a confirmation dialog that says what will happen. */
export function RevokeKeyButton({ id, name }: { id: string; name: string }) {
  const t = useTranslations("apiKeys.revoke");
  const tCommon = useTranslations("common");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(revokeApiKeyAction, {});
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (state.ok) dialog.current?.close();
  }, [state]);

  return (
    <>
      <Button variant="danger" size="sm" onClick={() => dialog.current?.showModal()} data-testid="api-key-revoke">
        {t("button")}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`revoke-${id}-title`}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-zinc-200 p-0 text-left shadow-xl backdrop:bg-zinc-900/40"
      >
        <form action={action} className="p-6">
          <input type="hidden" name="id" value={id} />
          <h2 id={`revoke-${id}-title`} className="text-base font-semibold text-zinc-900">
            {t("confirmButton")}
          </h2>
          <p className="mt-2 text-sm whitespace-normal text-zinc-600">{t("confirm", { name })}</p>
          {state.message && !state.ok ? (
            <p className="mt-3 text-sm text-red-600" role="alert">
              {message(state.message)}
            </p>
          ) : null}
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <SubmitButton variant="destructive" pending={pending} pendingLabel={t("pending")} data-testid="api-key-revoke-confirm">
              {t("confirmButton")}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}

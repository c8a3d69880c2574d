"use client";

import { useActionState, useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import { deleteWebhookAction, rotateWebhookSecretAction, sendTestWebhookAction, setWebhookActiveAction } from "@/lib/webhooks/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";
import { SecretNotice } from "./secret-notice";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/** Send a test event, disable/enable, rotate the secret (shown once) and delete, each saying how it went. */
export function EndpointActions({ id, url, active }: { id: string; url: string; active: boolean }) {
  const t = useTranslations("webhooks");
  const message = useMessage();
  const [testState, testAction, testPending] = useActionState<ActionState, FormData>(sendTestWebhookAction, {});
  const [toggleState, toggleAction, togglePending] = useActionState<ActionState, FormData>(setWebhookActiveAction, {});
  const [rotateState, setRotateState] = useState<ActionState>({});
  const [dismissed, setDismissed] = useState<string | null>(null);
  // The latest answer of any of them is the one shown.
  const [latest, setLatest] = useState<"test" | "toggle" | "rotate" | null>(null);
  useEffect(() => setLatest("test"), [testState]);
  useEffect(() => setLatest("toggle"), [toggleState]);
  useEffect(() => setLatest("rotate"), [rotateState]);
  const shown = latest === "test" ? testState : latest === "toggle" ? toggleState : latest === "rotate" ? rotateState : {};
  const secret = rotateState.secret && rotateState.secret !== dismissed ? rotateState.secret : null;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <form action={testAction}>
          <input type="hidden" name="id" value={id} />
          <SubmitButton size="sm" pending={testPending} pendingLabel={t("test.pending")} disabled={!active} data-testid="webhook-send-test">
            {t("test.button")}
          </SubmitButton>
        </form>
        <form action={toggleAction}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="active" value={active ? "false" : "true"} />
          <SubmitButton size="sm" variant="secondary" pending={togglePending} pendingLabel={t("toggle.pending")} data-testid="webhook-toggle">
            {active ? t("toggle.disable") : t("toggle.enable")}
          </SubmitButton>
        </form>
        <ConfirmButton
          id={`rotate-${id}`}
          action={rotateWebhookSecretAction}
          onDone={setRotateState}
          hiddenId={id}
          label={t("rotate.button")}
          title={t("rotate.confirmTitle")}
          body={t("rotate.confirm")}
          confirmLabel={t("rotate.confirmButton")}
          pendingLabel={t("rotate.pending")}
          variant="secondary"
          testId="webhook-rotate"
        />
        <ConfirmButton
          id={`delete-${id}`}
          action={deleteWebhookAction}
          hiddenId={id}
          label={t("delete.button")}
          title={t("delete.confirmTitle")}
          body={t("delete.confirm", { url })}
          confirmLabel={t("delete.confirmButton")}
          pendingLabel={t("delete.pending")}
          variant="danger"
          testId="webhook-delete"
        />
      </div>
      {secret ? <SecretNotice secret={secret} onDone={() => setDismissed(secret)} /> : null}
      {shown.message ? (
        <Alert tone={shown.ok ? "success" : "error"} testId="webhook-action-message">
          {message(shown.message)}
        </Alert>
      ) : null}
    </div>
  );
}

/** A button that opens a dialog saying what will happen; the dialog's form runs the action. */
function ConfirmButton({
  id,
  action,
  onDone,
  hiddenId,
  label,
  title,
  body,
  confirmLabel,
  pendingLabel,
  variant,
  testId,
}: {
  id: string;
  action: Action;
  onDone?: (state: ActionState) => void;
  hiddenId: string;
  label: string;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  variant: "secondary" | "danger";
  testId: string;
}) {
  const tCommon = useTranslations("common");
  const message = useMessage();
  const [state, run, pending] = useActionState<ActionState, FormData>(action, {});
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (state.ok) dialog.current?.close();
    if (state.ok || state.message) onDone?.(state);
  }, [state, onDone]);

  return (
    <>
      <Button variant={variant} size="sm" onClick={() => dialog.current?.showModal()} data-testid={testId}>
        {label}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-zinc-200 p-0 text-left shadow-xl backdrop:bg-zinc-900/40"
      >
        <form action={run} className="p-6">
          <input type="hidden" name="id" value={hiddenId} />
          <h2 id={`${id}-title`} className="text-base font-semibold text-zinc-900">
            {title}
          </h2>
          <p className="mt-2 text-sm break-words whitespace-normal text-zinc-600">{body}</p>
          {state.message && !state.ok ? (
            <p className="mt-3 text-sm text-red-600" role="alert">
              {message(state.message)}
            </p>
          ) : null}
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <SubmitButton variant="destructive" pending={pending} pendingLabel={pendingLabel} data-testid={`${testId}-confirm`}>
              {confirmLabel}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}

"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * Archive (after a confirmation that says what happens) or, for an archived row, restore at once.
 * `namespace` holds the archive.* and restore.* texts; `kind` prefixes the test ids.
 */
export function ArchiveButton({
  id,
  name,
  archived,
  archiveAction,
  restoreAction,
  namespace,
  kind,
}: {
  id: string;
  name: string;
  archived: boolean;
  archiveAction: Action;
  restoreAction: Action;
  namespace: "influencers" | "stores";
  kind: string;
}) {
  const t = useTranslations(namespace);
  const tCommon = useTranslations("common");
  const message = useMessage();
  const [archiveState, archive, archiving] = useActionState<ActionState, FormData>(archiveAction, {});
  const [restoreState, restore, restoring] = useActionState<ActionState, FormData>(restoreAction, {});
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (archiveState.ok) dialog.current?.close();
  }, [archiveState]);

  if (archived) {
    return (
      <form action={restore} className="flex items-center gap-3">
        <input type="hidden" name="id" value={id} />
        {restoreState.message && !restoreState.ok ? (
          <span role="alert" className="text-sm text-red-600">
            {message(restoreState.message)}
          </span>
        ) : null}
        <SubmitButton variant="secondary" pending={restoring} pendingLabel={t("restore.pending")} data-testid={`${kind}-restore`}>
          {t("restore.button")}
        </SubmitButton>
      </form>
    );
  }

  return (
    <>
      <Button variant="danger" onClick={() => dialog.current?.showModal()} data-testid={`${kind}-archive`}>
        {t("archive.button")}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`archive-${id}-title`}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-zinc-200 p-0 text-left shadow-xl backdrop:bg-zinc-900/40"
      >
        <form action={archive} className="p-6">
          <input type="hidden" name="id" value={id} />
          <h2 id={`archive-${id}-title`} className="text-base font-semibold text-zinc-900">
            {t("archive.title")}
          </h2>
          <p className="mt-2 text-sm whitespace-normal text-zinc-600">{t("archive.confirm", { name })}</p>
          {archiveState.message && !archiveState.ok ? (
            <p className="mt-3 text-sm text-red-600" role="alert">
              {message(archiveState.message)}
            </p>
          ) : null}
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()} disabled={archiving}>
              {tCommon("cancel")}
            </Button>
            <SubmitButton variant="destructive" pending={archiving} pendingLabel={t("archive.pending")} data-testid={`${kind}-archive-confirm`}>
              {t("archive.confirmButton")}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}

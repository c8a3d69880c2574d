"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { reverseRedemptionAction, type ReverseState } from "../actions";

/**
 * "Reverse" on a row of today's list: a dialog asks why (kept in the audit log), then undoes it. With
 * `wholeOrder` (the number of codes), it reverses every code of the row's order together.
 */
export function ReverseButton({ id, code, amount, wholeOrder }: { id: string; code: string; amount: string; wholeOrder?: number }) {
  const t = useTranslations("redeem.reverse");
  const tCommon = useTranslations("common");
  const [state, action, pending] = useActionState<ReverseState, FormData>(reverseRedemptionAction, {});
  const dialog = useRef<HTMLDialogElement>(null);
  const reason = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (state.ok) dialog.current?.close();
  }, [state]);

  const key = wholeOrder ? `order-${id}` : id;
  const titleId = `reverse-${key}-title`;
  return (
    <>
      <Button
        variant="danger"
        className="h-11 px-4"
        onClick={() => {
          dialog.current?.showModal();
          reason.current?.focus();
        }}
        data-testid={wholeOrder ? "reverse-order-open" : "reverse-open"}
      >
        {wholeOrder ? t("wholeOrder") : t("button")}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-zinc-200 p-0 text-left shadow-xl backdrop:bg-zinc-900/40"
        data-testid="reverse-dialog"
      >
        <form action={action} className="space-y-4 p-5" noValidate>
          <input type="hidden" name="redemptionId" value={id} />
          {wholeOrder ? <input type="hidden" name="wholeOrder" value="1" /> : null}
          <div>
            <h2 id={titleId} className="text-lg font-semibold text-zinc-900">
              {wholeOrder ? t("wholeTitle") : t("title")}
            </h2>
            <p className="mt-1 text-sm text-zinc-600">{wholeOrder ? t("wholeDescription", { count: wholeOrder }) : t("description", { code, amount })}</p>
          </div>
          <div className="space-y-1.5">
            <label htmlFor={`reverse-${key}-reason`} className="block text-sm font-medium text-zinc-800">
              {t("reason")}
            </label>
            <textarea
              ref={reason}
              id={`reverse-${key}-reason`}
              name="reason"
              rows={3}
              maxLength={500}
              required
              placeholder={t("reasonPlaceholder")}
              aria-invalid={state.fieldErrors?.reason ? true : undefined}
              aria-describedby={state.fieldErrors?.reason ? `reverse-${key}-error` : undefined}
              className="block w-full rounded-lg border border-zinc-300 px-3 py-2 text-base text-zinc-900 shadow-xs focus:border-rose-500 focus:outline-2 focus:outline-rose-500/20 aria-invalid:border-red-500"
              data-testid="reverse-reason"
            />
            {state.fieldErrors?.reason ? (
              <p id={`reverse-${key}-error`} className="text-sm text-red-600">
                {state.fieldErrors.reason}
              </p>
            ) : null}
          </div>
          {state.message && !state.ok ? (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="reverse-error">
              {state.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" className="h-11 px-4" onClick={() => dialog.current?.close()} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <SubmitButton variant="destructive" className="h-11 px-4" pending={pending} pendingLabel={t("pending")} data-testid="reverse-confirm">
              {t("confirm")}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}

"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { setClaimModeAction, transitionCampaignAction } from "@/lib/campaigns/actions";
import type { CampaignAction, ViewerAction } from "@/lib/campaigns/lifecycle";
import type { ActionState } from "@/lib/action-state";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { controlClasses } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

const VARIANT: Record<CampaignAction, "primary" | "secondary" | "danger"> = {
  submit: "primary",
  approve: "primary",
  reject: "danger",
  pause: "secondary",
  resume: "primary",
  end: "danger",
};

/**
 * Steps that ask first: they put an offer in front of consumers (approve), stop it for everyone
 * (pause, which also offers to stop new claims only), are hard to undo (end) or need a reason (reject).
 */
const CONFIRM: readonly CampaignAction[] = ["approve", "reject", "pause", "end"];

/**
 * The lifecycle buttons the viewer may use on one campaign (from `lifecycleActionsFor`). A blocked
 * review is shown disabled with the reason. Every step is re-checked on the server.
 */
export function LifecycleActions({
  campaignId,
  campaignName,
  actions,
  doneHref,
}: {
  campaignId: string;
  campaignName: string;
  actions: ViewerAction[];
  /** Where the server sends the viewer once a step succeeded (the review queue, whose card leaves it). */
  doneHref?: "/reviews";
}) {
  const t = useTranslations("campaign.actions");
  const message = useMessage();
  const [state, dispatch, pending] = useActionState<ActionState, FormData>(transitionCampaignAction, {});
  const blocked = actions.find((a) => a.blocked);

  if (actions.length === 0) return null;
  return (
    <div className="flex flex-col gap-2 sm:items-end">
      <div className="flex flex-wrap gap-2">
        {actions.map(({ action, blocked: why }) =>
          CONFIRM.includes(action) && !why ? (
            <ConfirmAction
              key={action}
              action={action}
              campaignId={campaignId}
              campaignName={campaignName}
              dispatch={dispatch}
              pending={pending}
              state={state}
              doneHref={doneHref}
            />
          ) : (
            <form key={action} action={dispatch}>
              <input type="hidden" name="id" value={campaignId} />
              <input type="hidden" name="action" value={action} />
              <SubmitButton
                variant={VARIANT[action]}
                size="sm"
                pending={pending}
                disabled={Boolean(why)}
                aria-describedby={why ? `${campaignId}-blocked` : undefined}
                data-testid={`campaign-${action}`}
              >
                {t(action)}
              </SubmitButton>
            </form>
          ),
        )}
      </div>
      {blocked ? (
        <p id={`${campaignId}-blocked`} className="max-w-sm text-sm text-amber-800" data-testid="campaign-review-blocked">
          {t("ownSubmission")}
        </p>
      ) : null}
      {state.message && !state.fieldErrors ? (
        <Alert tone={state.ok ? "success" : "error"} className="py-2" testId="campaign-action-result">
          {message(state.message)}
        </Alert>
      ) : null}
    </div>
  );
}

function ConfirmAction({
  action,
  campaignId,
  campaignName,
  dispatch,
  pending,
  state,
  doneHref,
}: {
  doneHref?: "/reviews";
  action: CampaignAction;
  campaignId: string;
  campaignName: string;
  dispatch: (formData: FormData) => void;
  pending: boolean;
  state: ActionState;
}) {
  const t = useTranslations("campaign.actions");
  const tCommon = useTranslations("common");
  const message = useMessage();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = `${campaignId}-${action}-title`;
  const commentError = action === "reject" ? message(state.fieldErrors?.comment) : undefined;

  useEffect(() => {
    if (state.ok || (state.message && !state.fieldErrors)) dialog.current?.close();
  }, [state]);

  return (
    <>
      <Button variant={VARIANT[action]} size="sm" onClick={() => dialog.current?.showModal()} data-testid={`campaign-${action}`} disabled={pending}>
        {t(action)}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-zinc-200 p-0 text-left shadow-xl backdrop:bg-zinc-900/40"
      >
        <form action={dispatch} className="p-6" noValidate>
          <input type="hidden" name="id" value={campaignId} />
          {doneHref ? <input type="hidden" name="returnTo" value={doneHref} /> : null}
          {action === "pause" ? null : <input type="hidden" name="action" value={action} />}
          <h2 id={titleId} className="text-base font-semibold text-zinc-900">
            {t(`confirm.${action}.title`)}
          </h2>
          <p className="mt-2 text-sm whitespace-normal text-zinc-600">{t(`confirm.${action}.body`, { name: campaignName })}</p>
          {action === "reject" ? (
            <div className="mt-4 space-y-1.5">
              <label htmlFor={`${campaignId}-comment`} className="block text-sm font-medium text-zinc-800">
                {t("comment")}
              </label>
              <textarea
                id={`${campaignId}-comment`}
                name="comment"
                rows={3}
                maxLength={1000}
                required
                defaultValue={state.values?.comment ?? ""}
                aria-invalid={commentError ? true : undefined}
                aria-describedby={commentError ? `${campaignId}-comment-error` : undefined}
                className={cn(controlClasses, "py-2")}
                data-testid="campaign-reject-comment"
              />
              {commentError ? (
                <p id={`${campaignId}-comment-error`} className="text-sm text-red-600">
                  {commentError}
                </p>
              ) : null}
            </div>
          ) : null}
          <div className="mt-6 flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            {action === "pause" ? (
              // Two ways to stop: new claims only (issued codes stay good), or everything.
              <SubmitButton variant="secondary" name="action" value="stopClaims" pending={pending} data-testid="campaign-stopClaims-confirm">
                {t("confirm.pause.stopClaims")}
              </SubmitButton>
            ) : null}
            <SubmitButton
              variant={action === "approve" ? "primary" : "destructive"}
              name={action === "pause" ? "action" : undefined}
              value={action === "pause" ? "pause" : undefined}
              pending={pending}
              data-testid={`campaign-${action}-confirm`}
            >
              {t(`confirm.${action}.button`)}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}

/**
 * 停止新领取 / 恢复领取 on a live campaign: new claims stop (or start again) while the codes already
 * issued stay redeemable. Separate from pause, which stops redemptions too; re-checked on the server.
 */
export function ClaimModeAction({ campaignId, claimMode }: { campaignId: string; claimMode: "open" | "closed_keep_issued" }) {
  const t = useTranslations("campaign.actions");
  const message = useMessage();
  const [state, dispatch, pending] = useActionState<ActionState, FormData>(setClaimModeAction, {});
  const closed = claimMode === "closed_keep_issued";
  return (
    <div className="flex flex-col gap-2 sm:items-end">
      <form action={dispatch}>
        <input type="hidden" name="id" value={campaignId} />
        <input type="hidden" name="claimMode" value={closed ? "open" : "closed_keep_issued"} />
        <SubmitButton variant={closed ? "primary" : "secondary"} size="sm" pending={pending} data-testid={closed ? "campaign-claims-reopen" : "campaign-claims-close"}>
          {closed ? t("reopenClaims") : t("closeClaims")}
        </SubmitButton>
      </form>
      {state.message ? (
        <Alert tone={state.ok ? "success" : "error"} className="py-2" testId="campaign-claim-mode-result">
          {message(state.message)}
        </Alert>
      ) : null}
    </div>
  );
}

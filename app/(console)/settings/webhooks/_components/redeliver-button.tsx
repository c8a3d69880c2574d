"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import { redeliverWebhookAction } from "@/lib/webhooks/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

/** Puts a failed or dead delivery back in the queue, due now. */
export function RedeliverButton({ endpointId, deliveryId }: { endpointId: string; deliveryId: number }) {
  const t = useTranslations("webhooks.deliveries");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(redeliverWebhookAction, {});
  return (
    <form action={action} className="inline-flex flex-col items-start gap-1">
      <input type="hidden" name="id" value={endpointId} />
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <SubmitButton size="sm" variant="secondary" pending={pending} pendingLabel={t("redelivering")} data-testid="webhook-redeliver">
        {t("redeliver")}
      </SubmitButton>
      {state.message && !state.ok ? (
        <span role="alert" className="max-w-48 text-xs whitespace-normal text-red-600">
          {message(state.message)}
        </span>
      ) : null}
    </form>
  );
}

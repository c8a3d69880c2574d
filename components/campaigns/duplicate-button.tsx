"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { useMessage } from "@/components/forms/use-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/action-state";
import { duplicateCampaignAction } from "@/lib/campaigns/actions";

/** "Copy as draft": a new draft with this campaign's settings; the action opens its edit form. */
export function DuplicateCampaignButton({ campaignId }: { campaignId: string }) {
  const t = useTranslations("campaigns.detail");
  const message = useMessage();
  const [state, action] = useActionState<ActionState, FormData>(duplicateCampaignAction, {});
  return (
    <form action={action} className="inline-flex items-center gap-2">
      <input type="hidden" name="id" value={campaignId} />
      <SubmitButton variant="secondary" size="sm" data-testid="campaign-duplicate" pendingLabel={t("duplicating")}>
        {t("duplicate")}
      </SubmitButton>
      {state.message ? (
        <span role="alert" className="text-sm text-rose-700">
          {message(state.message)}
        </span>
      ) : null}
    </form>
  );
}

"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import { clearFixedVariantAction, useVariantForEveryoneAction } from "@/lib/groups/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

/** 全部使用此方案: new claims of the group all get this variant (audited; earlier claims keep theirs). */
export function FixVariantButton({ groupId, variantId, label }: { groupId: string; variantId: string; label: string }) {
  const t = useTranslations("groups.ab");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(useVariantForEveryoneAction, {});
  return (
    <form action={action} className="inline-flex items-center gap-2">
      <input type="hidden" name="groupId" value={groupId} />
      <input type="hidden" name="variantId" value={variantId} />
      {state.message && !state.ok ? (
        <span className="text-sm text-red-600" role="alert">
          {message(state.message)}
        </span>
      ) : null}
      <SubmitButton variant="secondary" size="sm" pending={pending} aria-label={`${t("useForEveryone")}: ${label}`} data-testid="variant-fix">
        {t("useForEveryone")}
      </SubmitButton>
    </form>
  );
}

/** 恢复随机分配: undo the fixed variant. */
export function RestoreSplitButton({ groupId }: { groupId: string }) {
  const t = useTranslations("groups.ab");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(clearFixedVariantAction, {});
  return (
    <form action={action} className="inline-flex items-center gap-2">
      <input type="hidden" name="groupId" value={groupId} />
      {state.message && !state.ok ? (
        <span className="text-sm text-red-600" role="alert">
          {message(state.message)}
        </span>
      ) : null}
      <SubmitButton variant="secondary" size="sm" pending={pending} data-testid="variant-unfix">
        {t("restore")}
      </SubmitButton>
    </form>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";

/** A signing secret, shown once with a copy button until the owner says it is saved. */
export function SecretNotice({ secret, onDone }: { secret: string; onDone: () => void }) {
  const t = useTranslations("webhooks.secret");
  const tCommon = useTranslations("common");
  return (
    <div className="rounded-lg border border-amber-300 bg-amber-50 p-4" role="status" data-testid="webhook-secret">
      <p className="text-sm font-semibold text-amber-900">{t("title")}</p>
      <p className="mt-1 text-sm text-amber-900">{t("warning")}</p>
      <div className="mt-3">
        <CopyField value={secret} label={t("label")} copyLabel={tCommon("copy")} copiedLabel={tCommon("copied")} testId="webhook-secret-value" />
      </div>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onDone}>
        {t("done")}
      </Button>
    </div>
  );
}

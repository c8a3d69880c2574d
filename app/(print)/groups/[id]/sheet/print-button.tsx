"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

export function PrintButton() {
  const t = useTranslations("groups.sheet");
  return (
    <Button onClick={() => window.print()} data-testid="sheet-print">
      {t("print")}
    </Button>
  );
}

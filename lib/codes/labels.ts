import "server-only";
import { createTranslator } from "next-intl";
import { loadMessages } from "@/i18n/messages";
import type { Locale } from "@/i18n/config";
import { CODE_STATUSES_SHOWN, type CodeExportLabels } from "./export";

/** The code export's column names and status words in `locale`: the console's words, as on the codes table. */
export async function codeExportLabels(locale: Locale): Promise<CodeExportLabels> {
  const messages = await loadMessages(locale);
  // Messages are loaded untyped here, so the translator is used with plain string keys.
  const t = createTranslator({ locale, messages }) as unknown as (key: string) => string;
  const column = (k: string) => t(`groups.codes.columns.${k}`);
  return {
    headers: [column("code"), column("status"), column("claimedAt"), column("redeemedAt"), column("expiresAt")],
    statuses: Object.fromEntries(CODE_STATUSES_SHOWN.map((s) => [s, t(`groups.codeStatus.${s}`)])),
  };
}

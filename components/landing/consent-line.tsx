import { getTranslations } from "next-intl/server";

/**
 * The consent line under a phone field (PIPL): what the number is used for, by whom, and a link to the
 * brand's privacy notice when the owner has set one (Settings → Consumers and texts).
 */
export async function ConsentLine({ brand, privacyUrl }: { brand: string; privacyUrl: string | null }) {
  const t = await getTranslations("landing.consent");
  return (
    <p className="text-xs text-zinc-600" data-testid="consent-line">
      {t("text", { brand })}
      {privacyUrl ? (
        <>
          {" "}
          <a href={privacyUrl} target="_blank" rel="noopener noreferrer" className="font-medium text-zinc-800 underline" data-testid="privacy-link">
            {t("link")}
          </a>
        </>
      ) : null}
    </p>
  );
}

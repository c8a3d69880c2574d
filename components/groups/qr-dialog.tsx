"use client";

import { useRef } from "react";
import { useTranslations } from "next-intl";
import { Button, buttonClasses } from "@/components/ui/button";

/**
 * A "QR" button that opens the group's claim-link QR with its downloads: SVG and PNG, each for screen
 * or print, and the printable sheet. The image is loaded only when the dialog opens. `qrPath` and
 * `sheetHref` point it at another route (the influencer's /links/<id>/qr); a null sheet hides that link.
 */
export function QrDialog({
  groupId,
  slug,
  name,
  claimUrl,
  qrPath,
  sheetHref,
}: {
  groupId: string;
  slug: string;
  name: string;
  claimUrl: string;
  qrPath?: string;
  sheetHref?: string | null;
}) {
  const t = useTranslations("groups.qr");
  const tCommon = useTranslations("common");
  const dialog = useRef<HTMLDialogElement>(null);
  const base = qrPath ?? `/groups/${groupId}/qr`;
  const sheet = sheetHref === undefined ? `/groups/${groupId}/sheet` : sheetHref;
  const titleId = `qr-${groupId}-title`;
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => dialog.current?.showModal()} data-testid={`qr-open-${slug}`}>
        <QrIcon />
        {t("button")}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-zinc-200 p-0 text-left shadow-xl backdrop:bg-zinc-900/40"
        onClick={(e) => {
          // A click on the backdrop (the dialog element itself) closes it.
          if (e.target === e.currentTarget) dialog.current?.close();
        }}
      >
        <div className="p-6">
          <h2 id={titleId} className="text-base font-semibold text-zinc-900">
            {t("title", { group: name })}
          </h2>
          <p className="mt-1 text-sm break-all text-zinc-500">{claimUrl}</p>
          <div className="mt-4 flex justify-center rounded-lg border border-zinc-200 bg-white p-3">
            <img src={`${base}?format=svg&size=screen`} alt={t("alt", { group: name })} width={240} height={240} loading="lazy" className="size-60" />
          </div>
          <div className="mt-4 grid grid-cols-[auto_1fr_1fr] items-center gap-x-3 gap-y-2 text-sm">
            <span className="text-zinc-600">{t("screen")}</span>
            <a className={buttonClasses({ variant: "secondary", size: "sm" })} href={`${base}?format=svg&size=screen&download=1`} download data-testid="qr-svg-screen">
              SVG
            </a>
            <a className={buttonClasses({ variant: "secondary", size: "sm" })} href={`${base}?format=png&size=screen&download=1`} download data-testid="qr-png-screen">
              PNG
            </a>
            <span className="text-zinc-600">{t("print")}</span>
            <a className={buttonClasses({ variant: "secondary", size: "sm" })} href={`${base}?format=svg&size=print&download=1`} download data-testid="qr-svg-print">
              SVG
            </a>
            <a className={buttonClasses({ variant: "secondary", size: "sm" })} href={`${base}?format=png&size=print&download=1`} download data-testid="qr-png-print">
              PNG
            </a>
          </div>
          <p className="mt-3 text-xs text-zinc-500">{t("hint")}</p>
          <div className="mt-6 flex flex-wrap justify-end gap-2">
            {sheet ? (
              <a className={buttonClasses({ variant: "secondary" })} href={sheet} target="_blank" rel="noreferrer">
                {t("sheet")}
              </a>
            ) : null}
            <Button onClick={() => dialog.current?.close()}>{tCommon("close")}</Button>
          </div>
        </div>
      </dialog>
    </>
  );
}

export function QrIcon({ className = "size-4" }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className={className}>
      <rect x="3" y="3" width="7" height="7" rx="1" />
      <rect x="14" y="3" width="7" height="7" rx="1" />
      <rect x="3" y="14" width="7" height="7" rx="1" />
      <path d="M14 14h3v3h-3zM20 14v.01M14 20h.01M17 20h4v-3" />
    </svg>
  );
}

"use client";

import { useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

type Problem = "denied" | "absent" | "insecure" | "failed";

/** Why the camera could not start, from getUserMedia's error (or its absence). */
function problemOf(e: unknown): Problem {
  const name = e instanceof Error || (typeof e === "object" && e !== null && "name" in e) ? String((e as { name: unknown }).name) : "";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError" || name === "NotReadableError") return "absent";
  return "failed";
}

/**
 * The phone's camera reading a QR. ZXing's browser reader (pure JavaScript, no WebAssembly to fetch,
 * so it works offline and under the site's CSP) is loaded only when the clerk opens the scanner.
 * The first code read is handed to `onDetected` and the camera is released; when the camera is
 * refused or missing, the clerk is told to type the code instead.
 */
export function CameraScanner({ onDetected, onClose }: { onDetected: (text: string) => void; onClose: () => void }) {
  const t = useTranslations("redeem.camera");
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<"starting" | "scanning" | Problem>("starting");
  const detected = useRef(onDetected);
  useEffect(() => {
    detected.current = onDetected;
  });

  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    (async () => {
      if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
        setState(window.isSecureContext ? "absent" : "insecure");
        return;
      }
      try {
        const { BrowserQRCodeReader } = await import("@zxing/browser");
        if (cancelled || !video.current) return;
        const reader = new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: 150 });
        const controls = await reader.decodeFromConstraints(
          { audio: false, video: { facingMode: { ideal: "environment" } } },
          video.current,
          (result, _error, c) => {
            if (!result || cancelled) return;
            cancelled = true;
            c.stop();
            detected.current(result.getText());
          },
        );
        stop = () => controls.stop();
        if (cancelled) stop();
        else setState("scanning");
      } catch (e) {
        if (!cancelled) setState(problemOf(e));
      }
    })();
    return () => {
      cancelled = true;
      stop?.();
    };
  }, []);

  const problem = state !== "starting" && state !== "scanning";
  return (
    <div className="rounded-xl border border-zinc-200 bg-zinc-950 p-3 text-white" data-testid="camera-scanner">
      {problem ? (
        <p role="alert" className="rounded-lg bg-amber-50 px-4 py-3 text-base text-amber-900" data-testid="camera-problem">
          {t(`problem.${state}`)}
        </p>
      ) : (
        <div className="relative mx-auto aspect-square w-full max-w-xs overflow-hidden rounded-lg bg-black">
          <video ref={video} className="size-full object-cover" muted playsInline aria-label={t("preview")} />
          <div aria-hidden="true" className="pointer-events-none absolute inset-[15%] rounded-xl border-4 border-white/80" />
          {state === "starting" ? (
            <p className="absolute inset-0 flex items-center justify-center gap-2 text-sm">
              <Spinner /> {t("starting")}
            </p>
          ) : null}
        </div>
      )}
      <div className="mt-3 flex items-center justify-between gap-3">
        <p className="text-sm text-zinc-300">{problem ? t("typeInstead") : t("hint")}</p>
        <Button variant="secondary" className="h-11 shrink-0 px-5" onClick={onClose} data-testid="camera-close">
          {t("close")}
        </Button>
      </div>
    </div>
  );
}

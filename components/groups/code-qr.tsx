import { qrSvg } from "@/lib/codes/qr";
import { cn } from "@/components/ui/cn";

/**
 * A code as a QR, inline (no extra request, works offline once the page is loaded): for the consumer's
 * "show this at the counter" screen and the clerk's screens. It encodes the normalised code itself,
 * which a USB scanner types straight into the redeem box. Server component.
 */
export async function CodeQr({ code, label, size = 224, className }: { code: string; label: string; size?: number; className?: string }) {
  const svg = await qrSvg(code, size);
  return (
    <div
      role="img"
      aria-label={label}
      className={cn("inline-block bg-white [&>svg]:h-full [&>svg]:w-full", className)}
      style={{ width: size, height: size }}
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}

import "server-only";
import { contentDisposition } from "@/lib/codes/export";
import { isQrSize, qrFilename, qrPng, qrSvg, QR_SIZES, type QrSize } from "@/lib/codes/qr";
import { publicBaseUrl } from "@/lib/http/base-url";

/**
 * A group's claim link as a QR image response: `?format=svg|png&size=screen|print`, `&download=1`
 * for a file. Shared by the console's group route and the influencer's links route, which differ
 * only in who may ask.
 */
export async function claimLinkQrResponse(url: URL, slug: string): Promise<Response> {
  const format = url.searchParams.get("format") === "png" ? "png" : "svg";
  const sizeParam = url.searchParams.get("size");
  const size: QrSize = isQrSize(sizeParam) ? sizeParam : "screen";
  const claimUrl = `${await publicBaseUrl()}/c/${slug}`;
  const filename = qrFilename(slug, size, format);
  const disposition = url.searchParams.get("download") === "1" ? contentDisposition(filename) : `inline; filename="${filename}"`;
  const headers = {
    "content-disposition": disposition,
    // Private: the image is behind a session; a slug never changes, so a short cache is safe.
    "cache-control": "private, max-age=300",
    "x-content-type-options": "nosniff",
  };
  if (format === "svg") {
    return new Response(await qrSvg(claimUrl, QR_SIZES[size]), { headers: { ...headers, "content-type": "image/svg+xml; charset=utf-8" } });
  }
  return new Response(new Uint8Array(await qrPng(claimUrl, QR_SIZES[size])), { headers: { ...headers, "content-type": "image/png" } });
}

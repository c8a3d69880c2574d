import { contentDisposition } from "@/lib/codes/export";
import { isQrSize, qrFilename, qrPng, qrSvg, QR_SIZES, type QrSize } from "@/lib/codes/qr";
import { groupRoute } from "@/lib/codes/route";
import { publicBaseUrl } from "@/lib/http/base-url";

// The group's claim link as a QR image: ?format=svg|png&size=screen|print, &download=1 for a file.
export const GET = groupRoute("group:read", async ({ url, row }) => {
  const format = url.searchParams.get("format") === "png" ? "png" : "svg";
  const sizeParam = url.searchParams.get("size");
  const size: QrSize = isQrSize(sizeParam) ? sizeParam : "screen";
  const claimUrl = `${await publicBaseUrl()}/c/${row.group.slug}`;
  const filename = qrFilename(row.group.slug, size, format);
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
});

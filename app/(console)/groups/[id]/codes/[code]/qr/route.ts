import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { codes } from "@/db/schema";
import { problem } from "@/lib/api/problem";
import { contentDisposition } from "@/lib/codes/export";
import { isQrSize, qrPng, qrSvg, QR_SIZES, type QrSize } from "@/lib/codes/qr";
import { groupRoute } from "@/lib/codes/route";
import { normalizeCode } from "@/lib/codes/rules";

// One code of the group as a QR (the normalised code itself, which a clerk's scanner types into /redeem).
export const GET = groupRoute("group:read", async ({ url, row, params }) => {
  const code = normalizeCode(params.code ?? "").slice(0, 64);
  const [found] = await db
    .select({ code: codes.code })
    .from(codes)
    .where(and(eq(codes.orgId, row.group.orgId), eq(codes.groupId, row.group.id), eq(codes.code, code)));
  if (!found) return problem(404, "not_found", "No such code in this group.");
  const format = url.searchParams.get("format") === "png" ? "png" : "svg";
  const sizeParam = url.searchParams.get("size");
  const size: QrSize = isQrSize(sizeParam) ? sizeParam : "screen";
  const filename = `code-${found.code}-${size}.${format}`;
  const headers = {
    "content-disposition": url.searchParams.get("download") === "1" ? contentDisposition(filename) : `inline; filename="${filename}"`,
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
  };
  if (format === "svg") {
    return new Response(await qrSvg(found.code, QR_SIZES[size]), { headers: { ...headers, "content-type": "image/svg+xml; charset=utf-8" } });
  }
  return new Response(new Uint8Array(await qrPng(found.code, QR_SIZES[size])), { headers: { ...headers, "content-type": "image/png" } });
});

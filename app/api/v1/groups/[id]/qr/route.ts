import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { claimUrl } from "@/lib/codes/dto";
import { publicOrigin } from "@/lib/http/base-url";
import { contentDisposition } from "@/lib/codes/export";
import { qrFilename, qrPng, qrSvg, QR_SIZES } from "@/lib/codes/qr";
import { getGroup } from "@/lib/codes/queries";
import { AppError } from "@/lib/errors";

const params = z.object({ id: z.uuid() });
const qrQuerySchema = z.object({
  format: z.enum(["svg", "png"]).default("svg"),
  size: z.enum(["screen", "print"]).default("screen"),
});

// The group's claim link as a QR image (SVG or PNG; screen 320 px or print 1200 px).
export const GET = apiRoute({ permission: "group:read", params, query: qrQuerySchema }, async ({ actor, params, query, req }) => {
  const row = await getGroup(actor.orgId, params.id);
  if (!row) throw new AppError("not_found", "No such code group.");
  const url = claimUrl(publicOrigin(req), row.group.slug);
  const headers = {
    "content-disposition": contentDisposition(qrFilename(row.group.slug, query.size, query.format)),
    "cache-control": "private, max-age=300",
  };
  if (query.format === "svg") {
    return new Response(await qrSvg(url, QR_SIZES[query.size]), { headers: { ...headers, "content-type": "image/svg+xml; charset=utf-8" } });
  }
  return new Response(new Uint8Array(await qrPng(url, QR_SIZES[query.size])), { headers: { ...headers, "content-type": "image/png" } });
});

import { cookies } from "next/headers";
import { LOCALE_COOKIE, localeOf } from "@/i18n/config";
import { db } from "@/db";
import { auditActor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import {
  codesCsvStream,
  codesXlsxStream,
  contentDisposition,
  EXPORT_CONTENT_TYPES,
  exportFilename,
  type ExportFormat,
} from "@/lib/codes/export";
import { codeExportLabels } from "@/lib/codes/labels";
import { iterateCodes } from "@/lib/codes/queries";
import { groupRoute } from "@/lib/codes/route";

// The whole group as CSV or XLSX, streamed batch by batch (a million codes never sit in memory).
// Handing out codes is sensitive: code:export only, and every export is audited before it starts.
export const GET = groupRoute("code:export", async ({ url, ctx, actor, row }) => {
  const format: ExportFormat = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const group = row.group;
  await writeAudit(db, {
    ...auditActor(actor),
    action: "codes.exported",
    entityType: "code_group",
    entityId: group.id,
    after: { format, quantity: group.quantity },
  });
  const batches = iterateCodes(ctx.orgId, group.id);
  // A person opens this file: the console's language and the organisation's clock, as reconciliation's.
  const labels = await codeExportLabels(localeOf((await cookies()).get(LOCALE_COOKIE)?.value));
  const body =
    format === "csv"
      ? codesCsvStream(batches, { labels, timeZone: ctx.org.timeZone })
      : codesXlsxStream(batches, { timeZone: ctx.org.timeZone, sheetName: group.name, labels });
  return new Response(body, {
    headers: {
      "content-type": EXPORT_CONTENT_TYPES[format],
      "content-disposition": contentDisposition(exportFilename(group.slug, format, new Date(), ctx.org.timeZone)),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});

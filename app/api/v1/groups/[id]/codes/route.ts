import { z } from "zod";
import { db } from "@/db";
import { apiRoute } from "@/lib/api/handler";
import { auditActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/log";
import { toCodeDto } from "@/lib/codes/dto";
import { codesCsvStream, contentDisposition, EXPORT_CONTENT_TYPES } from "@/lib/codes/export";
import { getGroup, iterateCodes, listCodes } from "@/lib/codes/queries";
import { codeListQuerySchema } from "@/lib/codes/schemas";
import { AppError } from "@/lib/errors";

const params = z.object({ id: z.uuid() });

// A page of the group's codes (keyset cursor); with `Accept: text/csv` every code, streamed.
// Listings by an API key and pages past the first are audited (codes.listed).
// The CSV hands out every code at once, so it needs code:export and is audited like the console export.
export const GET = apiRoute({ permission: "group:read", params, query: codeListQuerySchema }, async ({ actor, params, query, req }) => {
  const row = await getGroup(actor.orgId, params.id);
  if (!row) throw new AppError("not_found", "No such code group.");
  if (/\btext\/csv\b/i.test(req.headers.get("accept") ?? "")) {
    if (!can(actor.role, "code:export")) throw new AppError("forbidden", "Exporting codes needs the code:export permission.");
    await writeAudit(db, {
      ...auditActor(actor),
      action: "codes.exported",
      entityType: "code_group",
      entityId: row.group.id,
      after: { format: "csv", via: "api", quantity: row.group.quantity },
    });
    return new Response(codesCsvStream(iterateCodes(actor.orgId, row.group.id)), {
      headers: {
        "content-type": EXPORT_CONTENT_TYPES.csv,
        "content-disposition": contentDisposition(`codes-${row.group.slug}.csv`),
        "cache-control": "no-store",
      },
    });
  }
  const page = await listCodes(actor.orgId, params.id, query);
  // Paging through a group hands its codes out as surely as the CSV does: every listing by a key (a
  // script), and every page past the first for a person, leaves an audit row.
  if (actor.apiKeyId || query.cursor) {
    await writeAudit(db, {
      ...auditActor(actor),
      action: "codes.listed",
      entityType: "code_group",
      entityId: row.group.id,
      after: { via: "api", page: query.cursor ? "next" : "first", codes: page.items.length, status: query.status ?? null },
    });
  }
  return { items: page.items.map(toCodeDto), nextCursor: page.nextCursor };
});

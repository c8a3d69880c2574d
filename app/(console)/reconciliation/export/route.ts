import { cookies, headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { db } from "@/db";
import { auditActor } from "@/lib/auth/actor";
import { requireContext } from "@/lib/auth/session";
import { writeAudit } from "@/lib/audit/log";
import { contentDisposition } from "@/lib/codes/export";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { LOCALE_COOKIE, localeOf } from "@/i18n/config";
import {
  entryColumns,
  entryRows,
  STATEMENT_CONTENT_TYPES,
  statementFilename,
  summaryColumns,
  summaryRows,
  tableCsvStream,
  tableXlsxStream,
  type StatementFormat,
} from "@/lib/reconciliation/export";
import { exportLabels } from "@/lib/reconciliation/labels";
import { getStatement, iterateStatementEntries, scopeName } from "@/lib/reconciliation/queries";
import { statementKey } from "@/lib/reconciliation/rules";
import { readStatementParams } from "@/lib/reconciliation/schemas";
import { consoleFailure } from "@/lib/http/console-failure";

// A statement as CSV or XLSX: `?period&date&by` is the summary the page shows (a row per store or
// campaign and the total); with `&scope=` the lines of that scope (or `scope=org`: all lines).
// Figures come from the page's own query functions; every export is audited.
export async function GET(req: Request): Promise<Response> {
  try {
    const ctx = await requireContext("reconciliation:read");
    const url = new URL(req.url);
    const tz = ctx.org.timeZone;
    const { period, by, scope } = readStatementParams(url.searchParams, tz, new Date());
    const format: StatementFormat = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
    const wantsLines = url.searchParams.has("scope");
    if (wantsLines && !scope) throw new AppError("not_found", "No such store or campaign.");
    const labels = await exportLabels(localeOf((await cookies()).get(LOCALE_COOKIE)?.value));

    let columns;
    let rows;
    let suffix: string;
    if (wantsLines && scope) {
      const name = await scopeName(ctx.orgId, scope);
      if (name === null) throw new AppError("not_found", "No such store or campaign.");
      columns = entryColumns(labels.entries);
      rows = entryRows(iterateStatementEntries(ctx.orgId, { period, scope, timeZone: tz }), labels.entries);
      suffix = scope.type === "org" ? "lines" : `${name}-lines`;
    } else {
      const stmt = await getStatement(ctx.orgId, { period, by, timeZone: tz });
      const summary = labels.summary(by);
      columns = summaryColumns(summary);
      rows = summaryRows(stmt.rows, stmt.totals, summary.total);
      suffix = summary.scope;
    }
    const h = await headers();
    await writeAudit(db, {
      ...auditActor({ orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") }),
      action: "reconciliation.exported",
      entityType: "reconciliation_statement",
      entityId: statementKey(period, scope ?? { type: "org" }, ctx.orgId),
      after: { format, by: wantsLines ? null : by, lines: wantsLines },
    });
    const prefix = `${labels.filePrefix}-${period.kind === "week" ? "W" : "D"}`;
    const body =
      format === "csv" ? tableCsvStream(columns, rows, tz) : tableXlsxStream(columns, rows, { timeZone: tz, sheetName: `${period.start}` });
    return new Response(body, {
      headers: {
        "content-type": STATEMENT_CONTENT_TYPES[format],
        "content-disposition": contentDisposition(statementFilename(prefix, period.start, suffix, format)),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (e) {
    unstable_rethrow(e);
    return consoleFailure(req, e);
  }
}

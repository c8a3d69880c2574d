import { unstable_rethrow } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { searchParamsObject } from "@/lib/api/handler";
import { findCampaignForStats, getComparison, getDashboard } from "@/lib/analytics/dashboard";
import { SORT_DIRECTIONS } from "@/components/data-table/params";
import { EXPORT_TABLES, LEADERBOARD_SORTS, parseCompareParams, parseDashboardParams, type ExportTable } from "@/lib/analytics/schemas";
import { compareTable, dashboardTable, sortLeaderboard } from "@/lib/analytics/tables";
import { requireContext } from "@/lib/auth/session";
import { contentDisposition, tableCsvStream, textRows } from "@/lib/export/table";
import { AppError } from "@/lib/errors";
import { dateInZone } from "@/lib/time";
import { consoleFailure } from "@/lib/http/console-failure";

// GET /analytics/export?table=…&<the page's own query>: one dashboard table (or the comparison) as CSV,
// the rows the page shows for the same URL. A UTF-8 BOM first, so Excel reads the Chinese right.
export async function GET(req: Request): Promise<Response> {
  try {
    const ctx = await requireContext("analytics:read");
    const params = searchParamsObject(new URL(req.url));
    const table = EXPORT_TABLES.find((x) => x === params.table);
    if (!table) throw new AppError("invalid_input", `table must be one of ${EXPORT_TABLES.join(", ")}.`);
    const timeZone = ctx.org.timeZone;
    const today = dateInZone(new Date(), timeZone);
    const [t, tPlatform] = await Promise.all([getTranslations("analytics"), getTranslations("platform")]);

    let cells: string[][];
    let range: { from: string; to: string };
    if (table === "compare") {
      const p = parseCompareParams(params, today);
      range = p.range;
      cells = compareTable(await getComparison(ctx.orgId, { timeZone, range: p.range, kind: p.kind, ids: p.ids }), t, p.kind);
    } else {
      const p = parseDashboardParams(params, today);
      if (p.campaignId && !(await findCampaignForStats(ctx.orgId, p.campaignId))) throw new AppError("not_found", "No such campaign.");
      range = p.range;
      const d = await getDashboard(ctx.orgId, { timeZone, range: p.range, campaignId: p.campaignId });
      const sort = LEADERBOARD_SORTS.find((s) => s === params.sort) ?? "redemptions";
      const dir = SORT_DIRECTIONS.find((s) => s === params.dir) ?? "desc";
      cells = dashboardTable(table, d, t, { platform: (x) => tPlatform(x), leaderboard: sortLeaderboard(d.leaderboard, sort, dir) });
    }
    return csvResponse(cells, filename(table, range));
  } catch (e) {
    unstable_rethrow(e);
    return consoleFailure(req, e);
  }
}

function filename(table: ExportTable, range: { from: string; to: string }) {
  return `analytics-${table}-${range.from.replaceAll("-", "")}-${range.to.replaceAll("-", "")}.csv`;
}

/** The cells (header row first) through the one table writer: quoting, formula neutralising, a BOM. */
function csvResponse(cells: string[][], name: string): Response {
  const [header = [], ...rows] = cells;
  const columns = header.map((h) => ({ header: h, kind: "text" as const }));
  return new Response(tableCsvStream(columns, textRows(rows), "UTC"), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": contentDisposition(name),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

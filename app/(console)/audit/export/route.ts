import { cookies, headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { createTranslator } from "next-intl";
import { db } from "@/db";
import { auditActor } from "@/lib/auth/actor";
import { requireContext } from "@/lib/auth/session";
import { writeAudit } from "@/lib/audit/log";
import { iterateAuditRows } from "@/lib/audit/queries";
import { auditListParams } from "@/lib/audit/schemas";
import { contentDisposition } from "@/lib/codes/export";
import { clientIp } from "@/lib/http/client-ip";
import { parseListParams } from "@/components/data-table/params";
import { LOCALE_COOKIE, localeOf } from "@/i18n/config";
import { loadMessages } from "@/i18n/messages";
import { localTime, STATEMENT_CONTENT_TYPES, tableCsvStream, type Cell, type ExportColumn } from "@/lib/reconciliation/export";
import { consoleFailure } from "@/lib/http/console-failure";

// The audit log's filtered rows as CSV (the same filters as /audit), newest first, streamed in batches.
// Exporting the log is itself audited.
export async function GET(req: Request): Promise<Response> {
  try {
    const ctx = await requireContext("audit:read");
    const url = new URL(req.url);
    const filters = parseListParams(auditListParams, url.searchParams);
    const locale = localeOf((await cookies()).get(LOCALE_COOKIE)?.value);
    const translate = createTranslator({ locale, messages: await loadMessages(locale) }) as unknown as {
      (key: string, values?: Record<string, string>): string;
      has: (key: string) => boolean;
    };
    const t = (key: string, values?: Record<string, string>) => translate(`audit.${key}`, values);
    const label = (key: string, fallback: string) => (translate.has(`audit.${key}`) ? t(key) : fallback);
    const tz = ctx.org.timeZone;

    const columns: ExportColumn[] = [
      { header: t("csv.time"), kind: "text" },
      { header: t("csv.actorType"), kind: "text" },
      { header: t("csv.actor"), kind: "text" },
      { header: t("csv.action"), kind: "text" },
      { header: t("csv.actionCode"), kind: "text" },
      { header: t("csv.entityType"), kind: "text" },
      { header: t("csv.entityId"), kind: "text" },
      { header: t("csv.ip"), kind: "text" },
      { header: t("csv.requestId"), kind: "text" },
      { header: t("csv.before"), kind: "text" },
      { header: t("csv.after"), kind: "text" },
    ];
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    async function* lines(): AsyncGenerator<Cell[][]> {
      for await (const batch of iterateAuditRows(ctx.orgId, filters, tz)) {
        yield batch.map((r) => [
          localTime(r.createdAt, tz),
          t(`csv.types.${r.actor.kind}`),
          r.actor.kind === "system" ? t("system") : r.actor.email ? `${r.actor.name} <${r.actor.email}>` : r.actor.name,
          label(`actions.${r.action}`, r.action),
          r.action,
          label(`entity.${r.entityType}`, r.entityType),
          r.entityId,
          r.ip,
          r.requestId,
          json(r.before),
          json(r.after),
        ]);
      }
    }

    const h = await headers();
    await writeAudit(db, {
      ...auditActor({ orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") }),
      action: "audit.exported",
      entityType: "audit_log",
      entityId: null,
      after: Object.fromEntries(Object.entries({ actor: filters.actor, action: filters.action, entity: filters.entity, entityId: filters.entityId, from: filters.from, to: filters.to }).filter(([, v]) => v !== undefined)),
    });
    const day = localTime(new Date(), tz).slice(0, 10).replaceAll("-", "");
    return new Response(tableCsvStream(columns, lines(), tz), {
      headers: {
        "content-type": STATEMENT_CONTENT_TYPES.csv,
        "content-disposition": contentDisposition(`audit-${day}.csv`),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (e) {
    unstable_rethrow(e);
    return consoleFailure(req, e);
  }
}

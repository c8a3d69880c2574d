import "server-only";
import { sql } from "drizzle-orm";
import { db, rows } from "@/db";
import { env } from "@/lib/env";
import { formatDate } from "@/lib/format";
import { smsProvider } from "@/lib/sms";
import { dateTimeFormat } from "@/lib/time";
import { audienceSettings, textBody, textDecision, unsubscribeToken, type TextKind } from "./rules";

// The marketing-text dispatcher: sends the queued texts that are due (a send's codes, claim
// confirmations, expiry reminders, follow-up coupons) through the SMS provider, outside quiet hours,
// never to an opted-out or erased consumer, never about a used or expired code.
//
// A text is taken by moving its `not_before` a few minutes ahead (so no other worker takes it), then
// sent outside any transaction (PGlite has one connection, and the dev provider writes with it), then
// stamped sent. A process that dies between sending and stamping sends it again later: at least once.

const CLAIM_MINUTES = 2;
const MAX_ATTEMPTS = 5;

type Due = {
  id: number;
  org_id: string;
  consumer_id: string;
  claim_id: string | null;
  kind: TextKind;
  days: number | null;
  attempts: number;
  phone: string;
  opted_out: boolean;
  erased: boolean;
  brand: string;
  time_zone: string;
  settings: Record<string, unknown> | null;
  campaign: string | null;
  slug: string | null;
  mode: "unique" | "shared" | null;
  code_status: string | null;
  expires_at: Date | string | null;
};

export type DispatchSummary = { sent: number; skipped: number; postponed: number; failed: number };

/** The public origin for links in texts: APP_URL (set it in production; texts are sent in the background, with no request to ask). */
function baseUrl(): string {
  return (env().APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
}

/** Sends what is due now, up to `limit` texts; returns what became of them. */
export async function dispatchTexts(opts: { now?: Date; limit?: number; orgId?: string } = {}): Promise<DispatchSummary> {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const due = await rows<Due>(
    db,
    sql`with taken as (
          update sms_queue q set not_before = ${at}::timestamptz + make_interval(mins => ${CLAIM_MINUTES}), attempts = q.attempts + 1
          where q.id in (select id from sms_queue
                         where sent_at is null and skipped_reason is null and not_before <= ${at}::timestamptz
                           and (${opts.orgId ?? null}::uuid is null or org_id = ${opts.orgId ?? null}::uuid)
                         order by not_before limit ${opts.limit ?? 200} for update skip locked)
          returning q.*)
        select t.id, t.org_id, t.consumer_id, t.claim_id, t.kind, t.days, t.attempts,
               k.phone, k.opted_out_at is not null as opted_out, k.erased_at is not null as erased,
               o.name as brand, o.time_zone, o.settings,
               c.name as campaign, g.slug, g.mode, co.status as code_status, coalesce(cl.expires_at, co.expires_at) as expires_at
        from taken t
        join consumers k on k.id = t.consumer_id
        join organizations o on o.id = t.org_id
        left join claims cl on cl.id = t.claim_id
        left join campaigns c on c.id = cl.campaign_id
        left join code_groups g on g.id = cl.group_id
        left join codes co on co.id = cl.code_id`,
  );
  const summary: DispatchSummary = { sent: 0, skipped: 0, postponed: 0, failed: 0 };
  const secret = process.env.AUTH_SECRET ?? "";
  for (const t of due) {
    const expiresAt = t.expires_at ? new Date(t.expires_at) : null;
    const localTime = dateTimeFormat("en-GB", { timeZone: t.time_zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(now);
    const decision = textDecision({
      erased: t.erased,
      optedOut: t.opted_out,
      codeStatus: t.code_status,
      mode: t.mode,
      expiresAt,
      now,
      localTime,
      quietHours: audienceSettings(t.settings).quietHours,
    });
    if (decision.action === "skip") {
      await db.execute(sql`update sms_queue set skipped_reason = ${decision.reason} where id = ${t.id}`);
      summary.skipped++;
      continue;
    }
    if (decision.action === "postpone") {
      await db.execute(sql`update sms_queue set not_before = ${at}::timestamptz + make_interval(mins => ${decision.minutes}), attempts = attempts - 1 where id = ${t.id}`);
      summary.postponed++;
      continue;
    }
    const base = baseUrl();
    const body = textBody({
      kind: t.kind,
      brand: t.brand,
      campaign: t.campaign ?? "",
      link: t.slug && t.claim_id ? `${base}/c/${t.slug}/code/${t.claim_id}` : base,
      unsubscribe: `${base}/u/${unsubscribeToken(secret, t.consumer_id)}`,
      expires: expiresAt ? formatDate(expiresAt, t.time_zone) : null,
      days: t.days,
    });
    try {
      await smsProvider().send(t.org_id, t.phone, body);
      await db.execute(sql`update sms_queue set sent_at = ${at}::timestamptz, last_error = null where id = ${t.id}`);
      summary.sent++;
    } catch (e) {
      const message = (e instanceof Error ? e.message : String(e)).slice(0, 300);
      const giveUp = t.attempts >= MAX_ATTEMPTS;
      await db.execute(
        sql`update sms_queue set last_error = ${message},
              skipped_reason = ${giveUp ? "failed" : null},
              not_before = ${at}::timestamptz + make_interval(mins => ${5 * t.attempts})
            where id = ${t.id}`,
      );
      summary.failed++;
    }
  }
  return summary;
}

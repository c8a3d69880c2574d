import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageContext } from "@/lib/auth/session";
import { maskPhone } from "@/lib/claims/phone";
import { env } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { listSmsMessages } from "@/lib/sms/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("smsOutbox");
  return { title: t("title") };
}

// The development SMS provider's outbox: what consumers "received", so the owner can read a code out
// to them (or a demo can go on). Phones are partly masked; bodies are shown whole, codes included.
export default async function SmsOutboxPage() {
  const ctx = await requirePageContext("settings:manage");
  const [t, messages] = await Promise.all([getTranslations("smsOutbox"), listSmsMessages(ctx.orgId, 100)]);
  const tz = ctx.org.timeZone;
  const provider = env().SMS_PROVIDER;

  return (
    <Card>
      <CardHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {t("title")}
            {provider === "dev" ? <Badge tone="amber">{t("devBadge")}</Badge> : null}
          </span>
        }
        description={t("description", { provider })}
      />
      {messages.length === 0 ? (
        <EmptyState title={t("empty.title")} description={<p>{t("empty.description")}</p>} />
      ) : (
        // A list rather than a table: the message is what matters, and it stays readable on a phone.
        <ul className="divide-y divide-zinc-100" data-testid="sms-list">
          {messages.map((m) => (
            <li key={m.id} className="px-5 py-3" data-testid="sms-row" data-phone={maskPhone(m.phone)}>
              <div className="flex flex-wrap items-baseline justify-between gap-x-4 text-xs text-zinc-500">
                <span className="font-mono">{maskPhone(m.phone)}</span>
                <time dateTime={m.createdAt.toISOString()} className="tabular-nums">
                  {formatDateTime(m.createdAt, tz)}
                </time>
              </div>
              <p className="mt-1 text-sm break-words text-zinc-900" data-testid="sms-body">
                {m.body}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

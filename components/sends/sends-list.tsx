"use client";

import { useActionState, useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import type { Send } from "@/lib/sends/sends";
import { controlSendAction, reviewSendAction } from "@/lib/segments/actions";
import { formatCount, formatDateTime } from "@/lib/format";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useMessage } from "@/components/forms/use-message";

type Row = { send: Send; groupName: string; campaignName: string };

const TONES: Record<string, BadgeTone> = { pending_approval: "amber", rejected: "red", queued: "blue", running: "blue", done: "green", failed: "red", cancelled: "neutral" };

/** Follows a running send through its job (GET /api/v1/jobs/{id}) and refreshes the page when it ends. */
function useLiveSend(initial: Send) {
  const [send, setSend] = useState(initial);
  const router = useRouter();
  const live = send.status === "queued" || send.status === "running";
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/v1/jobs/${send.id}`, { cache: "no-store" }).catch(() => null);
      if (!res?.ok) return;
      const job = (await res.json()) as { status: Send["status"]; done: number; issued: number; texts: number; errors: Record<string, number> };
      setSend((s) => ({ ...s, status: job.status, done: job.done, issued: job.issued, texts: job.texts, skipped: job.errors }));
      if (job.status !== "queued" && job.status !== "running") router.refresh();
    }, 1000);
    return () => clearInterval(timer);
  }, [live, send.id, router]);
  return send;
}

function Control({ sendId, kind }: { sendId: string; kind: "cancel" | "resume" | "approve" | "reject" }) {
  const t = useTranslations("sends");
  const message = useMessage();
  const review = kind === "approve" || kind === "reject";
  const [state, action, pending] = useActionState<ActionState, FormData>(review ? reviewSendAction : controlSendAction, {});
  return (
    <form action={action} className="inline-flex flex-col items-end">
      <input type="hidden" name="sendId" value={sendId} />
      <input type="hidden" name={review ? "decision" : "do"} value={kind} />
      <Button type="submit" size="sm" variant={kind === "approve" || kind === "resume" ? "primary" : "secondary"} disabled={pending} data-testid={`send-${kind}`}>
        {t(`actions.${kind}`)}
      </Button>
      {state.message && !state.ok ? <span className="mt-1 text-xs text-red-600">{message(state.message)}</span> : null}
    </form>
  );
}

function SendRow({ row, timeZone, canControl, canApprove, userId }: { row: Row; timeZone: string; canControl: boolean; canApprove: boolean; userId: string }) {
  const t = useTranslations("sends");
  const send = useLiveSend(row.send);
  const percent = send.total > 0 ? Math.min(100, Math.floor((send.done / send.total) * 100)) : send.status === "done" ? 100 : 0;
  const skipped = Object.entries(send.skipped ?? {});
  return (
    <li className="space-y-2 px-5 py-4" data-testid="send-row" data-status={send.status}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-medium break-words text-zinc-900">
            {send.segmentName} → {row.campaignName} · {row.groupName}
          </p>
          <p className="text-xs text-zinc-500">
            {formatDateTime(send.createdAt, timeZone)} · {send.sms ? t("withSms") : t("withoutSms")}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <Badge tone={TONES[send.status] ?? "neutral"}>{t(`status.${send.status}`)}</Badge>
          {canApprove && send.status === "pending_approval" && send.createdBy !== userId ? (
            <>
              <Control sendId={send.id} kind="approve" />
              <Control sendId={send.id} kind="reject" />
            </>
          ) : null}
          {canControl && (send.status === "queued" || send.status === "running" || send.status === "pending_approval") ? <Control sendId={send.id} kind="cancel" /> : null}
          {canControl && send.status === "failed" ? <Control sendId={send.id} kind="resume" /> : null}
        </div>
      </div>
      <div role="progressbar" aria-valuemin={0} aria-valuemax={send.total} aria-valuenow={send.done} aria-label={t("progress")} className="h-2 overflow-hidden rounded-full bg-zinc-100">
        <div className={`h-full rounded-full ${send.status === "failed" ? "bg-red-400" : send.status === "done" ? "bg-emerald-500" : "bg-rose-500"}`} style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-zinc-600 tabular-nums" data-testid="send-counts-line">
        {t("counts", { done: formatCount(send.done), total: formatCount(send.total), issued: formatCount(send.issued), texts: formatCount(send.texts) })}
        {skipped.length ? ` · ${skipped.map(([k, n]) => `${t.has(`skipped.${k}`) ? t(`skipped.${k}`) : k} ${formatCount(n)}`).join("，")}` : ""}
      </p>
      {send.status === "failed" && send.error ? <p className="text-sm text-red-700">{t.has(`errors.${send.error}`) ? t(`errors.${send.error}`) : send.error}</p> : null}
    </li>
  );
}

export function SendsList({ rows, timeZone, canControl, canApprove, userId }: { rows: Row[]; timeZone: string; canControl: boolean; canApprove: boolean; userId: string }) {
  const t = useTranslations("sends");
  if (rows.length === 0) return <p className="px-5 py-6 text-sm text-zinc-500">{t("none")}</p>;
  return (
    <ul className="divide-y divide-zinc-100" data-testid="sends-list">
      {rows.map((r) => (
        <SendRow key={r.send.id} row={r} timeZone={timeZone} canControl={canControl} canApprove={canApprove} userId={userId} />
      ))}
    </ul>
  );
}

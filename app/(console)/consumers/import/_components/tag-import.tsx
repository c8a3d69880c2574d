"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { formatCount } from "@/lib/format";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

type Line =
  | { phase: "reading"; rows: number; bytes: number }
  | { phase: "merging"; rows: number }
  | { phase: "done"; ok: true; rows: number; consumers: number; created: number }
  | { phase: "done"; ok: false; rows: number; badCount: number; bad: { line: number; message: string; value: string }[] }
  | { phase: "failed"; code: string; detail: string };

/** Uploads the file to the import route as a stream and follows its progress lines until the result. */
export function TagImport() {
  const t = useTranslations("consumers.import");
  const tAll = useTranslations();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ rows: number; percent: number; merging: boolean } | null>(null);
  const [result, setResult] = useState<Extract<Line, { phase: "done" }> | { phase: "failed"; detail: string } | null>(null);

  async function run() {
    if (!file) return;
    setBusy(true);
    setResult(null);
    setProgress({ rows: 0, percent: 0, merging: false });
    try {
      const res = await fetch("/api/v1/consumers/tags/import", { method: "POST", body: file, headers: { "content-type": "text/csv", accept: "application/x-ndjson" } });
      if (!res.ok || !res.body) {
        const problem = (await res.json().catch(() => null)) as { detail?: string } | null;
        setResult({ phase: "failed", detail: problem?.detail ?? t("failed") });
        return;
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const raw of lines) {
          if (!raw.trim()) continue;
          const line = JSON.parse(raw) as Line;
          if (line.phase === "reading") setProgress({ rows: line.rows, percent: Math.min(99, Math.floor((line.bytes / Math.max(1, file.size)) * 100)), merging: false });
          else if (line.phase === "merging") setProgress({ rows: line.rows, percent: 99, merging: true });
          else setResult(line.phase === "failed" ? { phase: "failed", detail: line.detail } : line);
        }
      }
    } catch {
      setResult({ phase: "failed", detail: t("failed") });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-5" data-testid="tag-import">
      <p className="text-sm text-zinc-600">{t("format")}</p>
      <pre className="w-fit rounded-lg bg-zinc-50 px-3 py-2 font-mono text-xs text-zinc-700">{"phone,tag\n13800138000,VIP\n13800138000,会员\n+85261234567,学生"}</pre>
      <div className="flex flex-wrap items-center gap-3">
        <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => setFile(e.target.files?.[0] ?? null)} className="text-sm" data-testid="tag-import-file" disabled={busy} />
        <Button onClick={run} disabled={!file || busy} data-testid="tag-import-submit">
          {busy ? t("importing") : t("submit")}
        </Button>
      </div>
      {progress && (busy || !result) ? (
        <div className="space-y-1" data-testid="tag-import-progress">
          <div role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress.percent} aria-label={t("progressLabel")} className="h-2 overflow-hidden rounded-full bg-zinc-100">
            <div className="h-full rounded-full bg-rose-500 transition-[width]" style={{ width: `${progress.percent}%` }} />
          </div>
          <p className="text-xs text-zinc-600 tabular-nums">{progress.merging ? t("merging", { rows: formatCount(progress.rows) }) : t("reading", { rows: formatCount(progress.rows) })}</p>
        </div>
      ) : null}
      {result?.phase === "failed" ? <Alert tone="error">{result.detail}</Alert> : null}
      {result?.phase === "done" && result.ok ? (
        <Alert tone="success" testId="tag-import-done">
          {t("done", { rows: formatCount(result.rows), consumers: formatCount(result.consumers), created: formatCount(result.created) })}
        </Alert>
      ) : null}
      {result?.phase === "done" && !result.ok ? (
        <div className="space-y-3" data-testid="tag-import-refused">
          <Alert tone="error">{t("refused", { bad: formatCount(result.badCount), rows: formatCount(result.rows) })}</Alert>
          <Table className="min-w-[28rem]">
            <THead>
              <tr>
                <TH>{t("line")}</TH>
                <TH>{t("value")}</TH>
                <TH>{t("problem")}</TH>
              </tr>
            </THead>
            <TBody>
              {result.bad.map((b) => (
                <TR key={b.line} data-testid="tag-import-bad-row">
                  <TD className="tabular-nums">{b.line}</TD>
                  <TD className="font-mono text-xs break-all">{b.value || "—"}</TD>
                  <TD>{tAll.has(b.message) ? tAll(b.message) : b.message}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </div>
      ) : null}
    </div>
  );
}

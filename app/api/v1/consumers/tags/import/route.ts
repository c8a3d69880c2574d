import { apiRoute, json } from "@/lib/api/handler";
import { importTags, type ImportProgress } from "@/lib/consumers/import";
import { AppError } from "@/lib/errors";
import { logError } from "@/lib/log";

async function* bodyOf(req: Request): AsyncIterable<Uint8Array> {
  if (!req.body) return;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw new AppError("invalid_input", "The request body was cut off before it ended.");
    });
    if (done) return;
    yield value;
  }
}

/**
 * A CSV of `phone,tag` rows (text/csv body, streamed; up to 128 MB): all rows or none. With
 * `Accept: application/x-ndjson` the answer streams progress lines while it works, then the result.
 */
export const POST = apiRoute({ permission: "consumer:write" }, async ({ actor, req }) => {
  const type = req.headers.get("content-type") ?? "";
  if (!/^text\/(csv|plain)\b/i.test(type)) throw new AppError("invalid_input", "Send the rows as CSV with `Content-Type: text/csv`.");
  if (/application\/x-ndjson/i.test(req.headers.get("accept") ?? "")) {
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const line = (v: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(v)}\n`));
        try {
          const result = await importTags(actor, bodyOf(req), (p: ImportProgress) => line(p));
          line({ phase: "done", ...result });
        } catch (e) {
          line({ phase: "failed", code: e instanceof AppError ? e.code : "internal", detail: e instanceof AppError ? e.message : "The import failed; nothing was imported." });
          if (!(e instanceof AppError)) logError("[consumers] tag import failed", e);
        }
        controller.close();
      },
    });
    return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
  }
  const result = await importTags(actor, bodyOf(req));
  if (!result.ok) {
    throw new AppError("invalid_input", `${result.badCount} of ${result.rows} rows are not valid; nothing was imported.`, {
      errors: result.bad.map((b) => ({ path: `line ${b.line}`, message: b.message })),
    });
  }
  return json(result);
});

import { toProblem } from "@/lib/api/problem";
import { isAppError } from "@/lib/errors";

/**
 * How a console route handler (an export, a QR, a job's progress) fails: a person who opened the link
 * in a browser (Accept: text/html) gets the console's own page in their language — the sign-in page
 * when signed out, "no access" or "not found" otherwise; a script gets problem details as before.
 */
export function consoleFailure(req: Request, e: unknown): Response {
  const wantsPage = (req.headers.get("accept") ?? "").includes("text/html");
  if (!wantsPage || !isAppError(e)) return toProblem(e);
  const url = new URL(req.url);
  const location =
    e.code === "unauthorized"
      ? `/login?${new URLSearchParams({ next: url.pathname + url.search })}`
      : `/denied?kind=${e.code === "not_found" ? "not_found" : e.code === "forbidden" ? "forbidden" : "error"}`;
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

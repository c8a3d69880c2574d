import { timingSafeEqual } from "node:crypto";
import { problem } from "@/lib/api/problem";
import { env } from "@/lib/env";
import { registerDatabaseGauges } from "@/lib/ops/collect";
import { metrics } from "@/lib/ops/metrics";

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

// Prometheus metrics in the text format, for a scraper holding METRICS_TOKEN (`Authorization: Bearer …`).
// Off (404) until METRICS_TOKEN is set: the figures say how busy the business is.
export async function GET(req: Request) {
  const token = env().METRICS_TOKEN;
  if (!token) return problem(404, "not_found", "Metrics are off: set METRICS_TOKEN (16+ characters) and scrape with Authorization: Bearer <token>.");
  const given = /^Bearer (.+)$/.exec(req.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!tokenMatches(given, token)) return problem(401, "unauthorized", "Send Authorization: Bearer <METRICS_TOKEN>.");
  registerDatabaseGauges();
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}

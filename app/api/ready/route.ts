import { readiness } from "@/lib/ops/readiness";

// Readiness for load balancers and orchestrators: 200 when this instance should get traffic (database
// up, migrations current, Redis up when configured, not shutting down), 503 with what is wrong otherwise.
// /api/health stays the liveness probe (the process answers and reaches the database).
export async function GET() {
  const r = await readiness();
  return Response.json(r, { status: r.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}

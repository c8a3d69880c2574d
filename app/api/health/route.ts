import { sql } from "drizzle-orm";
import { db } from "@/db";

// Liveness for load balancers: one `select 1`. Also the baseline the claim benchmark compares against.
export async function GET() {
  await db.execute(sql`select 1`);
  return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}

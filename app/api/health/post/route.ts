import { sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { apiRoute, json } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";

const body = z.object({ phone: z.string().max(32).optional() });

/**
 * The POST baseline of bench/ (BENCH_BASELINES=on only; 404 otherwise): a public JSON POST through
 * `apiRoute` (body read, zod) that does one `select 1`, so a benchmark can tell what the request
 * pipeline costs a POST from what the claim or redemption itself costs.
 */
export const POST = apiRoute({ public: true, body }, async () => {
  if (process.env.BENCH_BASELINES !== "on") throw new AppError("not_found", "No such resource.");
  await db.execute(sql`select 1`);
  return json({ ok: true }, { status: 201 });
});

import { eq } from "drizzle-orm";
import { db } from "@/db";
import { organizations } from "@/db/schema";
import { apiRoute } from "@/lib/api/handler";
import { statementQuerySchema, toStatementDto } from "@/lib/reconciliation/dto";
import { getStatement } from "@/lib/reconciliation/queries";
import { lastClosedPeriod, periodOf } from "@/lib/reconciliation/rules";

// A finance system reads a day's or a week's statement by store or by campaign: the console's figures.
export const GET = apiRoute({ permission: "reconciliation:read", query: statementQuerySchema }, async ({ actor, query }) => {
  const [org] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, actor.orgId));
  const now = new Date();
  const period = query.date ? periodOf(query.period, query.date) : lastClosedPeriod(query.period, org.timeZone, now);
  return toStatementDto(await getStatement(actor.orgId, { period, by: query.by, timeZone: org.timeZone, now }));
});

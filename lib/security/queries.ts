import "server-only";
import { desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { abuseEvents } from "@/db/schema";

/** Refused public requests of an organisation by source and kind, most recent first (owner's Security tab). */
export async function listAbuseEvents(orgId: string, limit = 200) {
  return db
    .select({ source: abuseEvents.source, kind: abuseEvents.kind, count: abuseEvents.count, firstAt: abuseEvents.firstAt, lastAt: abuseEvents.lastAt })
    .from(abuseEvents)
    .where(eq(abuseEvents.orgId, orgId))
    .orderBy(desc(abuseEvents.lastAt), desc(abuseEvents.count))
    .limit(limit);
}

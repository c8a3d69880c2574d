import "server-only";
import { isNotNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { organizations } from "@/db/schema";
import { eraseInactiveConsumers } from "@/lib/consumers/mutations";
import { env } from "@/lib/env";
import { startPeriodic } from "@/lib/periodic";
import { audienceSettings } from "./rules";
import { workSends } from "./sends";
import { dispatchTexts } from "./texts";

/**
 * The consumer-side jobs of this server process (instrumentation.ts), unless AUDIENCE_JOBS=off: targeted
 * sends (leased, so any number of instances share them), the marketing-text dispatcher (rows taken
 * with SKIP LOCKED), and the retention rule that erases long-inactive consumers where an owner set one.
 */
export function startAudienceJobs(): void {
  if (env().AUDIENCE_JOBS === "off") return;
  startPeriodic("sends", 2, "sends", async () => {
    await workSends({ budgetMs: 10_000 });
  }, { firstAfterMs: 3_000 });
  startPeriodic("texts", 5, "texts", async () => {
    await dispatchTexts();
  }, { firstAfterMs: 4_000 });
  startPeriodic("consumer-retention", 3600, "consumer retention", async () => {
    await runRetention();
  }, { firstAfterMs: 60_000 });
}

/** Erases consumers past each organisation's retention setting, a batch per organisation per run. */
export async function runRetention(now = new Date()): Promise<number> {
  const orgs = await db
    .select({ id: organizations.id, settings: organizations.settings })
    .from(organizations)
    .where(isNotNull(sql`${organizations.settings}->'consumerRetentionMonths'`));
  let erased = 0;
  for (const o of orgs) {
    const months = audienceSettings(o.settings).consumerRetentionMonths;
    if (months) erased += await eraseInactiveConsumers(o.id, months, 200, now);
  }
  return erased;
}

import "server-only";
import { desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { smsMessages } from "@/db/schema";

/** The organisation's latest text messages written by the development provider, newest first. */
export async function listSmsMessages(orgId: string, limit = 100) {
  return db
    .select({ id: smsMessages.id, phone: smsMessages.phone, body: smsMessages.body, provider: smsMessages.provider, createdAt: smsMessages.createdAt })
    .from(smsMessages)
    .where(eq(smsMessages.orgId, orgId))
    .orderBy(desc(smsMessages.createdAt), desc(smsMessages.id))
    .limit(limit);
}

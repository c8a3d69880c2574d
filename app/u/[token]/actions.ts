"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { consumers } from "@/db/schema";
import { optOutConsumer } from "@/lib/consumers/mutations";
import { clientIp } from "@/lib/http/client-ip";
import { readUnsubscribeToken } from "@/lib/sends/rules";
import { consume, limiter } from "@/lib/security/rate-limit";

// The unsubscribe link of a text, confirmed by a button (so a link preview alone never unsubscribes).
export async function unsubscribeAction(token: unknown): Promise<void> {
  const id = typeof token === "string" ? readUnsubscribeToken(process.env.AUTH_SECRET ?? "", token) : null;
  if (!id) redirect("/u/invalid");
  await consume(limiter("unsubscribe-ip", 30, 60), clientIp(await headers())).catch(() => redirect(`/u/${token}?busy=1`));
  const [k] = await db.select({ orgId: consumers.orgId }).from(consumers).where(eq(consumers.id, id));
  if (k) await optOutConsumer(k.orgId, id, "link");
  redirect(`/u/${token}?done=1`);
}

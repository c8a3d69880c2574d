import "server-only";
import { db } from "@/db";
import { smsMessages } from "@/db/schema";
import type { SmsProvider } from "./provider";

/**
 * Development provider: nothing leaves the server. Each message is written to `sms_messages`, and the
 * owner reads it under Settings → SMS outbox (so a demo or a test can complete phone verification).
 */
export const devSmsProvider: SmsProvider = {
  name: "dev",
  async send(orgId, phone, body) {
    await db.insert(smsMessages).values({ orgId, phone, body, provider: "dev" });
  },
};

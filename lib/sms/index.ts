import "server-only";
import { env, type Env } from "@/lib/env";
import { devSmsProvider } from "./dev";
import type { SmsProvider } from "./provider";

export type { SmsProvider, SmsTemplate } from "./provider";

// Every provider the app knows, by the value of SMS_PROVIDER (whose zod enum in lib/env.ts lists the
// same names, so a typo stops the app at start-up instead of at the first text message).
const PROVIDERS: Record<Env["SMS_PROVIDER"], () => SmsProvider> = {
  dev: () => devSmsProvider,
};

/** The provider selected by SMS_PROVIDER. */
export function smsProvider(): SmsProvider {
  return PROVIDERS[env().SMS_PROVIDER]();
}

/**
 * What the app asks of an SMS gateway. One implementation per vendor, chosen by SMS_PROVIDER
 * (lib/sms/index.ts); docs/sms.md explains how to add one.
 */
export interface SmsProvider {
  /** Stable name, stored with each message the provider handled ("dev", "aliyun", …). */
  readonly name: string;
  /**
   * Sends one text message to `phone` (E.164) on behalf of organisation `orgId`. Resolves once the
   * gateway accepted it; rejects (any error) when it did not, so the caller can tell the consumer.
   * `body` is the full text in the consumer's language; `template` carries the same message as a
   * template id and parameters, for gateways that only send pre-approved templates (most mainland
   * China vendors do).
   */
  send(orgId: string, phone: string, body: string, template?: SmsTemplate): Promise<void>;
}

/** The messages the app sends, as template parameters. */
export type SmsTemplate = { id: "otp"; params: { code: string; minutes: number; brand: string } };

import { env } from "@/lib/env";

/** Header set by instrumentation.ts from the socket address; any client-sent value is dropped there. */
export const SOCKET_IP_HEADER = "x-coupon-socket-ip";

/**
 * The client's IP. Behind a trusted proxy (TRUST_PROXY=1) the first X-Forwarded-For entry;
 * otherwise the TCP peer, because a client can send any X-Forwarded-For it likes.
 */
export function clientIp(headers: Headers): string {
  if (env().TRUST_PROXY) {
    const first = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (first) return first;
  }
  return headers.get(SOCKET_IP_HEADER) ?? "unknown";
}

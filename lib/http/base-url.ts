import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/**
 * The public origin for claim links and QR codes: APP_URL when set, otherwise the origin the request
 * came to (behind a trusted proxy, its forwarded host and protocol).
 */
export async function publicBaseUrl(): Promise<string> {
  const configured = env().APP_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  const trustProxy = env().TRUST_PROXY;
  const host = (trustProxy && h.get("x-forwarded-host")?.split(",")[0]?.trim()) || h.get("host") || "localhost:3000";
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
  const proto =
    (trustProxy && h.get("x-forwarded-proto")?.split(",")[0]?.trim()) ||
    (process.env.NODE_ENV === "production" && !local ? "https" : "http");
  return `${proto}://${host}`;
}

/** The public origin for links in an API answer: APP_URL when set, else the origin the request came to. */
export function publicOrigin(req: Request): string {
  return (env().APP_URL ?? new URL(req.url).origin).replace(/\/+$/, "");
}

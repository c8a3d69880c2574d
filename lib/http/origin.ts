import { env } from "@/lib/env";

// Same-origin checks for cookie-authenticated writes (API routes and server actions): browsers send
// Origin with every POST/PUT/PATCH/DELETE, and another site cannot forge it.

/** The hosts this site answers as: the Host header, the request URL's, a trusted proxy's, APP_URL's. */
export function allowedHosts(req: Request): Set<string> {
  const hosts = new Set<string>();
  const add = (h: string | null | undefined) => h && hosts.add(h.trim().toLowerCase());
  add(req.headers.get("host"));
  add(hostOf(req.url));
  if (env().TRUST_PROXY) add(req.headers.get("x-forwarded-host")?.split(",")[0]);
  const appUrl = env().APP_URL;
  if (appUrl) add(hostOf(appUrl));
  return hosts;
}

export function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** Whether the request's Origin is this site (a missing or "null" Origin is not). */
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  const host = origin && origin !== "null" ? hostOf(origin) : null;
  return Boolean(host && allowedHosts(req).has(host));
}

/** Whether every segment of a raw (still percent-encoded) path decodes; `/c/%ff` does not. */
export function decodablePath(pathname: string): boolean {
  if (!pathname.includes("%")) return true;
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** Whether a body (as text) carries a NUL character, raw or escaped as its content type would write it. */
export function carriesNul(body: string, contentType: string | null): boolean {
  if (body.includes("\u0000")) return true;
  const type = contentType?.toLowerCase() ?? "";
  if (type.startsWith("application/x-www-form-urlencoded")) return /%00/.test(body);
  if (type.startsWith("text/plain") || type.includes("json")) return body.includes("\\u0000");
  return false;
}
